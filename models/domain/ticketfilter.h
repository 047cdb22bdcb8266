#pragma once

#include "fieldcodes.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

// Which tickets a list shows and in what order. Each sort column has an index
// (see the schema), so every order is a keyset walk, never a sort of the table.
struct TicketFilter {
    // Every view but Archived leaves archived tickets out (All keeps them in search hits).
    enum class View { Mine, Unassigned, AllOpen, Pending, Solved, All, DueSoon, Breached, Archived };
    // "Due soon": the running deadline falls within this much wall-clock time.
    static constexpr qint64 dueSoonMs = 2 * 3600 * 1000;
    enum class SortColumn { Id, Subject, Customer, Channel, Category, Priority, Status, Assignee, Due, Updated };

    View view = View::AllOpen;
    std::optional<Channel> channel;
    std::optional<Category> category;
    std::optional<Priority> priority;
    std::optional<TicketStatus> status;
    qint64 currentAgentId = 0;
    qint64 nowMs = 0; // for the views that depend on the time: due soon, breached
    SortColumn sortColumn = SortColumn::Updated;
    bool descending = true;
    QString searchText;           // full-text query; when set the list shows hits
    bool rankByRelevance = false; // hits by relevance (bm25) instead of newest activity first
    // Relevance ranks this many of the newest matching subjects and messages.
    static constexpr int relevanceWindow = 600;

    bool operator==(const TicketFilter &) const = default;

    // Every view, in the order the window lists them.
    static QList<View> allViews();
    static QString viewKey(View view);
    static std::optional<View> viewFromKey(QStringView key);
    static QString viewLabel(View view);

    // What a saved view keeps: the view and the quick filters, the search text. Unknown or
    // missing keys read as "any".
    QJsonObject toJson() const;
    static TicketFilter fromJson(const QJsonObject &json);
};
