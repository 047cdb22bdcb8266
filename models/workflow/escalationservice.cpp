#include "escalationservice.h"

#include "escalationprefill.h"
#include "escalationstore.h"
#include "localstore.h"

EscalationService::EscalationService(LocalStore &store)
    : m_store(store)
{}

QString EscalationService::problem(const EscalationRequest &request) const
{
    return EscalationStore(m_store).problem(request);
}

std::optional<qint64> EscalationService::escalate(const EscalationRequest &request)
{
    if (const QString why = problem(request); !why.isEmpty()) {
        m_error = why;
        return std::nullopt;
    }
    const auto id = EscalationStore(m_store).escalate(request);
    m_error = id ? QString() : m_store.errorString();
    return id;
}

bool EscalationService::handBack(qint64 ticketId, const QString &note)
{
    const bool ok = EscalationStore(m_store).handBack(ticketId, note);
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

std::optional<Escalation> EscalationService::openEscalation(qint64 ticketId) const
{
    return EscalationStore(m_store).openEscalation(ticketId);
}

QList<Escalation> EscalationService::escalations(qint64 ticketId) const
{
    return EscalationStore(m_store).escalations(ticketId);
}

QList<EscalationFact> EscalationService::facts(qint64 ticketId) const
{
    return EscalationPrefill::facts(m_store, ticketId);
}

QString EscalationService::customerRequest(qint64 ticketId) const
{
    QString asked;
    for (const Message &message : m_store.messages(ticketId)) {
        if (message.kind == MessageKind::Customer)
            asked = message.body;
    }
    return asked;
}
