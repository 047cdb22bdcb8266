#pragma once

#include "intakeservice.h"
#include "replywebhookservice.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class Clock;
class LocalStore;
class QTimer;

// The HTTP intake inside the window (a desk on its own, not team mode): the IntakeService on
// its own server threads, each with a store connection of its own, so no request waits on the
// UI thread. What it writes reaches the window's store through relayTo(), as the mail gateway's
// writes do, and an answered call is told (callAnswered) so that the answering agent's card pops.
class IntakeRunner : public QObject
{
    Q_OBJECT

public:
    // Where a desk's window listens unless the setting `intake/listen` says otherwise.
    static constexpr const char *listenKey = "intake/listen";
    static constexpr const char *defaultListen = "127.0.0.1:8925";

    IntakeRunner(QString storePath, const Clock &clock, QObject *parent = nullptr);
    ~IntakeRunner() override;

    // ADDRESS:PORT ("127.0.0.1:8925", "[::1]:0"): false when it is not one.
    bool setListen(const QString &address);
    void setOptions(const IntakeService::Options &options) { m_options = options; }
    void relayTo(LocalStore &store);

    // Listens unless it does; false, and failed(), when the port is taken or the secrets unreadable.
    bool start();
    // start() when the store has an intake source (a quick local read); until one is there,
    // the store is asked again every watchIntervalMs, so a source `deskctl channel add-source`
    // adds while the window runs is served within that long.
    bool startIfSources(LocalStore &store);
    static constexpr int watchIntervalMs = 2000;
    void stop();
    bool isRunning() const { return m_service != nullptr; }
    quint16 port() const;

Q_SIGNALS:
    // Listening since a source was added (startIfSources' watch), on port().
    void started();
    // From the server's threads; connect with the default (queued) connection.
    void ticketsChanged(const QList<qint64> &ticketIds);
    void messagesAdded(qint64 ticketId, const QList<qint64> &messageIds);
    void callAnswered(qint64 callId, const QString &agentLogin);
    void callEnded(qint64 callId);
    void logged(const QString &line);
    void failed(const QString &problem);

private:
    const QString m_path;
    const Clock &m_clock;
    IntakeService::Options m_options;
    std::unique_ptr<IntakeService> m_service;
    // The agents' replies back to the sources, sent from the window while it serves the intake.
    std::unique_ptr<ReplyWebhookService> m_replies;
    QTimer *m_watch = nullptr;
};
