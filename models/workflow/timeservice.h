#pragma once

#include "timeentry.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The time spent on a ticket as the window shows and corrects it: the entries, their total,
// and the agent's own entries added, changed and removed by hand. A duration that makes no
// sense or a missing entry is refused before anything is written.
class TimeService
{
    Q_DECLARE_TR_FUNCTIONS(TimeService)

public:
    explicit TimeService(LocalStore &store);

    QList<TimeEntry> entries(qint64 ticketId) const; // oldest first
    qint64 totalMs(qint64 ticketId) const;
    // "25 min", "1 h 5 min".
    static QString durationText(qint64 ms);

    std::optional<qint64> add(qint64 ticketId, qint64 durationMs, const QString &note);
    bool update(qint64 entryId, qint64 durationMs, const QString &note);
    bool remove(qint64 entryId);

    QString errorString() const { return m_error; }

private:
    bool refuseDuration(qint64 durationMs);
    bool refuseNoEntry(qint64 entryId);
    bool done(bool ok);

    LocalStore &m_store;
    QString m_error;
};
