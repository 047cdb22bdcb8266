#include "callservice.h"

#include "callstore.h"
#include "clock.h"
#include "customerstore.h"
#include "localstore.h"
#include "phonenumbers.h"
#include "ticketlifecycle.h"

using namespace Qt::StringLiterals;

CallService::CallService(LocalStore &store)
    : m_store(store)
{}

std::optional<CallService::Caller> CallService::lookUp(const QString &number)
{
    const QString region = PhoneNumbers::defaultRegion();
    Caller caller;
    caller.number = PhoneNumbers::e164(number, region);
    if (caller.number.isEmpty()) {
        m_error = tr("\"%1\" is not a phone number.").arg(number.simplified().left(40));
        return std::nullopt;
    }
    caller.readable = PhoneNumbers::readable(caller.number, region);
    const QString national = PhoneNumbers::nationalDigits(caller.number, region);
    if (const auto id = CallStore(m_store).customerByNationalNumber(national)) {
        caller.customer = CustomerStore(m_store).customer(*id);
        for (const Ticket &ticket : m_store.ticketsOfCustomer(*id)) {
            if (ticket.status != TicketStatus::Solved && !TicketLifecycle::isFinal(ticket.status) &&
                !ticket.archivedAt.isValid() && ticket.mergedInto == 0)
                caller.openTickets.append(ticket);
        }
    }
    m_error.clear();
    return caller;
}

std::optional<PhoneCall> CallService::start(const Caller &caller, const std::optional<Customer> &newCustomer)
{
    if (!caller.customer && !newCustomer) {
        m_error = tr("Choose or create the caller first.");
        return std::nullopt;
    }
    if (newCustomer && newCustomer->name.trimmed().isEmpty()) {
        m_error = tr("Enter the new customer's name.");
        return std::nullopt;
    }
    PhoneCall call;
    call.fromNumber = caller.number;
    call.startedAt = m_store.clock().now();
    call.answeredAt = call.startedAt;
    const bool ok = m_store.transaction([&] {
        qint64 customerId = caller.customer ? caller.customer->id : 0;
        if (!caller.customer) {
            Customer customer = *newCustomer;
            customer.name = customer.name.simplified();
            if (customer.phone.isEmpty())
                customer.phone = caller.readable;
            const auto id = CustomerStore(m_store).createCustomer(customer);
            if (!id)
                return false;
            customerId = *id;
        }
        NewTicketInput input;
        input.customerId = customerId;
        input.channel = Channel::Phone;
        input.subject = tr("Call from %1").arg(caller.readable);
        input.assignToMe = true;
        const auto ticketId = m_store.createTicket(input);
        if (!ticketId)
            return false;
        call.ticketId = *ticketId;
        call.customerId = customerId;
        const auto id = CallStore(m_store).addCall(call);
        if (!id)
            return false;
        call.id = *id;
        return true;
    });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    m_error.clear();
    return call;
}

std::optional<PhoneCall> CallService::end(qint64 callId)
{
    auto call = CallStore(m_store).call(callId);
    if (!call) {
        m_error = tr("There is no such call.");
        return std::nullopt;
    }
    if (call->ended()) {
        m_error.clear();
        return call;
    }
    const QDateTime now = m_store.clock().now();
    call->endedAt = now;
    call->durationMs = call->answered() ? std::max<qint64>(0, call->answeredAt.msecsTo(now)) : 0;
    const bool ok = m_store.transaction([&] {
        if (!CallStore(m_store).setEnded(call->id, now.toMSecsSinceEpoch(), call->durationMs))
            return false;
        if (call->ticketId <= 0)
            return true;
        return m_store
            .addMessage(call->ticketId, MessageKind::Note, noteFor(*call), {}, LocalStore::StatusRule::KeepStatus)
            .has_value();
    });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    m_error.clear();
    return call;
}

bool CallService::isTeamCall(const PhoneCall &call)
{
    return call.sourceId == 0 && call.callId.startsWith(u"team:"_s);
}

std::optional<PhoneCall> CallService::trackTeamCall(qint64 ticketId)
{
    for (const PhoneCall &known : CallStore(m_store).callsOfTicket(ticketId)) {
        if (isTeamCall(known)) {
            m_error.clear();
            return known;
        }
    }
    const std::optional<Ticket> ticket = m_store.ticket(ticketId);
    if (!ticket) {
        m_error = tr("The ticket no longer exists.");
        return std::nullopt;
    }
    const std::optional<Customer> customer = CustomerStore(m_store).customer(ticket->customerId);
    PhoneCall call;
    call.callId = u"team:%1"_s.arg(ticketId);
    call.ticketId = ticketId;
    call.customerId = ticket->customerId;
    call.fromNumber = customer ? PhoneNumbers::e164(customer->phone, PhoneNumbers::defaultRegion()) : QString();
    call.agentLogin = m_store.metaValue(u"desk_agent"_s);
    call.startedAt = m_store.clock().now();
    call.answeredAt = call.startedAt;
    const auto id = CallStore(m_store).addCall(call);
    if (!id) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    call.id = *id;
    m_error.clear();
    return call;
}

std::optional<PhoneCall> CallService::endTeamCall(qint64 ticketId, qint64 durationMs)
{
    for (PhoneCall call : CallStore(m_store).callsOfTicket(ticketId)) {
        if (!isTeamCall(call) || call.ended())
            continue;
        const QDateTime now = m_store.clock().now();
        if (!CallStore(m_store).setEnded(call.id, now.toMSecsSinceEpoch(), std::max<qint64>(0, durationMs))) {
            m_error = m_store.errorString();
            return std::nullopt;
        }
        call.endedAt = now;
        call.durationMs = std::max<qint64>(0, durationMs);
        m_error.clear();
        return call;
    }
    m_error = tr("There is no such call.");
    return std::nullopt;
}

std::optional<PhoneCall> CallService::call(qint64 id) const
{
    return CallStore(m_store).call(id);
}

qint64 CallService::talkTimeMs(qint64 ticketId) const
{
    return CallStore(m_store).talkTimeMs(ticketId);
}

QString CallService::clockText(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms) / 1000;
    const qint64 hours = seconds / 3600;
    const QString minutesAndSeconds =
        u"%1:%2"_s.arg(hours > 0 ? (seconds / 60) % 60 : seconds / 60, hours > 0 ? 2 : 1, 10, QChar(u'0'))
            .arg(seconds % 60, 2, 10, QChar(u'0'));
    return hours > 0 ? u"%1:%2"_s.arg(hours).arg(minutesAndSeconds) : minutesAndSeconds;
}

QString CallService::noteFor(const PhoneCall &call)
{
    const QString number = PhoneNumbers::readable(call.fromNumber, PhoneNumbers::defaultRegion());
    if (call.missed())
        return tr("Missed call from %1.").arg(number);
    if (!call.agentLogin.isEmpty())
        return tr("Call from %1, answered by %2, lasted %3.").arg(number, call.agentLogin, clockText(call.durationMs));
    return tr("Call from %1 lasted %2.").arg(number, clockText(call.durationMs));
}
