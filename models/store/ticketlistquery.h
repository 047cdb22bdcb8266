#pragma once

#include "ticketfilter.h"
#include "ticketrow.h"

#include <QList>
#include <QSet>

#include <optional>

class LocalStore;

// The queries behind the ticket list: keyset pages in any sort order, re-reading
// single rows after a change, and full-text hits. Each call is a few index lookups,
// so the list never waits on a scan of the whole table.
class TicketListQuery
{
public:
    explicit TicketListQuery(LocalStore &store);

    QList<TicketRow> page(const TicketFilter &filter, const TicketRow *after, int limit) const;
    // The given tickets as they are now, minus those the filter (without search) excludes.
    QList<TicketRow> rowsByIds(const TicketFilter &filter, const QList<qint64> &ids) const;

    struct SearchCursor {
        qint64 beforeDocId = std::numeric_limits<qint64>::max();
        int offset = 0; // relevance order
        QSet<qint64> seenTickets;
        bool numberLookedUp = false; // the ticket the text names by number comes first
        bool exhausted = false;
    };
    // Up to limit more hits for filter.searchText; advances the cursor.
    QList<TicketRow> searchPage(const TicketFilter &filter, SearchCursor &cursor, int limit) const;

    // A ticket number as agents type it: its external number ("T-000123", in any case), "#123",
    // or only the digits ("123": T-000123 where numbers are written so, else ticket 123).
    std::optional<qint64> ticketByNumber(const QString &text) const;

    // The list's order, the same the SQL uses.
    static bool lessThan(const TicketFilter &filter, const TicketRow &a, const TicketRow &b);

private:
    LocalStore &m_store;
};
