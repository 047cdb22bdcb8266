#pragma once

#include "savedview.h"
#include "ticketfilter.h"

#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The saved_views rows of the signed-in agent. Saving under a name the agent has already used
// replaces that view; SavedViewService decides which names are acceptable.
class SavedViewStore
{
public:
    explicit SavedViewStore(LocalStore &store);

    // The signed-in agent's views, by name.
    QList<SavedView> views() const;
    std::optional<SavedView> view(qint64 id) const;
    // name as the agent will see it, already checked.
    std::optional<qint64> save(const QString &name, const TicketFilter &filter);
    bool remove(qint64 id);

private:
    LocalStore &m_store;
};
