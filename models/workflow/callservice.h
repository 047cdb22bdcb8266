#pragma once

#include "customer.h"
#include "phonecall.h"
#include "ticket.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The phone at the desk: who is calling (a tel: link, `deskline --call`, or a call the gateway
// saw answered here), the caller's open tickets, and the phone ticket whose call runs until the
// agent ends it, when its length is kept on the ticket. Numbers are read in the region of the
// setting `phone/region` (CN when unset).
class CallService
{
    Q_DECLARE_TR_FUNCTIONS(CallService)

public:
    struct Caller {
        QString number;   // E.164, "+8613800000001"
        QString readable; // "+86 138 0000 0001"
        std::optional<Customer> customer;
        QList<Ticket> openTickets; // newest first, neither solved, closed, merged nor archived
    };

    explicit CallService(LocalStore &store);

    // nullopt with errorString() when the text is no phone number.
    std::optional<Caller> lookUp(const QString &number);
    // The caller's ticket for this call, on the phone channel and held by the agent at this
    // desk, and the call running from now. newCustomer (its phone the caller's number) is made in
    // the same transaction when the caller is not known yet.
    std::optional<PhoneCall> start(const Caller &caller, const std::optional<Customer> &newCustomer = {});
    // Ends a call taken at the desk now: its length on the ticket, and a note saying so.
    std::optional<PhoneCall> end(qint64 callId);
    std::optional<PhoneCall> call(qint64 id) const;
    // Team mode: this desk's agent answered a call the team's telephone system told the gateway
    // of, which made its ticket on the server. The call is kept here only so that its card's
    // timer runs (from now); the system's hang-up ends it with endTeamCall, with no note here,
    // since the server wrote that one. A second answer of the same ticket is the same call.
    std::optional<PhoneCall> trackTeamCall(qint64 ticketId);
    std::optional<PhoneCall> endTeamCall(qint64 ticketId, qint64 durationMs);
    // A call trackTeamCall keeps: its card has no "End call" (the telephone system ends it).
    static bool isTeamCall(const PhoneCall &call);
    qint64 talkTimeMs(qint64 ticketId) const;

    // "3:05", "1:02:09".
    static QString clockText(qint64 ms);
    // The internal note a call leaves on its ticket.
    static QString noteFor(const PhoneCall &call);

    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    QString m_error;
};
