#include "supervisorboard.h"

#include "queueboarddelegate.h"
#include "queueboardmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SupervisorBoard::SupervisorBoard(LocalStore &store, const Clock &clock, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_queues(new QueueBoardModel(store, clock, this))
    , m_queueTable(new QTableView(this))
{
    setObjectName(u"supervisorBoard"_s);
    setWindowTitle(tr("Supervisor board"));
    m_queueTable->setObjectName(u"queueTable"_s);
    m_queueTable->setModel(m_queues);
    m_queueTable->setItemDelegate(new QueueBoardDelegate(m_queueTable));
    m_queueTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueTable->setAlternatingRowColors(true);
    m_queueTable->setShowGrid(false);
    m_queueTable->verticalHeader()->hide();
    m_queueTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_queueTable->horizontalHeader()->setSectionResizeMode(QueueBoardModel::TeamColumn, QHeaderView::Stretch);

    auto *title = new QLabel(tr("<b>Queues</b> — tickets not yet solved, by team; updated as they change"), this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_queueTable, 1);
    resize(fontMetrics().horizontalAdvance(u'M') * 70, fontMetrics().height() * 24);
}
