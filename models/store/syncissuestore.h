#pragma once

#include "syncissue.h"

#include <QList>

class LocalStore;

// Team mode: the changes the server refused (written by the sync engine), until an agent
// dismisses them.
class SyncIssueStore
{
public:
    explicit SyncIssueStore(LocalStore &store);

    QList<SyncIssue> syncIssues() const;
    bool dismissSyncIssue(qint64 id);

private:
    LocalStore &m_store;
};
