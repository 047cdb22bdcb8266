#pragma once

#include "mailgatewayservice.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <mutex>

class Clock;
class LocalStore;
class QThread;

// The gateway inside the window: a MailGatewayService on a thread of its own (and, through it,
// a thread and a store connection per mailbox), so no IMAP or SMTP call ever waits on the UI
// thread. What it writes reaches the window's store through relayTo(), as the background
// jobs' writes do through Desk::relay, so a new mail shows in the ticket list at once.
class MailGatewayRunner : public QObject
{
    Q_OBJECT

public:
    MailGatewayRunner(QString storePath, const Clock &clock, QObject *parent = nullptr);
    ~MailGatewayRunner() override;

    // Before start(); tests shorten the timeouts.
    void setOptions(const MailGatewayService::Options &options) { m_options = options; }
    void setPasswordSource(MailGateway::PasswordSource source) { m_passwords = std::move(source); }

    // The gateway's writes, announced by that store as if it had made them.
    void relayTo(LocalStore &store);

    // Starts the service unless it runs; a running one reads the list of mailboxes again now.
    void start();
    // start() when the store has a mailbox (a quick local read): a desk without any runs no
    // gateway until one is added.
    bool startIfMailboxes(LocalStore &store);
    // Asks the service to stop and waits for it: the mail under way is committed first, and a
    // server that does not answer holds this up to the service's timeout at most.
    void stop();
    bool isRunning() const;

Q_SIGNALS:
    // From the gateway's threads; connect with the default (queued) connection.
    void ticketsChanged(const QList<qint64> &ticketIds);
    void messagesAdded(qint64 ticketId, const QList<qint64> &messageIds);
    void logged(const QString &line);
    void listening(qint64 mailboxId);
    void senderHeld(const QString &mailboxName, const QString &sender, const QString &detail);
    // The service could not start (the store or its mail key would not open) or ended.
    void failed(const QString &problem);

private:
    void runOnThread();

    const QString m_path;
    const Clock &m_clock;
    MailGatewayService::Options m_options;
    MailGateway::PasswordSource m_passwords;
    std::unique_ptr<QThread> m_thread;
    std::mutex m_mutex; // guards the two below, which the gateway's thread sets
    MailGatewayService *m_service = nullptr;
    bool m_stopping = false;
};
