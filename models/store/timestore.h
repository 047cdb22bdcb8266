#pragma once

#include "timeentry.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

class LocalStore;

// Time spent per ticket. Automatic time arrives in short pieces (the tracker saves every
// minute, so a crash loses at most one); a piece that starts where the agent's last automatic
// entry on the ticket ended extends it instead of adding a row. Time spent elsewhere in
// between makes a new entry, so it is never counted twice.
class TimeStore
{
    Q_DECLARE_TR_FUNCTIONS(TimeStore)

public:
    // Clock jitter between a piece's end and the next one's start that still continues it.
    static constexpr qint64 continueWithinMs = 1000;
    static constexpr qint64 maxEntryMs = 24 * 3600 * 1000;

    explicit TimeStore(LocalStore &store);

    bool addAutomatic(qint64 ticketId, qint64 startedAtMs, qint64 durationMs);
    std::optional<qint64> addManual(qint64 ticketId, qint64 durationMs, const QString &note);
    bool update(qint64 entryId, qint64 durationMs, const QString &note);
    bool remove(qint64 entryId);

    QList<TimeEntry> entries(qint64 ticketId) const;
    qint64 totalMs(qint64 ticketId) const;
    static QString durationText(qint64 ms);

private:
    bool checkDuration(qint64 durationMs);
    // Inside a transaction: the row, and in team mode its time.add for the server.
    std::optional<qint64> insertEntry(qint64 ticketId, qint64 startedAtMs, qint64 durationMs, const QString &note,
                                      bool manual);
    bool enqueueChange(const QString &name, qint64 entryId);

    LocalStore &m_store;
};
