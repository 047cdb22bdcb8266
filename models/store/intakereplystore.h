#pragma once

#include "intakereply.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The agents' replies that go back to intake sources as webhooks, on a standalone desk: queued
// in the transaction that writes the reply, then taken by the gateway's sender.
class IntakeReplyStore
{
    Q_DECLARE_TR_FUNCTIONS(IntakeReplyStore)

public:
    explicit IntakeReplyStore(LocalStore &store);

    // Where a public reply on the ticket goes: the source of the ticket's newest request, when
    // that source has a reply URL; nullopt otherwise (the reply stays on the desk).
    std::optional<IntakeReply> targetOf(qint64 ticketId) const;
    // Inside the caller's transaction or in one of its own. The webhook-id is made here, once.
    bool queue(qint64 messageId, const IntakeReply &target);

    // The replies due, taken for leaseMs: no other sender (the window's and deskctl gateway's on
    // the same file) sees them due until the lease ends, so that none is posted twice at once;
    // one whose sender died is due again after it. nullopt when the store refused.
    std::optional<QList<IntakeReply>> claimDue(qint64 nowMs, qint64 leaseMs, int limit);
    std::optional<IntakeReply> reply(qint64 messageId) const;
    QHash<qint64, IntakeReply> ofTickets(const QList<qint64> &ticketIds) const;
    // The replies still waiting to be sent, those after afterMessageId and those of messageIds,
    // whatever their state: what a desk watches to show the tries another process (the
    // gateway) records.
    QList<IntakeReply> watched(const QList<qint64> &messageIds, qint64 afterMessageId) const;
    // The newest reply's message (0: none).
    qint64 lastMessageId() const;

    bool markSent(qint64 messageId, qint64 atMs);
    bool markRetry(qint64 messageId, qint64 nextAttemptAtMs, const QString &detail);
    bool markFailed(qint64 messageId, const QString &detail);

private:
    bool setDelivery(qint64 messageId, MailDelivery delivery, const QString &detail, qint64 nextAttemptAtMs,
                     qint64 sentAtMs);

    LocalStore &m_store;
};
