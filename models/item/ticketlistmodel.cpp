#include "ticketlistmodel.h"

#include "clock.h"
#include "localstore.h"
#include "slaschedule.h"
#include "ticketlistquery.h"
#include "ticketmime.h"

#include <QDateTime>
#include <QLocale>
#include <QScopedValueRollback>

using namespace Qt::StringLiterals;

struct TicketListModel::Reading {
    explicit Reading(LocalStore &store)
        : query(store)
    {}
    TicketListQuery query;
    TicketListQuery::SearchCursor searchCursor;
};

TicketListModel::TicketListModel(LocalStore &store, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_clock(clock)
    , m_reading(std::make_unique<Reading>(store))
{
    connect(&m_store, &LocalStore::ticketsChanged, this, &TicketListModel::onTicketsChanged);
}

TicketListModel::~TicketListModel() = default;

void TicketListModel::setFilter(const TicketFilter &filter)
{
    m_filter = filter;
    reload();
}

void TicketListModel::reload()
{
    // Listeners of the change signals (views, QAbstractItemModelTester) may ask for more
    // rows while a change is being announced; they get them on their next call.
    const QScopedValueRollback guard(m_announcing, true);
    beginResetModel();
    m_rows.clear();
    m_complete = false;
    m_reading->searchCursor = {};
    if (m_filter.searchText.trimmed().isEmpty()) {
        m_rows = m_reading->query.page(m_filter, nullptr, pageSize);
        m_complete = m_rows.size() < pageSize;
    } else {
        m_rows = m_reading->query.searchPage(m_filter, m_reading->searchCursor, pageSize);
        m_complete = m_reading->searchCursor.exhausted;
    }
    endResetModel();
}

int TicketListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TicketListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool TicketListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_complete;
}

void TicketListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_complete || m_announcing)
        return;
    const QScopedValueRollback guard(m_announcing, true);
    QList<TicketRow> more;
    if (m_filter.searchText.trimmed().isEmpty()) {
        more = m_reading->query.page(m_filter, m_rows.isEmpty() ? nullptr : &m_rows.back(), pageSize);
        m_complete = more.size() < pageSize;
    } else {
        more = m_reading->query.searchPage(m_filter, m_reading->searchCursor, pageSize);
        m_complete = m_reading->searchCursor.exhausted;
    }
    if (more.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + more.size() - 1));
    m_rows.append(more);
    endInsertRows();
}

QString TicketListModel::dueText(qint64 dueAtMs) const
{
    if (dueAtMs == SlaSchedule::noDeadline || dueAtMs == 0)
        return {};
    const qint64 left = dueAtMs - m_clock.now().toMSecsSinceEpoch();
    const qint64 minutes = std::abs(left) / 60000;
    QString span;
    if (minutes < 60)
        span = tr("%1 min").arg(minutes);
    else if (minutes < 10 * 60 && left >= 0) // once late, the hours tell enough
        span = tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    else if (minutes < 48 * 60) // minutes no longer matter, and the column stays narrow
        span = tr("%1 h").arg(minutes / 60);
    else
        span = tr("%1 d").arg(minutes / (24 * 60));
    return left < 0 ? tr("%1 late").arg(span) : span;
}

QVariant TicketListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TicketRow &row = m_rows.at(index.row());
    const bool hasDeadline = row.dueAtMs != SlaSchedule::noDeadline;
    switch (role) {
    case TicketIdRole:
        return row.id;
    case DueAtRole:
        return hasDeadline ? row.dueAtMs : qint64(0);
    case MsecsLeftRole:
        return hasDeadline ? row.dueAtMs - m_clock.now().toMSecsSinceEpoch() : qint64(0);
    case OverdueRole:
        return hasDeadline && row.dueAtMs < m_clock.now().toMSecsSinceEpoch();
    case EscalationTierRole:
        return row.escalationTier;
    case Qt::ToolTipRole:
        if (index.column() == SubjectColumn)
            return row.subject;
        if (index.column() == ChannelColumn)
            return fieldLabel(row.channel);
        if (index.column() == StatusColumn && row.escalationTier > 0)
            return tr("%1, escalated to L%2").arg(fieldLabel(row.status)).arg(row.escalationTier);
        if (index.column() == DueColumn && hasDeadline)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.dueAtMs).toLocalTime(), QLocale::ShortFormat);
        return {};
    case Qt::AccessibleDescriptionRole:
        // Each cell is read alone; its description says which ticket the row is.
        return rowSummary(row);
    case Qt::AccessibleTextRole:
        if (index.column() == StatusColumn && row.escalationTier > 0)
            return tr("%1, escalated to L%2").arg(fieldLabel(row.status)).arg(row.escalationTier);
        if (index.column() == DueColumn && hasDeadline)
            return row.dueAtMs < m_clock.now().toMSecsSinceEpoch() ? tr("Deadline passed: %1").arg(dueText(row.dueAtMs))
                                                                   : tr("Due in %1").arg(dueText(row.dueAtMs));
        return {}; // the displayed text
    case RawValueRole:
    case KeyRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    auto field = [role](auto value) -> QVariant {
        if (role == RawValueRole)
            return int(value);
        if (role == KeyRole)
            return fieldKey(value);
        return fieldLabel(value);
    };
    switch (index.column()) {
    case ChannelColumn:
        return field(row.channel);
    case CategoryColumn:
        return field(row.category);
    case PriorityColumn:
        return field(row.priority);
    case StatusColumn:
        return field(row.status);
    default:
        break;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return row.displayId();
    case SubjectColumn:
        return row.subject;
    case CustomerColumn:
        return row.customerName;
    case AssigneeColumn:
        return row.assigneeName.isEmpty() ? tr("Unassigned") : row.assigneeName;
    case DueColumn:
        return dueText(row.dueAtMs);
    case UpdatedColumn: {
        // Today's changes by the time, older ones by the date: what fits a narrow column.
        const QDateTime updated = QDateTime::fromMSecsSinceEpoch(row.updatedAtMs).toLocalTime();
        if (updated.date() == m_clock.now().toLocalTime().date())
            return QLocale().toString(updated.time(), QLocale::ShortFormat);
        return QLocale().toString(updated.date(), QLocale::ShortFormat);
    }
    default:
        return {};
    }
}

QString TicketListModel::rowSummary(const TicketRow &row) const
{
    return tr("%1: %2, %3, %4 priority, from %5")
        .arg(row.displayId(), row.subject, fieldLabel(row.status), fieldLabel(row.priority), row.customerName);
}

int TicketListModel::loadRowOf(qint64 ticketId, int maxRows)
{
    int row = rowOfTicket(ticketId);
    if (row >= 0 || ticketId <= 0)
        return row;
    // Outside the search, the store says at once whether the ticket is in this view at all,
    // so a ticket that is not costs no pages.
    if (m_filter.searchText.trimmed().isEmpty() && m_reading->query.rowsByIds(m_filter, {ticketId}).isEmpty())
        return -1;
    while (row < 0 && canFetchMore({}) && m_rows.size() < maxRows) {
        const qsizetype before = m_rows.size();
        fetchMore({});
        if (m_rows.size() == before)
            break;
        row = rowOfTicket(ticketId);
    }
    return row;
}

QVariant TicketListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section == ChannelColumn && role == Qt::ToolTipRole)
        return tr("Channel");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("ID");
    case SubjectColumn:
        return tr("Subject");
    case CustomerColumn:
        return tr("Customer");
    case ChannelColumn:
        return QString(); // the column shows icons; its name is the tooltip
    case CategoryColumn:
        return tr("Category");
    case PriorityColumn:
        return tr("Priority");
    case StatusColumn:
        return tr("Status");
    case AssigneeColumn:
        return tr("Assignee");
    case DueColumn:
        return tr("Due");
    case UpdatedColumn:
        return tr("Updated");
    default:
        return {};
    }
}

TicketFilter::SortColumn TicketListModel::sortColumnFor(int column)
{
    using S = TicketFilter::SortColumn;
    static constexpr S map[ColumnCount] = {S::Id,       S::Subject, S::Customer, S::Channel, S::Category,
                                           S::Priority, S::Status,  S::Assignee, S::Due,     S::Updated};
    return column >= 0 && column < ColumnCount ? map[column] : S::Updated;
}

int TicketListModel::columnFor(TicketFilter::SortColumn sortColumn)
{
    for (int column = 0; column < ColumnCount; ++column) {
        if (sortColumnFor(column) == sortColumn)
            return column;
    }
    return UpdatedColumn;
}

void TicketListModel::sort(int column, Qt::SortOrder order)
{
    const auto sortColumn = sortColumnFor(column);
    const bool descending = order == Qt::DescendingOrder;
    if (sortColumn == m_filter.sortColumn && descending == m_filter.descending)
        return;
    m_filter.sortColumn = sortColumn;
    m_filter.descending = descending;
    if (m_filter.searchText.trimmed().isEmpty()) {
        reload();
        return;
    }
    // Search hits are few: order what is loaded without asking the store again.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<qint64> ids;
    for (const QModelIndex &index : before)
        ids.append(m_rows.at(index.row()).id);
    std::stable_sort(m_rows.begin(), m_rows.end(), [this](const TicketRow &a, const TicketRow &b) {
        return TicketListQuery::lessThan(m_filter, a, b);
    });
    QModelIndexList after;
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(index(rowOfTicket(ids[i]), before[i].column()));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

qint64 TicketListModel::ticketIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

int TicketListModel::rowOfTicket(qint64 ticketId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == ticketId)
            return int(i);
    }
    return -1;
}

void TicketListModel::refreshDeadlines()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, DueColumn), index(int(m_rows.size()) - 1, DueColumn));
}

int TicketListModel::insertPosition(const TicketRow &row) const
{
    const auto it =
        std::lower_bound(m_rows.cbegin(), m_rows.cend(), row, [this](const TicketRow &a, const TicketRow &b) {
            return TicketListQuery::lessThan(m_filter, a, b);
        });
    return int(it - m_rows.cbegin());
}

void TicketListModel::onTicketsChanged(const QList<qint64> &ids)
{
    const QScopedValueRollback guard(m_announcing, true);
    const bool searching = !m_filter.searchText.trimmed().isEmpty();
    const QList<TicketRow> fresh = m_reading->query.rowsByIds(m_filter, ids);
    QHash<qint64, TicketRow> byId;
    for (const TicketRow &row : fresh)
        byId.insert(row.id, row);

    for (qint64 id : ids) {
        const int current = rowOfTicket(id);
        const auto found = byId.constFind(id);
        if (searching) {
            // Hits stay where the search put them; only their contents change.
            if (current >= 0 && found != byId.cend()) {
                m_rows[current] = *found;
                Q_EMIT dataChanged(index(current, 0), index(current, ColumnCount - 1));
            }
            continue;
        }
        if (current >= 0 && found == byId.cend()) {
            beginRemoveRows({}, current, current);
            m_rows.removeAt(current);
            endRemoveRows();
            continue;
        }
        if (found == byId.cend())
            continue;
        const TicketRow &row = *found;
        if (current >= 0) {
            const bool stays =
                (current == 0 || !TicketListQuery::lessThan(m_filter, row, m_rows.at(current - 1))) &&
                (current + 1 >= m_rows.size() || !TicketListQuery::lessThan(m_filter, m_rows.at(current + 1), row));
            if (stays) {
                m_rows[current] = row;
                Q_EMIT dataChanged(index(current, 0), index(current, ColumnCount - 1));
                continue;
            }
            beginRemoveRows({}, current, current);
            m_rows.removeAt(current);
            endRemoveRows();
        }
        const int position = insertPosition(row);
        // Past the loaded window the row arrives with a later page, in its place.
        if (position >= m_rows.size() && !m_complete)
            continue;
        beginInsertRows({}, position, position);
        m_rows.insert(position, row);
        m_announcing = true;
        endInsertRows();
        m_announcing = false;
    }
}

Qt::ItemFlags TicketListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList TicketListModel::mimeTypes() const
{
    return {TicketMime::type()};
}

QMimeData *TicketListModel::mimeData(const QModelIndexList &indexes) const
{
    // A row comes once per column: each ticket once, in the list's order.
    QList<int> rows;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && !rows.contains(index.row()))
            rows << index.row();
    }
    std::sort(rows.begin(), rows.end());
    QList<qint64> ids;
    for (int row : std::as_const(rows))
        ids << ticketIdAt(row);
    return TicketMime::encode(ids);
}
