#pragma once

#include "syncissue.h"

#include <QList>
#include <QString>

class LocalStore;

// What the server refused of this desk's changes (team mode), for the agent to read and
// dismiss once dealt with.
class SyncIssueService
{
public:
    explicit SyncIssueService(LocalStore &store);

    QList<SyncIssue> issues() const;
    bool dismiss(qint64 issueId);
    QString errorString() const;

private:
    LocalStore &m_store;
};
