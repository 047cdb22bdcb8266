#pragma once

#include "fieldcodes.h"

#include <QString>
#include <QVariantMap>

#include <optional>

// Which tickets a list shows and in what order. Each sort column has an index
// (see the schema), so every order is a keyset walk, never a sort of the table.
struct TicketFilter {
    enum class View { Mine, Unassigned, AllOpen, Pending, Solved, All };
    enum class SortColumn { Id, Subject, Customer, Channel, Category, Priority, Status, Assignee, Due, Updated };

    View view = View::AllOpen;
    std::optional<Channel> channel;
    std::optional<Category> category;
    std::optional<Priority> priority;
    std::optional<TicketStatus> status;
    qint64 currentAgentId = 0;
    SortColumn sortColumn = SortColumn::Updated;
    bool descending = true;
    QString searchText;           // full-text query; when set the list shows hits
    bool rankByRelevance = false; // hits by relevance (bm25) instead of newest activity first

    bool operator==(const TicketFilter &) const = default;

    static QString viewKey(View view);
    static std::optional<View> viewFromKey(QStringView key);
    static QString viewLabel(View view);
};
