#pragma once

#include "ticketfilter.h"

#include <QString>

struct SavedView {
    qint64 id = 0;
    QString name;
    TicketFilter filter; // the view, quick filters and search text; no sort, no agent
};
