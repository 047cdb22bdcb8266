#pragma once

#include <QList>
#include <QObject>

#include <memory>

class BackgroundJobs;
class BackupService;
class CallService;
class ChatDesk;
class Clock;
class DirectoryService;
class LocalStore;
class RulesService;
class SavedViewService;
class SettingsService;
class SyncIssueService;
class TicketService;

// One desk as the window sees it: the workflow services it calls for every change, and the
// change announcements of the desk's store. The window holds a Desk, never the store's
// interface: it passes store() on, unopened, to the item models that read it.
class Desk : public QObject
{
    Q_OBJECT

public:
    explicit Desk(LocalStore &store, QObject *parent = nullptr);
    ~Desk() override;

    LocalStore &store() const { return m_store; }
    const Clock &clock() const;
    // Where the desk's file is, for the window's title and its About box.
    QString storePath() const;

    TicketService &tickets() const { return *m_tickets; }
    DirectoryService &directory() const { return *m_directory; }
    RulesService &rules() const { return *m_rules; }
    SavedViewService &savedViews() const { return *m_savedViews; }
    SettingsService &settings() const { return *m_settings; }
    SyncIssueService &syncIssues() const { return *m_syncIssues; }
    BackupService &backups() const { return *m_backups; }
    // The phone: callers looked up, calls taken at this desk and their length kept.
    CallService &calls() const { return *m_calls; }
    // The live chats: the visitor typing, the agent's typing note, and what the gateway's
    // process writes to the store, noticed and announced here (ChatDesk).
    ChatDesk &chat() const { return *m_chat; }
    // Whether the store was found damaged (damaged()): nothing is written to it any more.
    bool isDamaged() const;
    QString damage() const;

    // The jobs write on a connection of their own: what they changed is announced here as if
    // this desk's store had written it, and a setting changed here reaches their deadlines;
    // damage their check finds marks this desk's store damaged.
    void relay(BackgroundJobs &jobs);

Q_SIGNALS:
    // As LocalStore announces them once a transaction commits (see UnitOfWork).
    void ticketsChanged(const QList<qint64> &ticketIds);
    void messagesAdded(qint64 ticketId, const QList<qint64> &messageIds);
    void cannedAnswersChanged();
    void classificationRulesChanged();
    void sharedSettingsChanged();
    void savedViewsChanged();
    void outboxChanged();
    void syncIssuesChanged();
    // The store's file is damaged (a query said so, or the background check): writes stopped.
    void damaged(const QString &problem);

private:
    LocalStore &m_store;
    std::unique_ptr<TicketService> m_tickets;
    std::unique_ptr<DirectoryService> m_directory;
    std::unique_ptr<RulesService> m_rules;
    std::unique_ptr<SavedViewService> m_savedViews;
    std::unique_ptr<SettingsService> m_settings;
    std::unique_ptr<SyncIssueService> m_syncIssues;
    std::unique_ptr<BackupService> m_backups;
    std::unique_ptr<CallService> m_calls;
    std::unique_ptr<ChatDesk> m_chat;
};
