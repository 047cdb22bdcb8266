#include "syncissueservice.h"

#include "localstore.h"

SyncIssueService::SyncIssueService(LocalStore &store)
    : m_store(store)
{}

QList<SyncIssue> SyncIssueService::issues() const
{
    return m_store.syncIssues();
}

bool SyncIssueService::dismiss(qint64 issueId)
{
    return m_store.dismissSyncIssue(issueId);
}

QString SyncIssueService::errorString() const
{
    return m_store.errorString();
}
