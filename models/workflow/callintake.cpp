#include "callintake.h"

#include "callservice.h"
#include "callstore.h"
#include "customerstore.h"
#include "intakestore.h"
#include "localstore.h"
#include "peoplestore.h"
#include "phonenumbers.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

QString stateOf(const PhoneCall &call)
{
    if (call.missed())
        return u"missed"_s;
    if (call.ended())
        return u"ended"_s;
    return call.answered() ? u"answered"_s : u"ringing"_s;
}

} // namespace

CallIntake::CallIntake(LocalStore &store)
    : m_store(store)
{}

std::optional<CallIntake::Result> CallIntake::take(const IntakeSource &source, const QString &webhookId,
                                                   const CallEvent &event)
{
    Result result;
    const bool ok = m_store.transaction([&] { return takeInto(source, webhookId, event, result); });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    m_error.clear();
    return result;
}

std::optional<qint64> CallIntake::callerOf(const QString &number, const QString &readable)
{
    const QString national = PhoneNumbers::nationalDigits(number, PhoneNumbers::defaultRegion());
    if (const auto known = CallStore(m_store).customerByNationalNumber(national))
        return known;
    Customer customer;
    customer.name = tr("Caller %1").arg(readable);
    customer.phone = readable;
    return CustomerStore(m_store).createCustomer(customer);
}

std::optional<qint64> CallIntake::openTicket(qint64 customerId, const QString &subject, const QString &firstMessage,
                                             const QStringList &tags)
{
    NewTicketInput input;
    input.customerId = customerId;
    input.channel = Channel::Phone;
    input.subject = subject;
    input.firstMessage = firstMessage;
    input.tags = tags;
    return m_store.createTicket(input);
}

bool CallIntake::takeInto(const IntakeSource &source, const QString &webhookId, const CallEvent &event, Result &result)
{
    IntakeStore intake(m_store);
    if (const auto first = intake.answered(source.id, webhookId)) {
        result.repeat = true;
        result.status = first->status;
        result.answer = first->body;
        return true;
    }
    CallStore calls(m_store);
    const QString region = PhoneNumbers::defaultRegion();
    const QString number = PhoneNumbers::e164(event.from, region);
    const QString readable = PhoneNumbers::readable(number, region);
    const qint64 nowMs = m_store.nowMs();
    std::optional<PhoneCall> call = calls.callOf(source.id, event.callId);
    if (!call) {
        PhoneCall started;
        started.sourceId = source.id;
        started.callId = event.callId;
        started.fromNumber = number;
        started.toNumber = event.to;
        started.startedAt = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
        started.customerId =
            CallStore(m_store).customerByNationalNumber(PhoneNumbers::nationalDigits(number, region)).value_or(0);
        const auto id = calls.addCall(started);
        if (!id)
            return false;
        call = calls.call(*id);
        if (!call)
            return false;
    }
    switch (event.kind) {
    case CallEvent::Kind::NewCall:
        break;
    case CallEvent::Kind::Answer: {
        if (call->answered() || call->ended())
            break;
        const auto customerId =
            call->customerId > 0 ? std::optional<qint64>(call->customerId) : callerOf(number, readable);
        if (!customerId)
            return false;
        const auto ticketId = openTicket(*customerId, tr("Call from %1").arg(readable), QString(), {});
        if (!ticketId)
            return false;
        if (const auto agent = PeopleStore(m_store).agentByLogin(event.agentLogin)) {
            if (!m_store.assign(*ticketId, agent->id))
                return false;
        }
        if (!calls.setAnswered(call->id, event.agentLogin, nowMs) || !calls.setTicket(call->id, *ticketId, *customerId))
            return false;
        result.answeredNow = true;
        break;
    }
    case CallEvent::Kind::Hangup: {
        if (call->ended())
            break;
        const qint64 duration =
            call->answered() ? std::max<qint64>(0, nowMs - call->answeredAt.toMSecsSinceEpoch()) : 0;
        if (!calls.setEnded(call->id, nowMs, duration))
            return false;
        call = calls.call(call->id);
        if (!call)
            return false;
        if (call->answered() && call->ticketId > 0) {
            if (!m_store.addMessage(call->ticketId, MessageKind::Note, CallService::noteFor(*call), {},
                                    LocalStore::StatusRule::KeepStatus))
                return false;
        } else if (!call->answered()) {
            const auto customerId =
                call->customerId > 0 ? std::optional<qint64>(call->customerId) : callerOf(number, readable);
            if (!customerId)
                return false;
            const QString when = call->startedAt.toString(Qt::ISODate);
            const QString text =
                event.to.isEmpty()
                    ? tr("Missed call from %1 at %2. Call them back.").arg(readable, when)
                    : tr("Missed call from %1 to %2 at %3. Call them back.").arg(readable, event.to, when);
            const auto ticketId = openTicket(*customerId, tr("Missed call from %1").arg(readable), text,
                                             {QString::fromLatin1(missedTag)});
            if (!ticketId || !calls.setTicket(call->id, *ticketId, *customerId))
                return false;
        }
        result.endedNow = true;
        break;
    }
    }
    call = calls.call(call->id);
    if (!call)
        return false;
    result.callRowId = call->id;
    result.ticketId = call->ticketId;
    result.agentLogin = call->agentLogin;
    result.status = 200;
    QJsonObject answer{{u"call_id"_s, call->callId}, {u"state"_s, stateOf(*call)}};
    if (call->ticketId > 0) {
        answer.insert(u"ticket"_s, m_store.ticket(call->ticketId).value_or(Ticket{}).displayId());
        answer.insert(u"id"_s, call->ticketId);
    }
    if (call->ended())
        answer.insert(u"duration_ms"_s, call->durationMs);
    result.answer = QJsonDocument(answer).toJson(QJsonDocument::Compact);
    return intake.recordRequest(source.id, webhookId, u"call:"_s + event.callId, call->ticketId,
                                {result.status, result.answer});
}
