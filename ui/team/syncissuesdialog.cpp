#include "syncissuesdialog.h"

#include "desk.h"
#include "syncissueservice.h"
#include "ticketservice.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SyncIssuesDialog::SyncIssuesDialog(Desk &desk, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_table(new QTableWidget(this))
    , m_open(new QPushButton(tr("&Open ticket"), this))
    , m_dismiss(new QPushButton(tr("&Dismiss"), this))
{
    setWindowTitle(tr("Changes the server refused"));
    m_table->setObjectName(u"syncIssues"_s);
    m_table->setAccessibleName(tr("Changes the server refused"));
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("When"), tr("Ticket"), tr("What"), tr("Why")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    buttons->addButton(m_dismiss, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const qint64 ticket = selectedTicket(); ticket > 0)
            Q_EMIT openTicketRequested(ticket);
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, m_open, &QPushButton::click);
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        if (const qint64 issue = selectedIssue(); issue > 0 && m_desk.syncIssues().dismiss(issue))
            reload();
    });
    connect(&m_desk, &Desk::syncIssuesChanged, this, &SyncIssuesDialog::reload);
    reload();
    resize(720, 360);
}

void SyncIssuesDialog::reload()
{
    const QList<SyncIssue> issues = m_desk.syncIssues().issues();
    m_table->setRowCount(int(issues.size()));
    for (int row = 0; row < issues.size(); ++row) {
        const SyncIssue &issue = issues.at(row);
        const auto ticket = m_desk.tickets().ticket(issue.ticketId);
        auto *when = new QTableWidgetItem(QLocale().toString(issue.at.toLocalTime(), QLocale::ShortFormat));
        when->setData(Qt::UserRole, issue.id);
        auto *which = new QTableWidgetItem(ticket ? ticket->displayId() + u" "_s + ticket->subject : QString());
        which->setData(Qt::UserRole, issue.ticketId);
        auto *why = new QTableWidgetItem(SyncIssue::reasonText(issue.reason));
        why->setToolTip(issue.detail);
        m_table->setItem(row, 0, when);
        m_table->setItem(row, 1, which);
        m_table->setItem(row, 2, new QTableWidgetItem(SyncIssue::actionText(issue.mutation)));
        m_table->setItem(row, 3, why);
    }
    m_table->resizeColumnsToContents();
    if (!issues.isEmpty())
        m_table->selectRow(0);
    m_open->setEnabled(!issues.isEmpty());
    m_dismiss->setEnabled(!issues.isEmpty());
}

qint64 SyncIssuesDialog::selectedIssue() const
{
    const int row = m_table->currentRow();
    return row < 0 ? 0 : m_table->item(row, 0)->data(Qt::UserRole).toLongLong();
}

qint64 SyncIssuesDialog::selectedTicket() const
{
    const int row = m_table->currentRow();
    return row < 0 ? 0 : m_table->item(row, 1)->data(Qt::UserRole).toLongLong();
}
