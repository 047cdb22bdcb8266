#include "classificationassistant.h"

#include "classificationrulestore.h"
#include "customerstore.h"
#include "localstore.h"

using namespace Qt::StringLiterals;

ClassificationAssistant::ClassificationAssistant(LocalStore &store)
    : m_store(store)
{}

std::optional<ClassificationInput> ClassificationAssistant::inputFor(qint64 ticketId) const
{
    const std::optional<Ticket> ticket = m_store.ticket(ticketId);
    if (!ticket)
        return std::nullopt;
    ClassificationInput input;
    input.subject = ticket->subject;
    input.channel = ticket->channel;
    if (const auto customer = CustomerStore(m_store).customer(ticket->customerId))
        input.accountStatus = customer->accountStatus;
    for (const Message &message : m_store.messages(ticketId)) {
        if (message.kind == MessageKind::Customer) {
            input.text = message.body;
            break;
        }
    }
    return input;
}

ClassificationSuggestion ClassificationAssistant::suggestionFor(qint64 ticketId) const
{
    const std::optional<Ticket> ticket = m_store.ticket(ticketId);
    if (!ticket || ticket->status != TicketStatus::New)
        return {};
    const std::optional<ClassificationInput> input = inputFor(ticketId);
    ClassificationSuggestion suggestion =
        TicketClassifier(ClassificationRuleStore(m_store).rules()).suggest(input.value_or(ClassificationInput{}));
    // Only news: a suggestion the ticket already follows is no reason to interrupt anyone.
    if (suggestion.category == ticket->category)
        suggestion.category.reset();
    if (suggestion.priority == ticket->priority)
        suggestion.priority.reset();
    suggestion.tags.removeIf([&](const QString &tag) { return ticket->tags.contains(tag); });
    if (!suggestion.category && !suggestion.priority && suggestion.tags.isEmpty())
        return {};
    return suggestion;
}

bool ClassificationAssistant::apply(qint64 ticketId, const ClassificationSuggestion &suggestion)
{
    return m_store.transaction([&] {
        if (suggestion.category && !m_store.setCategory(ticketId, *suggestion.category))
            return false;
        if (suggestion.priority && !m_store.setPriority(ticketId, *suggestion.priority))
            return false;
        const QStringList present = m_store.tags(ticketId);
        for (const QString &tag : suggestion.tags) {
            if (!present.contains(tag) && !m_store.addTag(ticketId, tag))
                return false;
        }
        return true;
    });
}

QString ClassificationAssistant::errorString() const
{
    return m_store.errorString();
}

QString ClassificationAssistant::outcomeText(const ClassificationSuggestion &suggestion, const QString &teamName)
{
    QStringList parts;
    if (suggestion.category)
        parts << fieldLabel(*suggestion.category);
    if (suggestion.priority)
        parts << fieldLabel(*suggestion.priority);
    for (const QString &tag : suggestion.tags)
        parts << u'#' + tag;
    if (!teamName.isEmpty())
        parts << tr("team %1").arg(teamName);
    return parts.join(u" · "_s);
}
