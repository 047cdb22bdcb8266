#include "cannedanswerservice.h"

#include "cannedanswerfiller.h"
#include "cannedanswerstore.h"
#include "localstore.h"

CannedAnswerService::CannedAnswerService(LocalStore &store)
    : m_store(store)
{}

QList<CannedAnswer> CannedAnswerService::answers() const
{
    return CannedAnswerStore(m_store).answers();
}

std::optional<qint64> CannedAnswerService::save(const CannedAnswer &answer)
{
    if (answer.title.trimmed().isEmpty()) {
        m_error = tr("Give the canned answer a title.");
        return std::nullopt;
    }
    if (answer.body.trimmed().isEmpty()) {
        m_error = tr("Write the text of the canned answer.");
        return std::nullopt;
    }
    // The FAQ on the chat page is the team's public face: in team mode only a supervisor or an
    // administrator publishes an answer there, changes a published one or takes it back (a desk
    // on its own is its own team, as for the shared settings).
    bool wasPublic = false;
    for (const CannedAnswer &existing : CannedAnswerStore(m_store).answers()) {
        if (existing.id == answer.id && answer.id > 0)
            wasPublic = existing.isPublic;
    }
    if ((answer.isPublic || wasPublic) && !m_store.canChangeSharedSettings()) {
        m_error = tr("Only a supervisor or an administrator may publish canned answers in the FAQ or change "
                     "published ones.");
        return std::nullopt;
    }
    const auto id = CannedAnswerStore(m_store).save(answer);
    m_error = id ? QString() : m_store.errorString();
    return id;
}

bool CannedAnswerService::remove(qint64 id)
{
    if (id <= 0) {
        m_error = tr("Select a canned answer first.");
        return false;
    }
    const bool ok = CannedAnswerStore(m_store).remove(id);
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

QString CannedAnswerService::filledFor(const CannedAnswer &answer, qint64 ticketId, QStringList *unknown) const
{
    return CannedAnswerFiller::fill(answer.body, CannedAnswerFiller::valuesFor(m_store, ticketId), unknown);
}
