#pragma once

#include <QFlags>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>

// What one transaction does besides its rows, gathered while it runs: which rows of which
// subject it changed (announced by the store once it commits, never for one rolled back), and
// in team mode the history entries to share with the server and the outbox rows of the
// changes they go with. Writers in the store note changes here; only LocalStore announces.
class UnitOfWork
{
public:
    enum class Subject {
        CannedAnswers = 0x1,
        ClassificationRules = 0x2,
        SharedSettings = 0x4,
        SavedViews = 0x8,
        SyncIssues = 0x10,
    };
    Q_DECLARE_FLAGS(Subjects, Subject)

    void ticketChanged(qint64 ticketId);
    void ticketsChanged(const QList<qint64> &ticketIds);
    void messageAdded(qint64 ticketId, qint64 messageId);
    void outboxChanged() { m_outbox = true; }
    void subjectChanged(Subject subject) { m_subjects |= subject; }

    // In the order they were first noted.
    const QList<qint64> &changedTickets() const { return m_tickets; }
    const QList<qint64> &ticketsWithNewMessages() const { return m_messageTickets; }
    QList<qint64> addedMessages(qint64 ticketId) const { return m_messages.value(ticketId); }
    bool outboxTouched() const { return m_outbox; }
    Subjects changedSubjects() const { return m_subjects; }

    // Team mode: a ticket's history entry goes to the server with the change it records.
    void shareEvent(qint64 ticketId, const QJsonObject &event) { m_events[ticketId].append(event); }
    // The outbox row of a change about a ticket (and, for a merge, about its target).
    void mutationQueued(qint64 ticketId, qint64 outboxRow) { m_mutationRowOf.insert(ticketId, outboxRow); }
    void targetMutationQueued(qint64 ticketId, qint64 outboxRow) { m_targetMutationRowOf.insert(ticketId, outboxRow); }
    QHash<qint64, QJsonArray> takeEventsToShare() { return std::exchange(m_events, {}); }
    qint64 mutationRowOf(qint64 ticketId) const { return m_mutationRowOf.value(ticketId); }
    qint64 targetMutationRowOf(qint64 ticketId) const { return m_targetMutationRowOf.value(ticketId); }

private:
    QList<qint64> m_tickets;
    QSet<qint64> m_ticketSet;
    QList<qint64> m_messageTickets;
    QHash<qint64, QList<qint64>> m_messages;
    bool m_outbox = false;
    Subjects m_subjects;
    QHash<qint64, QJsonArray> m_events;
    QHash<qint64, qint64> m_mutationRowOf;
    QHash<qint64, qint64> m_targetMutationRowOf;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(UnitOfWork::Subjects)
