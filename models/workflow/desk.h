#pragma once

#include <QList>
#include <QObject>

#include <memory>

class Clock;
class DirectoryService;
class LocalStore;
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

private:
    LocalStore &m_store;
    std::unique_ptr<TicketService> m_tickets;
    std::unique_ptr<DirectoryService> m_directory;
};
