#include "desk.h"

#include "backgroundjobs.h"
#include "backupservice.h"
#include "callservice.h"
#include "chatdesk.h"
#include "directoryservice.h"
#include "localstore.h"
#include "rulesservice.h"
#include "savedviewservice.h"
#include "settingsservice.h"
#include "syncissueservice.h"
#include "ticketservice.h"

Desk::Desk(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_tickets(std::make_unique<TicketService>(store))
    , m_directory(std::make_unique<DirectoryService>(store))
    , m_rules(std::make_unique<RulesService>(store))
    , m_savedViews(std::make_unique<SavedViewService>(store))
    , m_settings(std::make_unique<SettingsService>(store))
    , m_syncIssues(std::make_unique<SyncIssueService>(store))
    , m_backups(std::make_unique<BackupService>(store))
    , m_calls(std::make_unique<CallService>(store))
    , m_chat(std::make_unique<ChatDesk>(store))
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
    connect(&store, &LocalStore::damaged, this, &Desk::damaged);
}

bool Desk::isDamaged() const
{
    return m_store.isDamaged();
}

QString Desk::damage() const
{
    return m_store.damage();
}

Desk::~Desk() = default;

void Desk::relay(BackgroundJobs &jobs)
{
    connect(&jobs, &BackgroundJobs::ticketsChanged, &m_store, &LocalStore::announceTicketsChanged);
    connect(&jobs, &BackgroundJobs::messagesAdded, &m_store,
            [this](qint64 ticketId, const QList<qint64> &) { m_store.announceMessagesAdded(ticketId); });
    connect(&m_store, &LocalStore::sharedSettingsChanged, &jobs, &BackgroundJobs::reloadSharedSettings);
    connect(&jobs, &BackgroundJobs::damageFound, &m_store, &LocalStore::markDamaged);
}

const Clock &Desk::clock() const
{
    return m_store.clock();
}

QString Desk::storePath() const
{
    return m_store.path();
}
