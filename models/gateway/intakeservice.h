#pragma once

#include "calleventparser.h"
#include "httpserver.h"
#include "intakebackend.h"
#include "intakerequestparser.h"
#include "intakesecrets.h"
#include "sourceratelimiter.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>

class Clock;

// The gateway's HTTP intake (docs/intake-api.yaml): POST /v1/requests from web forms, social
// bridges and other systems, each signed with its source's secret (Standard Webhooks). Checks
// in the order that costs the sender the most and the gateway the least: the size (413), the
// signature (401, nothing read before it is valid), the source's rate (429), the JSON (400),
// then one transaction that takes it (201) or finds it taken (the first answer again).
class IntakeService
{
    Q_DECLARE_TR_FUNCTIONS(IntakeService)

public:
    using BackendFactory = std::function<std::unique_ptr<IntakeBackend>(QString *error)>;
    using Log = std::function<void(const QString &)>;
    // What a request or call event wrote, told once its transaction committed (on a server thread).
    struct Written {
        qint64 ticketId = 0;
        bool call = false;
        qint64 callId = 0;
        bool callAnswered = false; // this event answered the call: its card pops on agentLogin's desk
        bool callEnded = false;
        QString agentLogin;
    };
    using WrittenListener = std::function<void(const Written &)>;

    struct Options {
        HttpServer::Options http;
        IntakeRequestParser::Limits limits;
    };

    IntakeService(BackendFactory backends, QString secretsPath, const Clock &clock, Options options);
    ~IntakeService();

    bool start();
    void stop();
    quint16 port() const { return m_server.port(); }
    QString errorString() const { return m_error; }
    // One line per request taken or refused; never a secret, a header's value or a body.
    void setLog(Log log) { m_log = std::move(log); }
    // Before start(): the window relays the writes to its store and pops a call's card.
    void setWrittenListener(WrittenListener listener) { m_written = std::move(listener); }

    HttpResponse handle(const HttpRequest &request);

private:
    struct Known {
        IntakeSource source;
        QList<QByteArray> keys;
    };

    HttpResponse takeRequest(const HttpRequest &request);
    HttpResponse takeCall(const HttpRequest &request);
    // The checks both endpoints share, in their order: size, signature, source, rate. The
    // source on success; the answer to give on failure.
    struct Admitted {
        IntakeBackend *backend = nullptr;
        IntakeSource source;
        QByteArray webhookId;
    };
    std::variant<Admitted, HttpResponse> admit(const HttpRequest &request);
    IntakeBackend *backend(QString *error);
    std::optional<QList<Known>> knownSources(IntakeBackend &backend, qint64 nowMs, QString *error);
    void log(const QString &line) const;

    BackendFactory m_backends;
    IntakeSecrets m_secrets;
    const Clock &m_clock;
    Options m_options;
    HttpServer m_server;
    SourceRateLimiter m_rates;
    Log m_log;
    WrittenListener m_written;
    QString m_error;

    std::mutex m_mutex;
    // One backend per thread of the server, made on first use there.
    std::map<std::thread::id, std::unique_ptr<IntakeBackend>> m_threadBackends;
    QList<Known> m_known;
    qint64 m_knownAtMs = -1;
};
