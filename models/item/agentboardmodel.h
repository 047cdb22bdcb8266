#pragma once

#include "agentload.h"

#include <QAbstractTableModel>
#include <QSet>

#include <optional>

class Clock;
class LocalStore;
class BoardRefresher;

// The supervisor board's agent table: presence, open load against capacity, solved today and
// satisfaction. A supervisor edits the capacity in place (a team setting). Follows the store
// like QueueBoardModel; presence comes from the sync engine (team mode only).
class AgentBoardModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        AgentColumn,
        TeamColumn,
        PresenceColumn,
        OpenColumn,
        CapacityColumn,
        SolvedTodayColumn,
        SatisfactionColumn,
        ColumnCount
    };
    enum class Presence { Online, Away, Offline, Unknown };

    AgentBoardModel(LocalStore &store, const Clock &clock, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    // Tickets dropped on an agent's row (TicketMime) are reassigned to them.
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction | Qt::CopyAction; }
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    const QList<AgentLoad> &loads() const { return m_loads; }
    int rowOfAgent(qint64 agentId) const;
    Presence presence(qint64 agentId) const;
    // The desks connected to the team server now; without it (a desk on its own) only this
    // desk's agent is known to be here.
    void setOnline(const QList<qint64> &agentIds);
    // Of the online desks, those whose agent has stepped away.
    void setAway(const QList<qint64> &agentIds);

    void refresh();
    void setRefreshDelay(int ms);

Q_SIGNALS:
    // A capacity or a reassignment could not be saved: why, for the window to show.
    void editFailed(const QString &message);
    void ticketsReassigned(int count, const QString &agentName);

private:
    LocalStore &m_store;
    const Clock &m_clock;
    QList<AgentLoad> m_loads;
    std::optional<QSet<qint64>> m_online;
    QSet<qint64> m_away;
    BoardRefresher *m_refresher;
};
