#pragma once

#include "chatbackend.h"
#include "httpserver.h"
#include "peerratelimiter.h"

#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class Clock;

// The live chat's public side (issue 18, docs/intake-api.yaml): the chat page and its script
// (resources/chat, compiled in), the embeddable launcher, and the JSON endpoints under
// /v1/chat/ that the page calls: the FAQ as the visitor types, a chat started as a ticket,
// messages both ways (the agent's by long polling, answered as soon as the desk committed
// one), typing notes both ways, an address for the transcript, the rating, and outside
// service hours a message left as a ticket.
//
// Nobody who calls these is signed: every visitor of the website may. So each chat is reached
// only with the random token its start gave the page (a header, kept as SHA-256 in the store);
// bodies are small (16 KiB) and typed field by field; POSTs must say application/json (a
// cross-site form cannot, and a cross-site script would need a CORS preflight, which is never
// granted: the widget opens the page in a frame from this server, so it needs no CORS); each
// address has its allowance per minute of starts, writes and reads (429 with Retry-After) and
// of connections; the page writes visitors' and agents' text with textContent only, and its
// Content-Security-Policy allows scripts, styles and requests from this server alone.
// The chats themselves are the backend's: a standalone desk's store or the team's server.
// Its own port beside the intake's (`deskctl gateway --chat-listen`): a thread per connection,
// since long polls wait, and the part a company exposes to the Internet, apart from the signed
// intake.
class ChatService
{
    Q_DECLARE_TR_FUNCTIONS(ChatService)

public:
    using Log = std::function<void(const QString &)>;

    struct Limits {
        int startsPerMinute = 6;   // chats started and messages left, per address
        int writesPerMinute = 120; // messages, typing notes, ratings
        int readsPerMinute = 600;  // the page, FAQ searches, polls
        int maxWaitSeconds = 25;   // a long poll's longest wait
    };
    struct Options {
        Options();
        HttpServer::Options http;
        Limits limits;
        // Where the page may be framed (the company's sites, "https://www.example.com"); empty:
        // any site may frame it (frame-ancestors *).
        QStringList frameAncestors;
        // Reverse proxies in front of the gateway: a request from one of them is counted by the
        // visitor's address, the last one the proxy added to X-Forwarded-For. With any set, the
        // connections per address are the proxy's to limit (every connection comes from it).
        QList<QHostAddress> trustedProxies;
    };

    static constexpr qint64 maxBodyBytes = 16 * 1024;
    static constexpr quint16 defaultPort = 8926;

    // On a standalone desk's store (LocalChatBackend).
    ChatService(QString storePath, const Clock &clock, Options options = {});
    // On the chats of the backend: the team's server in team mode (ServerChatBackend).
    ChatService(std::unique_ptr<ChatBackend> backend, const Clock &clock, Options options = {});
    ~ChatService();

    bool start();
    void stop();
    quint16 port() const { return m_server.port(); }
    QString errorString() const { return m_error; }
    // One line per chat started, left message or refusal; never a token or a visitor's text.
    void setLog(Log log) { m_log = std::move(log); }

    HttpResponse handle(const HttpRequest &request);
    // The Content-Security-Policy of the page.
    QByteArray pagePolicy() const;

private:
    enum class Kind { Start, Write, Read };
    struct Asset {
        QByteArray type;
        QByteArray bytes;
    };

    HttpResponse asset(const QByteArray &path) const;
    HttpResponse api(const HttpRequest &request);
    // The visitor's address: the peer, or what a trusted proxy says the peer was.
    QString visitorOf(const HttpRequest &request) const;
    std::optional<HttpResponse> limited(const HttpRequest &request, Kind kind);
    // The body as a JSON object, or the answer that refuses it.
    std::optional<QJsonObject> jsonBody(const HttpRequest &request, HttpResponse *refusal) const;
    HttpResponse config(const HttpRequest &request);
    HttpResponse faq(const HttpRequest &request);
    HttpResponse startChat(const HttpRequest &request, bool leaveMessage);
    HttpResponse poll(const HttpRequest &request);
    HttpResponse sessionCall(const HttpRequest &request, const QByteArray &what);
    void log(const QString &line) const;

    const Clock &m_clock;
    Options m_options;
    std::unique_ptr<ChatBackend> m_backend;
    HttpServer m_server;
    PeerRateLimiter m_rates;
    QHash<QByteArray, Asset> m_assets;
    Log m_log;
    QString m_error;
};
