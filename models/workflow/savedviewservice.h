#pragma once

#include "savedview.h"
#include "ticketfilter.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The agent's own views of the ticket list ("Refunds by email", "VIP waiting"). A name is
// what the agent sees in the list of views, so an empty or overlong one is refused; saving
// under a name already used replaces that view.
class SavedViewService
{
    Q_DECLARE_TR_FUNCTIONS(SavedViewService)

public:
    explicit SavedViewService(LocalStore &store);

    // The signed-in agent's views, by name.
    QList<SavedView> views() const;
    std::optional<SavedView> view(qint64 id) const;
    std::optional<qint64> save(const QString &name, const TicketFilter &filter);
    bool remove(qint64 id);

    static constexpr int maxNameLength = 60;

    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    QString m_error;
};
