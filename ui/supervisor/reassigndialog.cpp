#include "reassigndialog.h"

#include "desk.h"
#include "directoryservice.h"
#include "palettecolors.h"
#include "ticketservice.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ReassignDialog::ReassignDialog(Desk &desk, const QList<qint64> &ticketIds, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_tickets(ticketIds)
    , m_agent(new QComboBox(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"reassignDialog"_s);
    setWindowTitle(tr("Reassign tickets"));
    m_agent->setObjectName(u"agentBox"_s);
    for (const AgentLoad &load : desk.directory().agentLoads()) {
        const QString held = load.capacity > 0 ? tr("%1 of %2 open").arg(load.open).arg(load.capacity)
                                               : tr("%n open", nullptr, int(load.open));
        m_agent->addItem(
            tr("%1 — %2, %3").arg(load.name, load.teamName.isEmpty() ? tr("no team") : load.teamName, held),
            load.agentId);
    }
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Reassign"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ReassignDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReassignDialog::reject);
    auto *form = new QFormLayout;
    form->addRow(tr("Give %n ticket(s) to:", nullptr, int(ticketIds.size())), m_agent);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

void ReassignDialog::accept()
{
    TicketService &tickets = m_desk.tickets();
    if (!tickets.reassign(m_tickets, m_agent->currentData().toLongLong())) {
        m_error->setText(tr("Nothing was reassigned: %1").arg(tickets.errorString()));
        m_error->show();
        return;
    }
    QDialog::accept();
}
