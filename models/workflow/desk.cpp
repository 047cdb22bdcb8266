#include "desk.h"

#include "directoryservice.h"
#include "localstore.h"
#include "ticketservice.h"

Desk::Desk(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_tickets(std::make_unique<TicketService>(store))
    , m_directory(std::make_unique<DirectoryService>(store))
{
    // Passed on, not re-emitted: the store stays the one that announces its changes.
    connect(&store, &LocalStore::ticketsChanged, this, &Desk::ticketsChanged);
    connect(&store, &LocalStore::messagesAdded, this, &Desk::messagesAdded);
    connect(&store, &LocalStore::cannedAnswersChanged, this, &Desk::cannedAnswersChanged);
    connect(&store, &LocalStore::classificationRulesChanged, this, &Desk::classificationRulesChanged);
    connect(&store, &LocalStore::sharedSettingsChanged, this, &Desk::sharedSettingsChanged);
    connect(&store, &LocalStore::savedViewsChanged, this, &Desk::savedViewsChanged);
    connect(&store, &LocalStore::outboxChanged, this, &Desk::outboxChanged);
    connect(&store, &LocalStore::syncIssuesChanged, this, &Desk::syncIssuesChanged);
}

Desk::~Desk() = default;

const Clock &Desk::clock() const
{
    return m_store.clock();
}

QString Desk::storePath() const
{
    return m_store.path();
}
