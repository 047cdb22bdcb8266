#pragma once

#include "businesscalendar.h"
#include "cannedanswer.h"
#include "chatbackend.h"
#include "serveraddress.h"
#include "serverworkerpool.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

class Clock;
class QThread;

// The chat page in team mode: its chats are the team's tickets on the server, written through
// the gateway role's functions (gateway_chat_start, gateway_chat_act, gateway_chat_since) by a
// few pooled connections, whatever the number of visitors; any agent's desk answers them. The
// visitors' fields are checked and cleaned here by LiveChat's rules, the agent-facing words made
// in the gateway's language, and only the token's SHA-256 goes to the server. The transcript a
// visitor asked for is mailed in the chat's language once the chat has ended.
//
// Long polls wait on LISTEN deskline_chat: the server names the ticket of a chat whose page has
// something new (an agent's reply or typing, the end), so only that chat's poll reads again.
// While that connection is down, polls look every second instead. The business calendar and the
// published FAQ articles (a search per key the visitor types) are kept until the server says
// they changed (payload "config"), and for two seconds at most while nobody listens.
class ServerChatBackend : public ChatBackend
{
    Q_DECLARE_TR_FUNCTIONS(ServerChatBackend)

public:
    static constexpr int defaultConnections = 4;
    static constexpr int configCacheMs = 2000;

    // team: the name of the team whose queue new chats go to (empty: no team's, every agent's).
    ServerChatBackend(ServerAddress address, const Clock &clock, QString team = {},
                      int connections = defaultConnections);
    ~ServerChatBackend() override;

    bool start() override;
    void stop() override;
    bool stopping() const override { return m_stopping; }
    QString errorString() const override;

    std::optional<bool> isOpenNow() override;
    std::optional<QList<FaqArticle>> searchFaq(const QString &query, const QString &language) override;
    Started startChat(const LiveChat::Start &start, bool leaveMessage) override;
    Polled since(const QString &token, qint64 afterMessageId) override;
    Acted act(const QString &token, Action action, const QString &text, int score) override;

    quint64 generation(qint64 ticketId) const override;
    quint64 waitPast(qint64 ticketId, quint64 seen, std::chrono::steady_clock::time_point until) override;

    // Whether the LISTEN connection is up (tests wait for it before they count on a wake-up).
    bool listening() const { return m_listening; }
    // Long polls waiting now (tests wait for theirs before they make what should wake it).
    int waiting() const { return m_waiting; }

    // The ended chats whose transcript is due are looked for this often (a mail that could not
    // be queued when the chat ended is tried again).
    static constexpr std::chrono::seconds transcriptSweepInterval{30};

private:
    struct Config {
        BusinessCalendar calendar;
        QList<CannedAnswer> articles;
        std::chrono::steady_clock::time_point readAt;
        bool teamKnown = false; // whether the server has the team of --chat-team
        quint64 epoch = 0;      // m_configEpoch when the read began
    };
    // SELECT deskline.function(values)::text on a pooled connection: the JSON it answered
    // (null when it answered SQL null), nullopt when the server could not be asked.
    std::optional<QJsonValue> call(const QString &signature, const QVariantList &values);
    std::optional<Config> config();
    // Once the chat (by its token's hash) has ended with an address for its transcript: the
    // transcript mailed there (gateway_chat_transcript). A failure is left for the sweep.
    void mailTranscriptIfDue(const QString &tokenSha256);
    void mailDueTranscripts();
    void listen();
    void wake(qint64 ticketId);
    void wakeAll();
    void setError(const QString &error);

    const ServerAddress m_address;
    const Clock &m_clock;
    const QString m_team;
    ServerWorkerPool m_pool;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::unordered_map<qint64, quint64> m_generations;
    quint64 m_everyone = 0; // moved for every chat at once: a reconnect, a stop
    std::optional<Config> m_config;
    // Moved by every "config" notification and reconnect: a read that began before a move is
    // stale when it ends, and never replaces one that began after it.
    quint64 m_configEpoch = 1;
    QString m_error;

    std::atomic<bool> m_stopping{true};
    std::atomic<bool> m_listening{false};
    std::atomic<int> m_waiting{0};
    std::unique_ptr<QThread> m_listener;
};
