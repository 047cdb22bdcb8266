#include "savedviewservice.h"

#include "localstore.h"
#include "savedviewstore.h"

SavedViewService::SavedViewService(LocalStore &store)
    : m_store(store)
{}

QList<SavedView> SavedViewService::views() const
{
    return SavedViewStore(m_store).views();
}

std::optional<SavedView> SavedViewService::view(qint64 id) const
{
    return SavedViewStore(m_store).view(id);
}

std::optional<qint64> SavedViewService::save(const QString &name, const TicketFilter &filter)
{
    const QString trimmed = name.simplified();
    if (trimmed.isEmpty()) {
        m_error = tr("A view needs a name.");
        return std::nullopt;
    }
    if (trimmed.size() > maxNameLength) {
        m_error = tr("A view's name has at most %1 characters.").arg(maxNameLength);
        return std::nullopt;
    }
    if (m_store.currentAgentId() == 0) {
        m_error = tr("Sign in to keep views of your own.");
        return std::nullopt;
    }
    const auto id = SavedViewStore(m_store).save(trimmed, filter);
    m_error = id ? QString() : m_store.errorString();
    return id;
}

bool SavedViewService::remove(qint64 id)
{
    const bool ok = SavedViewStore(m_store).remove(id);
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}
