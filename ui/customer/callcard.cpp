#include "callcard.h"

#include "clock.h"
#include "desk.h"
#include "fieldcodes.h"
#include "ticketservice.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

CallCard::CallCard(Desk &desk, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_caller(new QLabel(this))
    , m_customer(new QLabel(this))
    , m_callTicket(new QLabel(this))
    , m_ticketsTitle(new QLabel(tr("Open tickets"), this))
    , m_tickets(new QListWidget(this))
    , m_newCustomer(new QGroupBox(tr("Unknown number: create the customer"), this))
    , m_newName(new QLineEdit(m_newCustomer))
    , m_create(new QPushButton(tr("&Create and start the ticket"), m_newCustomer))
    , m_timerLabel(new QLabel(u"0:00"_s, this))
    , m_end(new QPushButton(tr("&End call"), this))
    , m_error(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(u"callCard"_s);
    setWindowTitle(tr("Incoming call"));
    setAttribute(Qt::WA_DeleteOnClose);
    setModal(false);

    QFont big = m_caller->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_caller->setFont(big);
    m_caller->setObjectName(u"callCaller"_s);
    m_caller->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_customer->setObjectName(u"callCustomer"_s);
    m_customer->setWordWrap(true);
    m_callTicket->setObjectName(u"callTicket"_s);
    m_callTicket->hide();
    m_tickets->setObjectName(u"callOpenTickets"_s);
    m_tickets->setAccessibleName(tr("The caller's open tickets"));
    m_newName->setObjectName(u"callNewName"_s);
    m_newName->setAccessibleName(tr("New customer's name"));
    m_create->setObjectName(u"callCreateCustomer"_s);
    m_create->setAccessibleName(tr("Create the customer and start the call's ticket"));
    QFont mono = m_timerLabel->font();
    mono.setPointSizeF(mono.pointSizeF() * 1.6);
    m_timerLabel->setFont(mono);
    m_timerLabel->setObjectName(u"callTimer"_s);
    m_timerLabel->setAccessibleName(tr("Call time"));
    m_end->setObjectName(u"callEnd"_s);
    m_end->setAccessibleName(tr("End the call"));
    m_error->setObjectName(u"callError"_s);
    m_error->setWordWrap(true);
    m_error->hide();

    auto *form = new QFormLayout(m_newCustomer);
    form->addRow(tr("&Name:"), m_newName);
    form->addRow(m_create);
    m_newCustomer->hide();

    auto *timerRow = new QHBoxLayout;
    timerRow->addWidget(m_timerLabel, 1);
    timerRow->addWidget(m_end);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_caller);
    layout->addWidget(m_customer);
    layout->addWidget(m_newCustomer);
    layout->addWidget(m_callTicket);
    layout->addWidget(m_ticketsTitle);
    layout->addWidget(m_tickets, 1);
    layout->addLayout(timerRow);
    layout->addWidget(m_error);
    m_end->setEnabled(false);

    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &CallCard::tick);
    connect(m_end, &QPushButton::clicked, this, &CallCard::endCall);
    connect(m_create, &QPushButton::clicked, this, &CallCard::createCustomer);
    connect(m_newName, &QLineEdit::returnPressed, this, &CallCard::createCustomer);
    connect(m_tickets, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT ticketActivated(item->data(Qt::UserRole).toLongLong()); });
}

bool CallCard::showNumber(const QString &number)
{
    m_callerInfo = m_desk.calls().lookUp(number);
    if (!m_callerInfo) {
        m_caller->setText(number.simplified().left(40));
        m_customer->setText(tr("This is not a phone number."));
        m_error->setText(m_desk.calls().errorString());
        m_error->show();
        return false;
    }
    showCaller();
    if (m_callerInfo->customer)
        startCall(std::nullopt);
    else {
        m_newCustomer->show();
        m_newName->setFocus();
    }
    return true;
}

bool CallCard::showCall(qint64 callId)
{
    m_call = m_desk.calls().call(callId);
    if (!m_call)
        return false;
    m_callerInfo = m_desk.calls().lookUp(m_call->fromNumber);
    if (m_callerInfo)
        showCaller();
    else
        m_caller->setText(m_call->fromNumber);
    refreshCall();
    return true;
}

void CallCard::refreshCall()
{
    if (!m_call)
        return;
    if (const auto now = m_desk.calls().call(m_call->id))
        m_call = now;
    if (m_call->ticketId > 0) {
        if (const auto ticket = m_desk.tickets().ticket(m_call->ticketId))
            m_callTicket->setText(tr("This call: ticket %1").arg(ticket->displayId()));
        m_callTicket->show();
    }
    const bool running = !m_call->ended();
    m_end->setEnabled(running);
    // The team's telephone system ends such a call and says so; there is nothing to end here.
    m_end->setVisible(!CallService::isTeamCall(*m_call));
    if (running && !m_timer->isActive())
        m_timer->start();
    if (!running)
        m_timer->stop();
    tick();
}

void CallCard::showCaller()
{
    const CallService::Caller &caller = *m_callerInfo;
    m_caller->setText(caller.readable);
    if (caller.customer) {
        QString text = caller.customer->name;
        if (caller.customer->accountStatus != AccountStatus::Active)
            text += u" · "_s + fieldLabel(caller.customer->accountStatus);
        m_customer->setText(text);
    } else {
        m_customer->setText(tr("No customer has this number."));
    }
    m_tickets->clear();
    for (const Ticket &ticket : caller.openTickets) {
        if (m_call && ticket.id == m_call->ticketId)
            continue;
        auto *item = new QListWidgetItem(
            u"%1  %2 · %3"_s.arg(ticket.displayId(), ticket.subject, fieldLabel(ticket.status)), m_tickets);
        item->setData(Qt::UserRole, ticket.id);
    }
    m_ticketsTitle->setText(tr("Open tickets (%1)").arg(m_tickets->count()));
    m_ticketsTitle->setVisible(caller.customer.has_value());
    m_tickets->setVisible(caller.customer.has_value());
}

bool CallCard::createCustomer()
{
    if (!m_callerInfo || m_call)
        return false;
    Customer customer;
    customer.name = m_newName->text().simplified();
    customer.phone = m_callerInfo->readable;
    startCall(customer);
    return m_call.has_value();
}

void CallCard::startCall(const std::optional<Customer> &newCustomer)
{
    const auto started = m_desk.calls().start(*m_callerInfo, newCustomer);
    if (!started) {
        m_error->setText(m_desk.calls().errorString());
        m_error->show();
        return;
    }
    m_error->hide();
    m_call = started;
    if (newCustomer) {
        m_newCustomer->hide();
        if (const auto again = m_desk.calls().lookUp(m_callerInfo->number))
            m_callerInfo = again;
        showCaller();
    }
    refreshCall();
    Q_EMIT ticketStarted(m_call->ticketId);
}

bool CallCard::endCall()
{
    if (!m_call || m_call->ended())
        return false;
    const auto ended = m_desk.calls().end(m_call->id);
    if (!ended) {
        m_error->setText(m_desk.calls().errorString());
        m_error->show();
        return false;
    }
    m_call = ended;
    refreshCall();
    return true;
}

void CallCard::tick()
{
    if (!m_call || !m_call->answered()) {
        m_timerLabel->setText(u"0:00"_s);
        return;
    }
    const qint64 ms = m_call->ended() ? m_call->durationMs : m_call->answeredAt.msecsTo(m_desk.clock().now());
    m_timerLabel->setText(m_call->ended() ? tr("%1 (ended)").arg(CallService::clockText(ms))
                                          : CallService::clockText(ms));
}
