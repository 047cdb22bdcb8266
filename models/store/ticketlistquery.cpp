#include "ticketlistquery.h"

#include "localstore.h"
#include "searchtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr auto rowColumns = "id, external_id, subject, customer_name, channel, category, priority, status,"
                            " assignee_id, assignee_name, due_at, updated_at, created_at, escalation_tier";

TicketRow readRow(const QSqlQuery &query)
{
    TicketRow row;
    row.id = query.value(0).toLongLong();
    row.externalId = query.value(1).toString();
    row.subject = query.value(2).toString();
    row.customerName = query.value(3).toString();
    row.channel = fieldFromInt<Channel>(query.value(4).toInt());
    row.category = fieldFromInt<Category>(query.value(5).toInt());
    row.priority = fieldFromInt<Priority>(query.value(6).toInt());
    row.status = fieldFromInt<TicketStatus>(query.value(7).toInt());
    row.assigneeId = query.value(8).toLongLong();
    row.assigneeName = query.value(9).toString();
    row.dueAtMs = query.value(10).toLongLong();
    row.updatedAtMs = query.value(11).toLongLong();
    row.createdAtMs = query.value(12).toLongLong();
    row.escalationTier = query.value(13).toInt();
    return row;
}

// The columns of each order, ending in id so that every row has one place.
QStringList sortKeys(TicketFilter::SortColumn column)
{
    using S = TicketFilter::SortColumn;
    switch (column) {
    case S::Id:
        return {u"id"_s};
    case S::Subject:
        return {u"subject"_s, u"id"_s};
    case S::Customer:
        return {u"customer_name"_s, u"id"_s};
    case S::Channel:
        return {u"channel"_s, u"id"_s};
    case S::Category:
        return {u"category"_s, u"id"_s};
    case S::Priority:
        return {u"priority"_s, u"id"_s};
    case S::Status:
        return {u"status"_s, u"updated_at"_s, u"id"_s};
    case S::Assignee:
        return {u"assignee_name"_s, u"id"_s};
    case S::Due:
        return {u"due_at"_s, u"id"_s};
    case S::Updated:
        return {u"updated_at"_s, u"id"_s};
    }
    return {u"id"_s};
}

QVariant keyValue(const TicketRow &row, const QString &key)
{
    if (key == u"id")
        return row.id;
    if (key == u"subject")
        return row.subject;
    if (key == u"customer_name")
        return row.customerName;
    if (key == u"channel")
        return int(row.channel);
    if (key == u"category")
        return int(row.category);
    if (key == u"priority")
        return int(row.priority);
    if (key == u"status")
        return int(row.status);
    if (key == u"assignee_name")
        return row.assigneeName;
    if (key == u"due_at")
        return row.dueAtMs;
    if (key == u"updated_at")
        return row.updatedAtMs;
    return {};
}

struct WhereClause {
    QStringList conditions;
    QVariantMap binds;

    QString sql() const { return conditions.isEmpty() ? u"1"_s : conditions.join(u" AND "_s); }
    void bindTo(QSqlQuery &query) const
    {
        for (auto it = binds.cbegin(); it != binds.cend(); ++it)
            query.bindValue(it.key(), it.value());
    }
};

WhereClause filterClause(const TicketFilter &filter)
{
    WhereClause where;
    // A quick filter on a column with a handful of values matches thousands of rows: walking
    // the sort order's index and skipping the others finds the first screenful sooner than
    // collecting every match and sorting it. The unary + keeps SQLite off the filter's own
    // index, except when the list is sorted by that very column.
    using S = TicketFilter::SortColumn;
    auto column = [&](const char *name, S sortedBy) -> QString {
        return (filter.sortColumn == sortedBy ? QString() : u"+"_s) + QLatin1StringView(name);
    };
    const bool statusIndexed = filter.sortColumn == S::Status || filter.sortColumn == S::Updated;
    const QString status = statusIndexed ? u"status"_s : u"+status"_s;
    const int solved = int(TicketStatus::Solved);
    using V = TicketFilter::View;
    switch (filter.view) {
    case V::Mine:
        where.conditions << u"assignee_id = :me"_s << u"%1 < %2"_s.arg(status).arg(solved);
        where.binds.insert(u":me"_s, filter.currentAgentId);
        break;
    case V::Unassigned:
        where.conditions << u"assignee_id IS NULL"_s << u"%1 < %2"_s.arg(status).arg(solved);
        break;
    case V::AllOpen:
        where.conditions << u"%1 < %2"_s.arg(status).arg(solved);
        break;
    case V::Pending:
        where.conditions << u"%1 = %2"_s.arg(status).arg(int(TicketStatus::Pending));
        break;
    case V::Solved:
        where.conditions << u"%1 = %2"_s.arg(status).arg(solved);
        break;
    case V::All:
        break;
    case V::DueSoon:
        where.conditions << u"due_at >= :now"_s << u"due_at < :soon"_s;
        where.binds.insert(u":now"_s, filter.nowMs);
        where.binds.insert(u":soon"_s, filter.nowMs + TicketFilter::dueSoonMs);
        break;
    case V::Breached: // a deadline stands only while the clock runs: nothing paused or finished
        where.conditions << u"due_at < :now"_s;
        where.binds.insert(u":now"_s, filter.nowMs);
        break;
    case V::Archived:
        where.conditions << u"archived_at IS NOT NULL"_s;
        break;
    }
    // Archived cases stay findable: a search over all tickets reaches them too.
    if (filter.view != V::Archived && !(filter.view == V::All && !filter.searchText.isEmpty()))
        where.conditions << u"archived_at IS NULL"_s;
    if (filter.channel) {
        where.conditions << column("channel", S::Channel) + u" = :channel"_s;
        where.binds.insert(u":channel"_s, int(*filter.channel));
    }
    if (filter.category) {
        where.conditions << column("category", S::Category) + u" = :category"_s;
        where.binds.insert(u":category"_s, int(*filter.category));
    }
    if (filter.priority) {
        where.conditions << column("priority", S::Priority) + u" = :priority"_s;
        where.binds.insert(u":priority"_s, int(*filter.priority));
    }
    if (filter.status) {
        where.conditions << status + u" = :status"_s;
        where.binds.insert(u":status"_s, int(*filter.status));
    }
    return where;
}

} // namespace

TicketListQuery::TicketListQuery(LocalStore &store)
    : m_store(store)
{}

QList<TicketRow> TicketListQuery::page(const TicketFilter &filter, const TicketRow *after, int limit) const
{
    WhereClause where = filterClause(filter);
    const QStringList keys = sortKeys(filter.sortColumn);
    const QString direction = filter.descending ? u"DESC"_s : u"ASC"_s;
    if (after) {
        QStringList placeholders;
        for (int i = 0; i < keys.size(); ++i) {
            const QString name = u":k%1"_s.arg(i);
            placeholders << name;
            where.binds.insert(name, keyValue(*after, keys[i]));
        }
        where.conditions << u"(%1) %2 (%3)"_s.arg(keys.join(u", "_s), filter.descending ? u"<"_s : u">"_s,
                                                  placeholders.join(u", "_s));
    }
    QStringList order;
    for (const QString &key : keys)
        order << key + u' ' + direction;

    QList<TicketRow> rows;
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT %1 FROM tickets WHERE %2 ORDER BY %3 LIMIT :limit"_s.arg(QLatin1StringView(rowColumns),
                                                                                    where.sql(), order.join(u", "_s)));
    where.bindTo(query);
    query.bindValue(u":limit"_s, limit);
    if (!query.exec()) {
        m_store.noteSqlError(query.lastError()); // a damaged file shows here first, as missing rows
        return rows;
    }
    rows.reserve(limit);
    while (query.next())
        rows.append(readRow(query));
    if (query.lastError().isValid())
        m_store.noteSqlError(query.lastError());
    return rows;
}

QList<TicketRow> TicketListQuery::rowsByIds(const TicketFilter &filter, const QList<qint64> &ids) const
{
    QList<TicketRow> rows;
    if (ids.isEmpty())
        return rows;
    WhereClause where = filterClause(filter);
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    where.conditions << u"id IN (SELECT value FROM json_each(:ids))"_s;
    where.binds.insert(u":ids"_s, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));

    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT %1 FROM tickets WHERE %2"_s.arg(QLatin1StringView(rowColumns), where.sql()));
    where.bindTo(query);
    if (!query.exec()) {
        m_store.noteSqlError(query.lastError());
        return rows;
    }
    while (query.next())
        rows.append(readRow(query));
    if (query.lastError().isValid())
        m_store.noteSqlError(query.lastError());
    return rows;
}

QList<TicketRow> TicketListQuery::searchPage(const TicketFilter &filter, SearchCursor &cursor, int limit) const
{
    QList<TicketRow> result;
    if (!cursor.numberLookedUp) {
        cursor.numberLookedUp = true;
        if (const auto named = ticketByNumber(filter.searchText)) {
            const QList<TicketRow> rows = rowsByIds(filter, {*named});
            if (!rows.isEmpty()) {
                result.append(rows.front());
                cursor.seenTickets.insert(*named);
            }
        }
    }
    const QString match = SearchText::matchExpression(filter.searchText);
    if (match.isEmpty() || cursor.exhausted) {
        cursor.exhausted = true;
        return result;
    }

    QSqlQuery hits(m_store.database());
    hits.setForwardOnly(true);
    if (filter.rankByRelevance) {
        // Scoring every hit of a common word takes over 100 ms on a million messages, so bm25
        // orders the newest hits only; the window is wide enough that older ones rarely matter.
        hits.prepare(u"SELECT d.ticket_id, d.id FROM (SELECT rowid AS doc, rank AS score FROM search_index"
                     " WHERE search_index MATCH :q ORDER BY rowid DESC LIMIT :window) AS newest"
                     " JOIN search_docs d ON d.id = newest.doc ORDER BY newest.score LIMIT -1 OFFSET :offset"_s);
        hits.bindValue(u":window"_s, TicketFilter::relevanceWindow);
        hits.bindValue(u":offset"_s, cursor.offset);
    } else {
        hits.prepare(u"SELECT d.ticket_id, d.id FROM search_index JOIN search_docs d ON d.id = search_index.rowid"
                     " WHERE search_index MATCH :q AND search_index.rowid < :before"
                     " ORDER BY search_index.rowid DESC"_s);
        hits.bindValue(u":before"_s, cursor.beforeDocId);
    }
    hits.bindValue(u":q"_s, match);
    if (!hits.exec()) {
        cursor.exhausted = true;
        return result;
    }

    // Hits come newest first; collect new tickets in batches and keep those the filter allows.
    QList<qint64> batch;
    auto flush = [&] {
        const QList<TicketRow> rows = rowsByIds(filter, batch);
        QHash<qint64, qsizetype> position;
        for (qsizetype i = 0; i < rows.size(); ++i)
            position.insert(rows[i].id, i);
        for (qint64 id : std::as_const(batch)) {
            if (auto it = position.constFind(id); it != position.cend())
                result.append(rows[*it]);
        }
        batch.clear();
    };
    bool more = false;
    while ((more = hits.next())) {
        const qint64 ticketId = hits.value(0).toLongLong();
        cursor.beforeDocId = hits.value(1).toLongLong();
        ++cursor.offset;
        if (cursor.seenTickets.contains(ticketId))
            continue;
        cursor.seenTickets.insert(ticketId);
        batch.append(ticketId);
        if (batch.size() >= 64) {
            flush();
            if (result.size() >= limit)
                break;
        }
    }
    flush();
    if (!more)
        cursor.exhausted = true;
    return result;
}

std::optional<qint64> TicketListQuery::ticketByNumber(const QString &text) const
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 64 || trimmed.contains(u' '))
        return std::nullopt;
    if (trimmed.startsWith(u'#')) {
        bool ok = false;
        const qint64 id = trimmed.mid(1).toLongLong(&ok);
        return ok && m_store.ticket(id) ? std::optional<qint64>(id) : std::nullopt;
    }
    if (const auto id = m_store.ticketIdByExternalId(trimmed))
        return id;
    if (const auto id = m_store.ticketIdByExternalId(trimmed.toUpper()))
        return id;
    bool digitsOnly = false;
    const qint64 number = trimmed.toLongLong(&digitsOnly);
    if (!digitsOnly || number <= 0)
        return std::nullopt;
    if (const auto id = m_store.ticketIdByExternalId(u"T-%1"_s.arg(number, 6, 10, QChar(u'0'))))
        return id;
    return m_store.ticket(number) ? std::optional<qint64>(number) : std::nullopt;
}

bool TicketListQuery::lessThan(const TicketFilter &filter, const TicketRow &a, const TicketRow &b)
{
    for (const QString &key : sortKeys(filter.sortColumn)) {
        const QVariant va = keyValue(a, key);
        const QVariant vb = keyValue(b, key);
        const auto order = QVariant::compare(va, vb);
        if (order == QPartialOrdering::Equivalent)
            continue;
        const bool less = order == QPartialOrdering::Less;
        return filter.descending ? !less : less;
    }
    return false;
}
