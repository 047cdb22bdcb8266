#include "agentboardmodel.h"

#include "agentloadquery.h"
#include "boardrefresher.h"
#include "clock.h"
#include "localstore.h"
#include "ticketmime.h"

#include <QLocale>

using namespace Qt::StringLiterals;

AgentBoardModel::AgentBoardModel(LocalStore &store, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_clock(clock)
    , m_refresher(new BoardRefresher(store, this))
{
    connect(m_refresher, &BoardRefresher::due, this, &AgentBoardModel::refresh);
    refresh();
}

void AgentBoardModel::setRefreshDelay(int ms)
{
    m_refresher->setDelay(ms);
}

void AgentBoardModel::refresh()
{
    m_refresher->counted();
    const QList<AgentLoad> loads = AgentLoadQuery(m_store).agentLoads(m_clock.now().toMSecsSinceEpoch());
    const bool sameRows = loads.size() == m_loads.size() &&
                          std::equal(loads.cbegin(), loads.cend(), m_loads.cbegin(),
                                     [](const AgentLoad &a, const AgentLoad &b) { return a.agentId == b.agentId; });
    if (!sameRows) {
        beginResetModel();
        m_loads = loads;
        endResetModel();
        return;
    }
    if (loads == m_loads)
        return;
    m_loads = loads;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void AgentBoardModel::setOnline(const QList<qint64> &agentIds)
{
    m_online = QSet<qint64>(agentIds.begin(), agentIds.end());
    if (!m_loads.isEmpty())
        Q_EMIT dataChanged(index(0, PresenceColumn), index(rowCount() - 1, PresenceColumn));
}

void AgentBoardModel::setAway(const QList<qint64> &agentIds)
{
    m_away = QSet<qint64>(agentIds.begin(), agentIds.end());
    if (!m_loads.isEmpty())
        Q_EMIT dataChanged(index(0, PresenceColumn), index(rowCount() - 1, PresenceColumn));
}

AgentBoardModel::Presence AgentBoardModel::presence(qint64 agentId) const
{
    if (m_online) {
        if (!m_online->contains(agentId))
            return Presence::Offline;
        return m_away.contains(agentId) ? Presence::Away : Presence::Online;
    }
    return agentId == m_store.currentAgentId() ? Presence::Online : Presence::Unknown;
}

int AgentBoardModel::rowOfAgent(qint64 agentId) const
{
    for (int row = 0; row < m_loads.size(); ++row) {
        if (m_loads[row].agentId == agentId)
            return row;
    }
    return -1;
}

int AgentBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_loads.size());
}

int AgentBoardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AgentBoardModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_loads.size())
        return {};
    const AgentLoad &load = m_loads[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case AgentColumn:
            return load.name;
        case TeamColumn:
            return load.teamName;
        case PresenceColumn:
            switch (presence(load.agentId)) {
            case Presence::Online:
                return tr("Online");
            case Presence::Away:
                return tr("Away");
            case Presence::Offline:
                return tr("Offline");
            case Presence::Unknown:
                return u"—"_s;
            }
            return {};
        case OpenColumn:
            return load.open;
        case CapacityColumn:
            return load.capacity > 0 ? QVariant(load.capacity) : QVariant(tr("no limit"));
        case SolvedTodayColumn:
            return load.solvedToday;
        case SatisfactionColumn:
            return load.ratings > 0 ? QVariant(tr("%1 (%n rating(s))", nullptr, int(load.ratings))
                                                   .arg(QLocale().toString(load.averageScore, 'f', 1)))
                                    : QVariant();
        }
        return {};
    }
    if (role == Qt::EditRole && index.column() == CapacityColumn)
        return load.capacity;
    if (role == Qt::UserRole) { // the number behind the cell, for sorting, colouring and tests
        switch (index.column()) {
        case PresenceColumn:
            return int(presence(load.agentId));
        case OpenColumn:
            return load.open;
        case CapacityColumn:
            return load.capacity;
        case SolvedTodayColumn:
            return load.solvedToday;
        case SatisfactionColumn:
            return load.averageScore;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == OpenColumn && load.capacity > 0 && load.open > load.capacity)
        return tr("%1 holds %2 open tickets, more than the %3 set").arg(load.name).arg(load.open).arg(load.capacity);
    if (role == Qt::TextAlignmentRole && index.column() >= OpenColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QStringList AgentBoardModel::mimeTypes() const
{
    return {TicketMime::type()};
}

bool AgentBoardModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &parent) const
{
    // On a row, not between rows: the row is the agent who gets the tickets.
    return parent.isValid() && parent.row() < m_loads.size() && !TicketMime::decode(data).isEmpty();
}

bool AgentBoardModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                   const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const AgentLoad &to = m_loads[parent.row()];
    const QList<qint64> tickets = TicketMime::decode(data);
    if (!m_store.reassign(tickets, to.agentId)) {
        Q_EMIT editFailed(m_store.errorString());
        return false;
    }
    Q_EMIT ticketsReassigned(int(tickets.size()), to.name);
    refresh();
    return true;
}

Qt::ItemFlags AgentBoardModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsDropEnabled;
    if (index.column() == CapacityColumn && m_store.canChangeSharedSettings())
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool AgentBoardModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != CapacityColumn || index.row() >= m_loads.size())
        return false;
    if (!AgentLoadQuery(m_store).setCapacity(m_loads[index.row()].agentId, value.toInt())) {
        Q_EMIT editFailed(m_store.errorString());
        return false;
    }
    refresh();
    return true;
}

QVariant AgentBoardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case AgentColumn:
            return tr("Agent");
        case TeamColumn:
            return tr("Team");
        case PresenceColumn:
            return tr("Presence");
        case OpenColumn:
            return tr("Open");
        case CapacityColumn:
            return tr("Capacity");
        case SolvedTodayColumn:
            return tr("Solved today");
        case SatisfactionColumn:
            return tr("Satisfaction");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case PresenceColumn:
            return tr("Whether the agent's desk is connected to the team server now");
        case OpenColumn:
            return tr("Tickets the agent holds that are not yet solved");
        case CapacityColumn:
            return tr("How many open tickets the agent should hold; a supervisor changes it here for every desk");
        case SatisfactionColumn:
            return tr("The average of the customers' ratings, 1 to 5");
        }
    }
    return {};
}
