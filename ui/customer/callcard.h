#pragma once

#include "callservice.h"

#include <QDialog>

#include <optional>

class Desk;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTimer;

// The caller's card, popped when a call comes in (a tel: link, `deskline --call`, or a call
// the gateway saw answered at this desk): who is calling, their open tickets (activating one
// opens it), and the phone ticket of this call with its running timer until End call. An
// unknown number offers to create the customer first. Not modal: the agent works in the
// window while they talk.
class CallCard : public QDialog
{
    Q_OBJECT

public:
    explicit CallCard(Desk &desk, QWidget *parent = nullptr);

    // Looks the number up; a known caller's call starts at once, an unknown one waits for the
    // new customer's name. False, with the reason in errorLabel(), when it is no phone number.
    bool showNumber(const QString &number);
    // A call the gateway has already given a ticket (answered here): its timer runs from the answer.
    bool showCall(qint64 callId);
    // The call was hung up elsewhere (the telephone system said so): the timer stops.
    void refreshCall();

    qint64 callId() const { return m_call ? m_call->id : 0; }
    qint64 ticketId() const { return m_call ? m_call->ticketId : 0; }
    bool isCallRunning() const { return m_call && !m_call->ended(); }
    QLabel *callerLabel() const { return m_caller; }
    QLabel *timerLabel() const { return m_timerLabel; }
    QLabel *callTicketLabel() const { return m_callTicket; }
    QListWidget *openTickets() const { return m_tickets; }
    QGroupBox *newCustomerBox() const { return m_newCustomer; }
    QLineEdit *newNameField() const { return m_newName; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *endButton() const { return m_end; }
    QLabel *errorLabel() const { return m_error; }

    // Creates the customer from the name typed and starts the call's ticket.
    bool createCustomer();
    // Ends the call now and keeps its length on the ticket.
    bool endCall();

Q_SIGNALS:
    // The phone ticket of this call exists: the window opens it.
    void ticketStarted(qint64 ticketId);
    void ticketActivated(qint64 ticketId);

private:
    void showCaller();
    void startCall(const std::optional<Customer> &newCustomer);
    void tick();

    Desk &m_desk;
    std::optional<CallService::Caller> m_callerInfo;
    std::optional<PhoneCall> m_call;
    QLabel *m_caller;
    QLabel *m_customer;
    QLabel *m_callTicket;
    QLabel *m_ticketsTitle;
    QListWidget *m_tickets;
    QGroupBox *m_newCustomer;
    QLineEdit *m_newName;
    QPushButton *m_create;
    QLabel *m_timerLabel;
    QPushButton *m_end;
    QLabel *m_error;
    QTimer *m_timer;
};
