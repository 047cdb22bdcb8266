#pragma once

#include <QCoreApplication>
#include <QList>

#include <optional>

class LocalStore;
struct Ticket;

// Duplicates: a ticket merged into another is closed and points at it, and the other's thread
// shows both conversations. Nothing moves, so undoing a merge is exact: the duplicate gets its
// status back and its thread leaves the other's.
class MergeStore
{
    Q_DECLARE_TR_FUNCTIONS(MergeStore)

public:
    explicit MergeStore(LocalStore &store);

    // Why the duplicate cannot be merged into the target; empty when it can.
    QString problem(qint64 duplicateId, qint64 targetId) const;
    // The same for tickets already read (the dialog's candidates).
    static QString problem(const Ticket &duplicate, const Ticket &target);
    bool merge(qint64 duplicateId, qint64 targetId);
    bool undo(qint64 duplicateId);

    // The tickets merged straight into this one, oldest merge first.
    QList<qint64> mergedFrom(qint64 targetId) const;
    // Tickets whose thread is shown in this one: itself, what was merged into it, and so on.
    QList<qint64> thread(qint64 ticketId) const;
    // Where a message for this ticket belongs: the ticket it was merged into, followed to the
    // end of the chain (itself when it was not merged).
    qint64 carriedOnIn(qint64 ticketId) const;

private:
    LocalStore &m_store;
};
