#include "intakeservice.h"

#include "clock.h"
#include "webhooksignature.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

// Sources and their secrets are read again this often, so that a source added or a secret
// rotated with deskctl counts within a second, without a read per request.
constexpr qint64 refreshMs = 1000;

HttpResponse problem(int status, const QString &message, const QString &field = QString())
{
    QJsonObject body{{u"error"_s, message}};
    if (!field.isEmpty())
        body.insert(u"field"_s, field);
    return {status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), {}};
}

} // namespace

IntakeService::IntakeService(BackendFactory backends, QString secretsPath, const Clock &clock, Options options)
    : m_backends(std::move(backends))
    , m_secrets(std::move(secretsPath))
    , m_clock(clock)
    , m_options(std::move(options))
    , m_server([this](const HttpRequest &request) { return handle(request); })
{}

IntakeService::~IntakeService()
{
    stop();
}

bool IntakeService::start()
{
    // The secrets are checked before the port is opened: a file others may read stops the
    // gateway with the reason, rather than every request failing later.
    if (!m_secrets.keys(m_clock.now().toMSecsSinceEpoch())) {
        m_error = m_secrets.errorString();
        return false;
    }
    if (!m_server.start(m_options.http)) {
        m_error = m_server.errorString();
        return false;
    }
    log(tr("intake listening on %1://%2:%3")
            .arg(m_server.tls() ? u"https"_s : u"http"_s, m_options.http.address.toString())
            .arg(m_server.port()));
    return true;
}

void IntakeService::stop()
{
    m_server.stop();
    // The server's threads are gone: their connections close here.
    std::lock_guard lock(m_mutex);
    m_threadBackends.clear();
}

void IntakeService::log(const QString &line) const
{
    if (m_log)
        m_log(line);
}

HttpResponse IntakeService::handle(const HttpRequest &request)
{
    if (request.path == "/v1/health") {
        if (request.method != "GET")
            return {405, "application/json", R"({"error":"GET only"})", {{"Allow", "GET"}}};
        return {200, "application/json", R"({"status":"ok"})", {}};
    }
    if (request.path == "/v1/requests") {
        if (request.method != "POST")
            return {405, "application/json", R"({"error":"POST only"})", {{"Allow", "POST"}}};
        return takeRequest(request);
    }
    if (request.path == "/v1/calls") {
        if (request.method != "POST")
            return {405, "application/json", R"({"error":"POST only"})", {{"Allow", "POST"}}};
        return takeCall(request);
    }
    return problem(404, tr("No such endpoint."));
}

IntakeBackend *IntakeService::backend(QString *error)
{
    std::lock_guard lock(m_mutex);
    auto &slot = m_threadBackends[std::this_thread::get_id()];
    if (!slot)
        slot = m_backends(error);
    return slot.get();
}

std::optional<QList<IntakeService::Known>> IntakeService::knownSources(IntakeBackend &backend, qint64 nowMs,
                                                                       QString *error)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_knownAtMs >= 0 && nowMs - m_knownAtMs < refreshMs && nowMs >= m_knownAtMs)
            return m_known;
    }
    const auto sources = backend.sources();
    if (!sources) {
        *error = backend.errorString();
        return std::nullopt;
    }
    std::lock_guard lock(m_mutex);
    const auto keys = m_secrets.keys(nowMs);
    if (!keys) {
        *error = m_secrets.errorString();
        return std::nullopt;
    }
    QList<Known> known;
    for (const IntakeSource &source : *sources)
        known.append({source, keys->value(source.name)});
    m_known = known;
    m_knownAtMs = nowMs;
    return known;
}

std::variant<IntakeService::Admitted, HttpResponse> IntakeService::admit(const HttpRequest &request)
{
    if (request.bodyTooLarge) {
        log(tr("intake refused a request from %1: larger than %2 bytes")
                .arg(request.peer)
                .arg(m_options.http.maxBodyBytes));
        return problem(413, tr("The request is larger than %1 bytes.").arg(m_options.http.maxBodyBytes));
    }
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    const QByteArray id = request.header("webhook-id");
    const QByteArray timestamp = request.header("webhook-timestamp");
    const QByteArray signatures = request.header("webhook-signature");
    const WebhookSignature::Verdict verdict = WebhookSignature::checkHeaders(id, timestamp, signatures, nowMs / 1000);
    if (verdict != WebhookSignature::Verdict::Valid) {
        log(tr("intake refused a request from %1: %2").arg(request.peer, WebhookSignature::describe(verdict)));
        return problem(401, WebhookSignature::describe(verdict));
    }

    QString error;
    IntakeBackend *store = backend(&error);
    const auto known = store ? knownSources(*store, nowMs, &error) : std::nullopt;
    if (!known) {
        log(tr("intake could not read its sources: %1").arg(error));
        HttpResponse busy = problem(503, tr("The gateway cannot take requests just now; send it again later."));
        busy.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "5"));
        return busy;
    }
    const Known *from = nullptr;
    for (const Known &candidate : *known) {
        for (const QByteArray &key : candidate.keys) {
            if (WebhookSignature::matches(key, id, timestamp, request.body, signatures)) {
                from = &candidate;
                break;
            }
        }
        if (from)
            break;
    }
    if (!from) {
        log(tr("intake refused a request from %1: %2")
                .arg(request.peer, WebhookSignature::describe(WebhookSignature::Verdict::Mismatch)));
        return problem(401, WebhookSignature::describe(WebhookSignature::Verdict::Mismatch));
    }
    const IntakeSource &source = from->source;
    if (const auto wait = m_rates.admit(source.id, source.requestsPerMinute, nowMs)) {
        log(tr("intake held %1: more than %2 requests a minute").arg(source.name).arg(source.requestsPerMinute));
        HttpResponse held = problem(
            429,
            tr("More than %1 requests a minute from this source; wait %2 s.").arg(source.requestsPerMinute).arg(*wait));
        held.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", QByteArray::number(*wait)));
        return held;
    }
    return Admitted{store, source, id};
}

HttpResponse IntakeService::takeRequest(const HttpRequest &request)
{
    auto admitted = admit(request);
    if (auto *refused = std::get_if<HttpResponse>(&admitted))
        return *refused;
    const auto &[store, source, id] = std::get<Admitted>(admitted);
    IntakeRequestParser parser(source.channel, m_options.limits);
    const auto parsed = parser.parse(request.body);
    if (!parsed) {
        log(tr("intake refused %1 from %2: %3").arg(QString::fromLatin1(id), source.name, parser.problem().message));
        return problem(400, parser.problem().message, parser.problem().field);
    }
    const auto taken = store->take(source, QString::fromLatin1(id), *parsed);
    if (!taken) {
        log(tr("intake could not keep %1 from %2: %3").arg(QString::fromLatin1(id), source.name, store->errorString()));
        HttpResponse busy = problem(503, tr("The request could not be kept just now; nothing was written. Send it "
                                            "again later."));
        busy.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "5"));
        return busy;
    }
    if (taken->outcome == RequestIntake::Outcome::Repeat)
        log(tr("intake %1 from %2: taken before, answered again").arg(QString::fromLatin1(id), source.name));
    else {
        log(tr("intake %1 from %2: ticket %3").arg(QString::fromLatin1(id), source.name).arg(taken->ticketId));
        if (m_written)
            m_written(Written{taken->ticketId, false, 0, false, false, {}});
    }
    return {taken->status, "application/json", taken->answer, {}};
}

HttpResponse IntakeService::takeCall(const HttpRequest &request)
{
    auto admitted = admit(request);
    if (auto *refused = std::get_if<HttpResponse>(&admitted))
        return *refused;
    const auto &[store, source, id] = std::get<Admitted>(admitted);
    if (source.channel != Channel::Phone) {
        log(tr("intake refused call event %1 from %2: not a phone source").arg(QString::fromLatin1(id), source.name));
        return problem(
            403,
            tr("Only a phone source posts call events; this source posts %1 requests.").arg(fieldKey(source.channel)));
    }
    CallEventParser parser;
    const auto parsed = parser.parse(request.body);
    if (!parsed) {
        log(tr("intake refused call event %1 from %2: %3")
                .arg(QString::fromLatin1(id), source.name, parser.problem().message));
        return problem(400, parser.problem().message, parser.problem().field);
    }
    const auto taken = store->takeCall(source, QString::fromLatin1(id), *parsed);
    if (!taken) {
        log(tr("intake could not keep call event %1 from %2: %3")
                .arg(QString::fromLatin1(id), source.name, store->errorString()));
        HttpResponse busy = problem(503, tr("The call event could not be kept just now; nothing was written. Send "
                                            "it again later."));
        busy.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "5"));
        return busy;
    }
    if (taken->repeat)
        log(tr("intake call event %1 from %2: taken before, answered again").arg(QString::fromLatin1(id), source.name));
    else {
        log(tr("intake call event %1 from %2: %3 of call %4")
                .arg(QString::fromLatin1(id), source.name, CallEventParser::eventKey(parsed->kind), parsed->callId));
        if (m_written)
            m_written(Written{taken->ticketId, true, taken->callRowId, taken->answeredNow, taken->endedNow,
                              taken->agentLogin});
    }
    return {taken->status, "application/json", taken->answer, {}};
}
