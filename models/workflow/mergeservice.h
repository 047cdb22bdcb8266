#pragma once

#include <QList>
#include <QString>

class LocalStore;
struct Ticket;

// Duplicates as the window merges them: the duplicate closes and its thread shows in the ticket
// where the case goes on, until the merge is undone. A merge the tickets do not allow is
// refused, with the reason, before anything is written.
class MergeService
{
public:
    explicit MergeService(LocalStore &store);

    // Why the duplicate cannot be merged into the target; empty when it can.
    QString problem(qint64 duplicateId, qint64 targetId) const;
    // The same for tickets already read (a list of candidates).
    static QString problem(const Ticket &duplicate, const Ticket &target);
    bool merge(qint64 duplicateId, qint64 targetId);
    bool undo(qint64 duplicateId);
    // The tickets merged straight into this one, oldest merge first.
    QList<qint64> mergedFrom(qint64 targetId) const;

    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    QString m_error;
};
