#include "syncissueservice.h"

#include "localstore.h"
#include "syncissuestore.h"

SyncIssueService::SyncIssueService(LocalStore &store)
    : m_store(store)
{}

QList<SyncIssue> SyncIssueService::issues() const
{
    return SyncIssueStore(m_store).syncIssues();
}

bool SyncIssueService::dismiss(qint64 issueId)
{
    return SyncIssueStore(m_store).dismissSyncIssue(issueId);
}

QString SyncIssueService::errorString() const
{
    return m_store.errorString();
}
