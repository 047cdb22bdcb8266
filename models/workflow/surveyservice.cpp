#include "surveyservice.h"

#include "localstore.h"
#include "surveystore.h"

SurveyService::SurveyService(LocalStore &store)
    : m_store(store)
{}

SurveyMode SurveyService::defaultMode(Channel channel)
{
    return SurveyStore::defaultMode(channel);
}

int SurveyService::delayMinutes() const
{
    return SurveyStore(m_store).delayMinutes();
}

QString SurveyService::problem(const ResolveRequest &request) const
{
    return SurveyStore(m_store).problem(request);
}

std::optional<qint64> SurveyService::resolve(const ResolveRequest &request)
{
    if (const QString why = problem(request); !why.isEmpty()) {
        m_error = why;
        return std::nullopt;
    }
    const auto id = SurveyStore(m_store).resolve(request);
    m_error = id ? QString() : m_store.errorString();
    return id;
}

bool SurveyService::keepOpen(qint64 ticketId, const QString &comment)
{
    if (!m_store.ticket(ticketId)) {
        m_error = tr("The ticket no longer exists.");
        return false;
    }
    const bool ok = SurveyStore(m_store).keepOpen(ticketId, comment);
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}
