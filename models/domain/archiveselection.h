#pragma once

#include "fieldcodes.h"
#include "ticketfilter.h"

#include <optional>

// Which closed tickets to archive: closed at least so many days ago, optionally of one team
// and one category, and of a saved view: its assignee (mine, unassigned), quick filters and
// search text count; its status does not, as only closed tickets are archived.
struct ArchiveSelection {
    int closedDaysAgo = 120;
    qint64 teamId = 0; // 0: every team
    std::optional<Category> category;
    std::optional<TicketFilter> view;
};
