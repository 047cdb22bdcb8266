#include "supervisorboard.h"

#include "agentboarddelegate.h"
#include "agentboardmodel.h"
#include "palettecolors.h"
#include "queueboarddelegate.h"
#include "queueboardmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Both tables read as a board: whole rows, numbers as wide as they need, names taking the rest.
void setUpTable(QTableView *table, const QString &name, QAbstractItemModel *model, QAbstractItemDelegate *delegate,
                int stretchColumn)
{
    table->setObjectName(name);
    table->setModel(model);
    table->setItemDelegate(delegate);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
}

} // namespace

SupervisorBoard::SupervisorBoard(LocalStore &store, const Clock &clock, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_queues(new QueueBoardModel(store, clock, this))
    , m_queueTable(new QTableView(this))
    , m_agents(new AgentBoardModel(store, clock, this))
    , m_agentTable(new QTableView(this))
{
    setObjectName(u"supervisorBoard"_s);
    setWindowTitle(tr("Supervisor board"));
    setUpTable(m_queueTable, u"queueTable"_s, m_queues, new QueueBoardDelegate(m_queueTable),
               QueueBoardModel::TeamColumn);
    setUpTable(m_agentTable, u"agentTable"_s, m_agents, new AgentBoardDelegate(m_agentTable),
               AgentBoardModel::AgentColumn);
    m_queueTable->setAccessibleName(tr("Team queues"));
    m_queueTable->setAccessibleDescription(tr("Each team's tickets by state; drop tickets on a team to move them to "
                                              "its queue"));
    m_agentTable->setAccessibleName(tr("Agents"));
    m_agentTable->setAccessibleDescription(tr("Each agent's presence, open tickets and capacity; drop tickets on an "
                                              "agent to give them to them"));
    // Tickets dropped on a team wait in its queue; dropped on an agent they are the agent's.
    m_queueTable->setDragDropMode(QAbstractItemView::DropOnly);
    m_queueTable->setAcceptDrops(true);
    m_queueTable->setDropIndicatorShown(true);
    m_queueTable->setDefaultDropAction(Qt::MoveAction);
    m_agentTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_queueTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    // Tickets dragged from the main window's list onto an agent are given to them.
    m_agentTable->setDragDropMode(QAbstractItemView::DropOnly);
    m_agentTable->setAcceptDrops(true);
    m_agentTable->setDropIndicatorShown(true);
    m_agentTable->setDefaultDropAction(Qt::MoveAction);
    auto *status = new QLabel(this);
    status->setObjectName(u"boardStatus"_s);
    status->hide();
    // A change the store refused leaves everything as it was and says why.
    const auto refused = [status](const QString &message) {
        status->setStyleSheet(PaletteColors::errorStyle(status->palette()));
        status->setText(tr("Nothing was changed: %1").arg(message));
        status->show();
    };
    connect(m_agents, &AgentBoardModel::editFailed, status, refused);
    connect(m_queues, &QueueBoardModel::editFailed, status, refused);
    connect(m_queues, &QueueBoardModel::moveFailed, status, refused);
    connect(m_queues, &QueueBoardModel::ticketsMoved, status, [status](int count, const QString &team) {
        status->setStyleSheet(QString());
        status->setText(tr("%n ticket(s) moved to %1.", nullptr, count).arg(team));
        status->show();
    });
    connect(m_agents, &AgentBoardModel::ticketsReassigned, status, [status](int count, const QString &agent) {
        status->setStyleSheet(QString());
        status->setText(tr("%n ticket(s) given to %1.", nullptr, count).arg(agent));
        status->show();
    });

    auto *queues = new QWidget(this);
    auto *queueLayout = new QVBoxLayout(queues);
    queueLayout->setContentsMargins(0, 0, 0, 0);
    queueLayout->addWidget(
        new QLabel(tr("<b>Queues</b> — tickets not yet solved, by team; updated as they change; drop tickets "
                      "from the list on a team to move them to its queue"),
                   queues));
    queueLayout->addWidget(m_queueTable, 1);
    auto *agents = new QWidget(this);
    auto *agentLayout = new QVBoxLayout(agents);
    agentLayout->setContentsMargins(0, 0, 0, 0);
    agentLayout->addWidget(
        new QLabel(tr("<b>Agents</b> — who is here, what they hold and how their customers rate them; drop "
                      "tickets from the list on an agent to give them the tickets"),
                   agents));
    agentLayout->addWidget(m_agentTable, 1);
    agentLayout->addWidget(status);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(queues);
    split->addWidget(agents);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    resize(fontMetrics().horizontalAdvance(u'M') * 70, fontMetrics().height() * 36);
}
