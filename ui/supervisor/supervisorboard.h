#pragma once

#include <QWidget>

class Clock;
class LocalStore;
class QTableView;
class AgentBoardModel;
class QueueBoardModel;

// The supervisor's own window: the queues of every team and the agents' load, live. Only supervisors and
// administrators open it (MainWindow checks the role).
class SupervisorBoard : public QWidget
{
    Q_OBJECT

public:
    SupervisorBoard(LocalStore &store, const Clock &clock, QWidget *parent = nullptr);

    QueueBoardModel *queueModel() const { return m_queues; }
    QTableView *queueTable() const { return m_queueTable; }
    AgentBoardModel *agentModel() const { return m_agents; }
    QTableView *agentTable() const { return m_agentTable; }

private:
    QueueBoardModel *m_queues;
    QTableView *m_queueTable;
    AgentBoardModel *m_agents;
    QTableView *m_agentTable;
};
