#pragma once

#include <QWidget>

class Clock;
class LocalStore;
class QTableView;
class QueueBoardModel;

// The supervisor's own window: the queues of every team, live. Only supervisors and
// administrators open it (MainWindow checks the role).
class SupervisorBoard : public QWidget
{
    Q_OBJECT

public:
    SupervisorBoard(LocalStore &store, const Clock &clock, QWidget *parent = nullptr);

    QueueBoardModel *queueModel() const { return m_queues; }
    QTableView *queueTable() const { return m_queueTable; }

private:
    QueueBoardModel *m_queues;
    QTableView *m_queueTable;
};
