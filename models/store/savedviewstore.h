#pragma once

#include "savedview.h"
#include "ticketfilter.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The agent's own views of the ticket list ("Refunds by email", "VIP waiting"), kept per
// agent in the desk's store. Saving under a name the agent has already used replaces that view.
// Changes are announced by LocalStore::savedViewsChanged.
class SavedViewStore
{
    Q_DECLARE_TR_FUNCTIONS(SavedViewStore)

public:
    static constexpr int maxNameLength = 60;

    explicit SavedViewStore(LocalStore &store);

    // The signed-in agent's views, by name.
    QList<SavedView> views() const;
    std::optional<SavedView> view(qint64 id) const;
    std::optional<qint64> save(const QString &name, const TicketFilter &filter);
    bool remove(qint64 id);

private:
    LocalStore &m_store;
};
