#pragma once

#include "teamload.h"

#include <QAbstractTableModel>

class Clock;
class LocalStore;
class BoardRefresher;

// The supervisor board's queue table: a row per team (by tier) and a total, a column per state.
// Follows the store: ticket changes are gathered for a moment and then counted again in one
// pass; the time-bound columns (due soon, past deadline, oldest waiting) also every minute.
class QueueBoardModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TeamColumn,
        TierColumn,
        NewColumn,
        UnassignedColumn,
        OpenColumn,
        PendingColumn,
        OnHoldColumn,
        DueSoonColumn,
        BreachedColumn,
        OldestWaitingColumn,
        AutoAssignColumn, // editable by a supervisor in team mode: Qt::EditRole is the AutoAssign value
        ColumnCount
    };

    QueueBoardModel(LocalStore &store, const Clock &clock, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The team of a row (0 for no team and for the total).
    qint64 teamIdAt(int row) const;
    bool isTotalRow(int row) const { return row == int(m_loads.size()); }
    const QList<TeamLoad> &loads() const { return m_loads; }

    // Tickets dropped on a team's row (TicketMime) move to that team's queue.
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction | Qt::CopyAction; }
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    void refresh();
    // How long changes are gathered before counting again (tests use 0).
    void setRefreshDelay(int ms);

    // "3 h 20 min", "2 d 4 h": how long since sinceMs.
    static QString waitingText(qint64 sinceMs, qint64 nowMs);

Q_SIGNALS:
    void ticketsMoved(int count, const QString &teamName);
    void moveFailed(const QString &message);
    void editFailed(const QString &message);

private:
    qint64 value(const TeamLoad &load, int column) const;

    LocalStore &m_store;
    const Clock &m_clock;
    QList<TeamLoad> m_loads;
    TeamLoad m_total;
    BoardRefresher *m_refresher;
};
