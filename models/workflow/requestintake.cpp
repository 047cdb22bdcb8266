#include "requestintake.h"

#include "customerstore.h"
#include "followupstore.h"
#include "intakestore.h"
#include "localstore.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

// 201: the request made or added to a ticket, which the answer names.
constexpr int created = 201;

QString outcomeKey(RequestIntake::Outcome outcome)
{
    switch (outcome) {
    case RequestIntake::Outcome::NewTicket:
        return u"new_ticket"_s;
    case RequestIntake::Outcome::AddedToTicket:
        return u"added_to_ticket"_s;
    case RequestIntake::Outcome::FollowUp:
        return u"follow_up"_s;
    case RequestIntake::Outcome::Repeat:
        break;
    }
    return u"repeat"_s;
}

} // namespace

RequestIntake::RequestIntake(LocalStore &store)
    : m_store(store)
{}

QByteArray RequestIntake::answerFor(Outcome outcome, qint64 ticketId, const QString &ticketLabel)
{
    return QJsonDocument(
               QJsonObject{{u"ticket"_s, ticketLabel}, {u"id"_s, ticketId}, {u"outcome"_s, outcomeKey(outcome)}})
        .toJson(QJsonDocument::Compact);
}

QString RequestIntake::bodyOf(const IntakeRequest &request)
{
    if (!request.body.trimmed().isEmpty())
        return request.body;
    return request.attachments.isEmpty() ? tr("(The request has no text.)") : QString();
}

QString RequestIntake::subjectOf(const IntakeRequest &request)
{
    QString subject = request.subject.simplified();
    if (subject.isEmpty())
        subject = bodyOf(request).simplified().left(80);
    return subject.isEmpty() ? tr("(no subject)") : subject;
}

QString RequestIntake::customerNameOf(const IntakeSource &source, const IntakeRequest::Person &person)
{
    const QString name = person.name.simplified();
    if (!name.isEmpty())
        return name;
    return !person.username.isEmpty() ? person.username
           : !person.email.isEmpty()  ? person.email.section(u'@', 0, 0)
                                      : tr("Customer of %1").arg(source.name);
}

std::optional<RequestIntake::Result> RequestIntake::take(const IntakeSource &source, const QString &webhookId,
                                                         const IntakeRequest &request)
{
    Result result;
    const bool ok = m_store.transaction([&] { return takeInto(source, webhookId, request, result); });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    m_error.clear();
    return result;
}

bool RequestIntake::takeInto(const IntakeSource &source, const QString &webhookId, const IntakeRequest &request,
                             Result &result)
{
    IntakeStore intake(m_store);
    if (const auto first = intake.answered(source.id, webhookId)) {
        result.outcome = Outcome::Repeat;
        result.status = first->status;
        result.answer = first->body;
        return true;
    }
    const QString body = bodyOf(request);
    if (const auto earlier = intake.ticketOfConversation(source.id, request.externalId)) {
        const auto received = FollowUpStore(m_store).receiveCustomerMessage(*earlier, body, request.attachments);
        if (!received)
            return false;
        result.ticketId = received->ticketId;
        result.outcome = received->followUp ? Outcome::FollowUp : Outcome::AddedToTicket;
    } else {
        const auto customerId = customerOf(source, request);
        if (!customerId)
            return false;
        NewTicketInput input;
        input.customerId = *customerId;
        input.subject = subjectOf(request);
        input.channel = request.channel;
        input.tags = request.tags;
        const auto ticketId = m_store.createTicket(input);
        if (!ticketId || !m_store.addMessage(*ticketId, MessageKind::Customer, body, request.attachments))
            return false;
        result.ticketId = *ticketId;
        result.outcome = Outcome::NewTicket;
    }
    const QString label = m_store.ticket(result.ticketId).value_or(Ticket{}).displayId();
    result.status = created;
    result.answer = answerFor(result.outcome, result.ticketId, label);
    return intake.recordRequest(source.id, webhookId, request.externalId, result.ticketId,
                                {result.status, result.answer});
}

std::optional<qint64> RequestIntake::customerOf(const IntakeSource &source, const IntakeRequest &request)
{
    const IntakeRequest::Person &person = request.customer;
    IntakeStore intake(m_store);
    if (const auto known = intake.customerFor(source.id, person.externalId, person.email, person.phone))
        return known;
    Customer customer;
    customer.externalId = IntakeStore::customerExternalId(source.id, person.externalId);
    customer.name = customerNameOf(source, person);
    customer.email = person.email;
    customer.phone = person.phone;
    customer.username = person.username;
    return CustomerStore(m_store).createCustomer(customer);
}
