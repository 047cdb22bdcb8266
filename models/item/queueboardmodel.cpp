#include "queueboardmodel.h"

#include "boardrefresher.h"
#include "clock.h"
#include "localstore.h"
#include "queueboardquery.h"
#include "ticketmime.h"

using namespace Qt::StringLiterals;

QueueBoardModel::QueueBoardModel(LocalStore &store, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_clock(clock)
    , m_refresher(new BoardRefresher(store, this))
{
    connect(m_refresher, &BoardRefresher::due, this, &QueueBoardModel::refresh);
    refresh();
}

void QueueBoardModel::setRefreshDelay(int ms)
{
    m_refresher->setDelay(ms);
}

void QueueBoardModel::refresh()
{
    m_refresher->counted();
    QList<TeamLoad> loads = QueueBoardQuery(m_store).teamLoads(m_clock.now().toMSecsSinceEpoch());
    TeamLoad total;
    for (const TeamLoad &load : std::as_const(loads)) {
        total.newTickets += load.newTickets;
        total.unassigned += load.unassigned;
        total.open += load.open;
        total.pending += load.pending;
        total.onHold += load.onHold;
        total.dueSoon += load.dueSoon;
        total.breached += load.breached;
        if (load.oldestWaitingSinceMs > 0 &&
            (total.oldestWaitingSinceMs == 0 || load.oldestWaitingSinceMs < total.oldestWaitingSinceMs))
            total.oldestWaitingSinceMs = load.oldestWaitingSinceMs;
    }
    const bool sameRows = loads.size() == m_loads.size() &&
                          std::equal(loads.cbegin(), loads.cend(), m_loads.cbegin(),
                                     [](const TeamLoad &a, const TeamLoad &b) { return a.teamId == b.teamId; });
    if (!sameRows) {
        beginResetModel();
        m_loads = loads;
        m_total = total;
        endResetModel();
        return;
    }
    // The same teams: the view keeps its selection and scroll position.
    m_loads = loads;
    m_total = total;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int QueueBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_loads.size()) + 1;
}

int QueueBoardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 QueueBoardModel::teamIdAt(int row) const
{
    return row >= 0 && row < m_loads.size() ? m_loads[row].teamId : 0;
}

qint64 QueueBoardModel::value(const TeamLoad &load, int column) const
{
    switch (column) {
    case NewColumn:
        return load.newTickets;
    case UnassignedColumn:
        return load.unassigned;
    case OpenColumn:
        return load.open;
    case PendingColumn:
        return load.pending;
    case OnHoldColumn:
        return load.onHold;
    case DueSoonColumn:
        return load.dueSoon;
    case BreachedColumn:
        return load.breached;
    default:
        return 0;
    }
}

QString QueueBoardModel::waitingText(qint64 sinceMs, qint64 nowMs)
{
    const qint64 minutes = std::max<qint64>(0, (nowMs - sinceMs) / 60000);
    if (minutes < 60)
        return tr("%n min", nullptr, int(minutes));
    if (minutes < 24 * 60)
        return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    return tr("%1 d %2 h").arg(minutes / (24 * 60)).arg(minutes % (24 * 60) / 60);
}

QVariant QueueBoardModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const bool total = isTotalRow(index.row());
    const TeamLoad &load = total ? m_total : m_loads[index.row()];
    const int column = index.column();
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TeamColumn:
            if (total)
                return tr("All teams");
            return load.teamName.isEmpty() ? tr("No team") : load.teamName;
        case TierColumn:
            return total || load.tier == 0 ? QVariant() : QVariant(u"L%1"_s.arg(load.tier));
        case OldestWaitingColumn:
            return load.oldestWaitingSinceMs > 0
                       ? QVariant(waitingText(load.oldestWaitingSinceMs, m_clock.now().toMSecsSinceEpoch()))
                       : QVariant();
        case AutoAssignColumn:
            return total || load.teamId == 0 ? QVariant() : QVariant(fieldLabel(load.autoAssign));
        default:
            return value(load, column);
        }
    }
    if (column == AutoAssignColumn) {
        if (role == Qt::EditRole || role == Qt::UserRole)
            return total || load.teamId == 0 ? QVariant() : QVariant(int(load.autoAssign));
        if (role == Qt::ToolTipRole && !m_store.teamMode())
            return tr("Handing new tickets out automatically needs the team server: only it knows who is online.");
        return {};
    }
    if (role == Qt::UserRole) // the number behind the cell, for sorting and tests
        return column == OldestWaitingColumn ? QVariant(load.oldestWaitingSinceMs) : QVariant(value(load, column));
    if (role == Qt::TextAlignmentRole && column > TierColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant QueueBoardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TeamColumn:
            return tr("Team");
        case TierColumn:
            return tr("Tier");
        case NewColumn:
            return tr("New");
        case UnassignedColumn:
            return tr("Unassigned");
        case OpenColumn:
            return tr("Open");
        case PendingColumn:
            return tr("Pending");
        case OnHoldColumn:
            return tr("On hold");
        case DueSoonColumn:
            return tr("Due soon");
        case BreachedColumn:
            return tr("Past deadline");
        case OldestWaitingColumn:
            return tr("Longest wait");
        case AutoAssignColumn:
            return tr("New tickets");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case UnassignedColumn:
            return tr("Not solved and nobody's yet");
        case DueSoonColumn:
            return tr("A deadline within two hours");
        case OldestWaitingColumn:
            return tr("How long the customer who has waited longest for an answer has waited");
        case AutoAssignColumn:
            return tr("Whether new tickets wait in the queue or go to the team's online agents, in turn or to "
                      "whoever holds the fewest (within their capacity)");
        }
    }
    return {};
}

Qt::ItemFlags QueueBoardModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && teamIdAt(index.row()) > 0)
        flags |= Qt::ItemIsDropEnabled;
    if (index.isValid() && index.column() == AutoAssignColumn && teamIdAt(index.row()) > 0 && m_store.teamMode() &&
        m_store.signedInAsManager())
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool QueueBoardModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.column() != AutoAssignColumn)
        return false;
    const qint64 teamId = teamIdAt(index.row());
    const auto mode = fieldFromInt<AutoAssign>(value.toInt());
    if (teamId <= 0 || !QueueBoardQuery(m_store).setAutoAssign(teamId, mode)) {
        Q_EMIT editFailed(teamId <= 0 ? tr("There is no such team.") : m_store.errorString());
        return false;
    }
    refresh();
    return true;
}

QStringList QueueBoardModel::mimeTypes() const
{
    return {TicketMime::type()};
}

bool QueueBoardModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &parent) const
{
    // On a team's row: not on the total, not on the tickets of no team.
    return parent.isValid() && teamIdAt(parent.row()) > 0 && !TicketMime::decode(data).isEmpty();
}

bool QueueBoardModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                   const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const TeamLoad &to = m_loads[parent.row()];
    const QList<qint64> tickets = TicketMime::decode(data);
    if (!m_store.moveToTeam(tickets, to.teamId)) {
        Q_EMIT moveFailed(m_store.errorString());
        return false;
    }
    Q_EMIT ticketsMoved(int(tickets.size()), to.teamName);
    refresh();
    return true;
}
