#include "chatservice.h"

#include "clock.h"
#include "faqsearch.h"
#include "livechat.h"
#include "localchatbackend.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QByteArray jsonType = "application/json; charset=utf-8";

HttpResponse answer(int status, const QJsonObject &body)
{
    return {status, jsonType, QJsonDocument(body).toJson(QJsonDocument::Compact), {}};
}

HttpResponse problem(int status, const QString &message, const QString &field = QString())
{
    QJsonObject body{{u"error"_s, message}};
    if (!field.isEmpty())
        body.insert(u"field"_s, field);
    return answer(status, body);
}

// A text field: absent is empty; present, it must be a string of at most `limit` characters.
bool textField(const QJsonObject &object, const QString &name, int limit, QString *into, HttpResponse *refusal)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull()) {
        into->clear();
        return true;
    }
    if (!value.isString()) {
        *refusal = problem(400, ChatService::tr("\"%1\" must be a text.").arg(name), name);
        return false;
    }
    if (value.toString().size() > limit) {
        *refusal = problem(400, ChatService::tr("\"%1\" is longer than %2 characters.").arg(name).arg(limit), name);
        return false;
    }
    *into = value.toString();
    return true;
}

QString languageOf(const HttpRequest &request, const QString &asked)
{
    if (asked == u"zh_CN"_s || asked == u"zh"_s)
        return u"zh_CN"_s;
    if (asked == u"en"_s)
        return u"en"_s;
    return FaqSearch::languageFor(QString::fromLatin1(request.header("accept-language")));
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

HttpResponse unavailable()
{
    return problem(503, ChatService::tr("The chat is not available just now."));
}

HttpResponse pollAnswer(const LiveChat::Update &update)
{
    QJsonArray lines;
    for (const LiveChat::Line &line : update.lines) {
        lines.append(QJsonObject{{u"id"_s, line.id},
                                 {u"from"_s, line.fromCustomer ? u"customer"_s : u"agent"_s},
                                 {u"author"_s, line.author},
                                 {u"text"_s, line.text},
                                 {u"at"_s, isoTime(line.atMs)}});
    }
    return answer(
        200, QJsonObject{{u"messages"_s, lines}, {u"agent_typing"_s, update.agentTyping}, {u"ended"_s, update.ended}});
}

} // namespace

ChatService::Options::Options()
{
    http.port = defaultPort;
    http.maxBodyBytes = maxBodyBytes;
    http.threadPerConnection = true;
    http.connectionLimit = 256;
    http.perAddressConnectionLimit = 16;
    http.idleTimeoutSeconds = 60;
}

ChatService::ChatService(QString storePath, const Clock &clock, Options options)
    : ChatService(std::make_unique<LocalChatBackend>(std::move(storePath), clock), clock, std::move(options))
{}

ChatService::ChatService(std::unique_ptr<ChatBackend> backend, const Clock &clock, Options options)
    : m_clock(clock)
    , m_options(std::move(options))
    , m_backend(std::move(backend))
    , m_server([this](const HttpRequest &request) { return handle(request); })
{
    const struct {
        const char *path;
        const char *file;
        const char *type;
    } files[] = {
        {"/chat", "chat.html", "text/html; charset=utf-8"},
        {"/chat/chat.css", "chat.css", "text/css; charset=utf-8"},
        {"/chat/chat.js", "chat.js", "text/javascript; charset=utf-8"},
        {"/chat/widget.js", "widget.js", "text/javascript; charset=utf-8"},
    };
    for (const auto &file : files) {
        QFile resource(u":/deskline/chat/"_s + QString::fromLatin1(file.file));
        if (resource.open(QIODevice::ReadOnly))
            m_assets.insert(file.path, {file.type, resource.readAll()});
    }
}

ChatService::~ChatService()
{
    stop();
}

bool ChatService::start()
{
    if (m_assets.size() != 4) {
        m_error = tr("The chat page is missing from this build.");
        return false;
    }
    if (!m_backend->start()) {
        m_error = m_backend->errorString();
        return false;
    }
    HttpServer::Options http = m_options.http;
    http.threadPerConnection = true;
    http.maxBodyBytes = std::min(http.maxBodyBytes, maxBodyBytes);
    if (!m_options.trustedProxies.isEmpty())
        http.perAddressConnectionLimit = 0;
    if (!m_server.start(http)) {
        m_error = m_server.errorString();
        m_backend->stop();
        return false;
    }
    log(tr("chat listening on %1://%2:%3/chat")
            .arg(m_server.tls() ? u"https"_s : u"http"_s, http.address.toString())
            .arg(m_server.port()));
    return true;
}

void ChatService::stop()
{
    // The backend first: it wakes the long polls, so the server's threads can end.
    m_backend->stop();
    m_server.stop();
}

void ChatService::log(const QString &line) const
{
    if (m_log)
        m_log(line);
}

QByteArray ChatService::pagePolicy() const
{
    const QByteArray ancestors =
        m_options.frameAncestors.isEmpty() ? QByteArray("*") : m_options.frameAncestors.join(u' ').toUtf8();
    return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
           "base-uri 'none'; form-action 'none'; frame-ancestors " +
           ancestors;
}

HttpResponse ChatService::handle(const HttpRequest &request)
{
    const QByteArray path = request.path;
    const bool page = path == "/chat" || path == "/chat/" || path.startsWith("/chat/");
    if (page || path.startsWith("/v1/chat/")) {
        if (const auto held = limited(request, Kind::Read))
            return *held;
    }
    if (page) {
        if (request.method != "GET" && request.method != "HEAD")
            return {405, jsonType, R"({"error":"GET only"})", {{"Allow", "GET"}}};
        return asset(path == "/chat/" ? QByteArray("/chat") : path);
    }
    if (path.startsWith("/v1/chat/"))
        return api(request);
    return problem(404, tr("No such endpoint."));
}

HttpResponse ChatService::asset(const QByteArray &path) const
{
    const auto found = m_assets.constFind(path);
    if (found == m_assets.constEnd())
        return problem(404, tr("No such file."));
    HttpResponse response{200, found->type, found->bytes, {}};
    if (path == "/chat") {
        response.headers.append(std::pair<QByteArray, QByteArray>("Content-Security-Policy", pagePolicy()));
        response.headers.append(std::pair<QByteArray, QByteArray>("Referrer-Policy", "no-referrer"));
    } else if (path == "/chat/widget.js") {
        // The launcher is loaded by the company's pages with <script src>: that needs no CORS.
        response.headers.append(std::pair<QByteArray, QByteArray>("Cross-Origin-Resource-Policy", "cross-origin"));
    }
    return response;
}

QString ChatService::visitorOf(const HttpRequest &request) const
{
    if (m_options.trustedProxies.isEmpty() || !m_options.trustedProxies.contains(QHostAddress(request.peer)))
        return request.peer;
    // Only the hop the trusted proxy added counts: what came before it the visitor may have written.
    const QByteArray forwarded = request.header("x-forwarded-for");
    const QHostAddress visitor(QString::fromLatin1(forwarded.mid(forwarded.lastIndexOf(',') + 1).trimmed()));
    return visitor.isNull() ? request.peer : visitor.toString();
}

std::optional<HttpResponse> ChatService::limited(const HttpRequest &request, Kind kind)
{
    const int perMinute = kind == Kind::Start   ? m_options.limits.startsPerMinute
                          : kind == Kind::Write ? m_options.limits.writesPerMinute
                                                : m_options.limits.readsPerMinute;
    const QString visitor = visitorOf(request);
    const QString key = visitor + (kind == Kind::Start ? u"|s"_s : kind == Kind::Write ? u"|w"_s : u"|r"_s);
    const auto wait = m_rates.admit(key, perMinute, m_clock.now().toMSecsSinceEpoch());
    if (!wait)
        return std::nullopt;
    if (kind != Kind::Read)
        log(tr("chat held requests from %1: more than %2 a minute").arg(visitor).arg(perMinute));
    HttpResponse held = problem(429, tr("Too many requests; wait %1 s.").arg(*wait));
    held.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", QByteArray::number(*wait)));
    return held;
}

std::optional<QJsonObject> ChatService::jsonBody(const HttpRequest &request, HttpResponse *refusal) const
{
    if (request.bodyTooLarge) {
        *refusal = problem(413, tr("The request is larger than %1 bytes.").arg(maxBodyBytes));
        return std::nullopt;
    }
    const QByteArray type = request.header("content-type").trimmed().toLower();
    const QByteArray mediaType = type.split(';').value(0).trimmed();
    QByteArray parameters = type.mid(mediaType.size()).trimmed();
    if (mediaType != "application/json" || (!parameters.isEmpty() && parameters.replace(' ', "") != ";charset=utf-8")) {
        *refusal = problem(415, tr("Send JSON, as application/json."));
        return std::nullopt;
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body.isEmpty() ? "{}" : request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        *refusal = problem(400, tr("The body is not a JSON object."));
        return std::nullopt;
    }
    return document.object();
}

HttpResponse ChatService::api(const HttpRequest &request)
{
    const QByteArray what = request.path.mid(int(qstrlen("/v1/chat/")));
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (what == "config" || what == "faq") {
        if (!get)
            return {405, jsonType, R"({"error":"GET only"})", {{"Allow", "GET"}}};
        return what == "config" ? config(request) : faq(request);
    }
    if (what == "messages" && get)
        return poll(request);
    if (!post)
        return {405, jsonType, R"({"error":"POST only"})", {{"Allow", what == "messages" ? "GET, POST" : "POST"}}};
    if (what == "start" || what == "leave-message") {
        if (const auto held = limited(request, Kind::Start))
            return *held;
        return startChat(request, what == "leave-message");
    }
    if (what == "messages" || what == "typing" || what == "transcript" || what == "rating" || what == "end") {
        if (const auto held = limited(request, Kind::Write))
            return *held;
        return sessionCall(request, what);
    }
    return problem(404, tr("No such endpoint."));
}

HttpResponse ChatService::config(const HttpRequest &request)
{
    const auto open = m_backend->isOpenNow();
    if (!open)
        return unavailable();
    return answer(200,
                  QJsonObject{{u"open"_s, *open},
                              {u"language"_s, languageOf(request, QString::fromUtf8(request.query.value("lang")))}});
}

HttpResponse ChatService::faq(const HttpRequest &request)
{
    const QString query = QString::fromUtf8(request.query.value("q"));
    if (query.size() > FaqSearch::maxQueryLength)
        return problem(400, tr("A search is at most %1 characters.").arg(FaqSearch::maxQueryLength), u"q"_s);
    const QString language = languageOf(request, QString::fromUtf8(request.query.value("lang")));
    const auto found = m_backend->searchFaq(query, language);
    if (!found)
        return unavailable();
    QJsonArray articles;
    for (const FaqArticle &article : *found) {
        articles.append(QJsonObject{{u"id"_s, article.id},
                                    {u"title"_s, article.title},
                                    {u"body"_s, article.body},
                                    {u"language"_s, article.language}});
    }
    return answer(200, QJsonObject{{u"articles"_s, articles}});
}

HttpResponse ChatService::startChat(const HttpRequest &request, bool leaveMessage)
{
    HttpResponse refusal;
    const auto body = jsonBody(request, &refusal);
    if (!body)
        return refusal;
    LiveChat::Start start;
    QString language;
    const QString textName = leaveMessage ? u"text"_s : u"question"_s;
    if (!textField(*body, u"name"_s, LiveChat::maxNameLength, &start.name, &refusal) ||
        !textField(*body, u"email"_s, LiveChat::maxEmailLength, &start.email, &refusal) ||
        !textField(*body, u"language"_s, 8, &language, &refusal) ||
        !textField(*body, textName, LiveChat::maxTextLength, &start.text, &refusal))
        return refusal;
    start.language = languageOf(request, language);
    const ChatBackend::Started started = m_backend->startChat(start, leaveMessage);
    if (started.outcome == ChatBackend::Outcome::Unavailable)
        return unavailable();
    if (started.closed) {
        QJsonObject closed{{u"error"_s, tr("We are outside our service hours.")}, {u"closed"_s, true}};
        return answer(409, closed);
    }
    if (started.outcome != ChatBackend::Outcome::Done)
        return problem(400, started.errorText);
    if (leaveMessage) {
        log(tr("chat: a message left from %1 became ticket %2").arg(visitorOf(request), started.started.ticketLabel));
        return answer(201, QJsonObject{{u"ticket"_s, started.started.ticketLabel}});
    }
    log(tr("chat: ticket %1 started from %2").arg(started.started.ticketLabel, visitorOf(request)));
    return answer(201, QJsonObject{{u"token"_s, started.started.token}, {u"ticket"_s, started.started.ticketLabel}});
}

HttpResponse ChatService::poll(const HttpRequest &request)
{
    const QString token = QString::fromLatin1(request.header("x-chat-token"));
    bool ok = true;
    const QByteArray afterText = request.query.value("after", "0");
    const qint64 after = afterText.toLongLong(&ok);
    if (!ok || after < 0)
        return problem(400, tr("\"after\" must be a message id."), u"after"_s);
    const QByteArray waitText = request.query.value("wait", "0");
    const int wait = waitText.toInt(&ok);
    if (!ok || wait < 0 || wait > m_options.limits.maxWaitSeconds)
        return problem(400, tr("\"wait\" must be 0 to %1 seconds.").arg(m_options.limits.maxWaitSeconds), u"wait"_s);
    const QByteArray typingText = request.query.value("typing", "0");
    if (typingText != "0" && typingText != "1")
        return problem(400, tr("\"typing\" must be 0 or 1."), u"typing"_s);
    const bool knownTyping = typingText == "1";

    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(wait);
    qint64 ticketId = 0;
    quint64 seen = 0;
    for (;;) {
        const ChatBackend::Polled polled = m_backend->since(token, after);
        if (polled.outcome == ChatBackend::Outcome::Unavailable)
            return unavailable();
        if (polled.outcome == ChatBackend::Outcome::Unknown)
            return problem(401, tr("This chat is not known here: start a new one."));
        const LiveChat::Update &update = polled.update;
        const auto now = std::chrono::steady_clock::now();
        if (!update.lines.isEmpty() || update.agentTyping != knownTyping || update.ended || now >= until ||
            m_backend->stopping())
            return pollAnswer(update);
        if (ticketId == 0) {
            // The chat is known now: take its generation and read once more, so that a change
            // between the first read and the wait is not missed.
            ticketId = polled.ticketId;
            seen = m_backend->generation(ticketId);
            continue;
        }
        // While the agent is shown typing, look again each second: the note runs out by itself.
        const auto next = knownTyping ? std::min(until, now + std::chrono::seconds(1)) : until;
        seen = m_backend->waitPast(ticketId, seen, next);
    }
}

HttpResponse ChatService::sessionCall(const HttpRequest &request, const QByteArray &what)
{
    HttpResponse refusal;
    const auto body = jsonBody(request, &refusal);
    if (!body)
        return refusal;
    QString text;
    QString email;
    int score = 0;
    if (what == "messages") {
        if (!body->value(u"text"_s).isString())
            return problem(400, tr("\"text\" must be a text."), u"text"_s);
        if (!textField(*body, u"text"_s, LiveChat::maxTextLength, &text, &refusal))
            return refusal;
    } else if (what == "transcript") {
        if (!body->value(u"email"_s).isString())
            return problem(400, tr("\"email\" must be a text."), u"email"_s);
        if (!textField(*body, u"email"_s, LiveChat::maxEmailLength, &email, &refusal))
            return refusal;
    } else if (what == "rating") {
        const QJsonValue value = body->value(u"score"_s);
        if (!value.isDouble() || value.toDouble() != double(value.toInt()) || value.toInt() < 1 || value.toInt() > 5)
            return problem(400, tr("\"score\" must be a whole number from 1 to 5."), u"score"_s);
        score = value.toInt();
        if (!textField(*body, u"comment"_s, LiveChat::maxCommentLength, &text, &refusal))
            return refusal;
    }
    const QString token = QString::fromLatin1(request.header("x-chat-token"));
    const ChatBackend::Action action = what == "messages"     ? ChatBackend::Action::Message
                                       : what == "typing"     ? ChatBackend::Action::Typing
                                       : what == "transcript" ? ChatBackend::Action::Transcript
                                       : what == "rating"     ? ChatBackend::Action::Rating
                                                              : ChatBackend::Action::End;
    const ChatBackend::Acted acted = m_backend->act(token, action, what == "transcript" ? email : text, score);
    switch (acted.outcome) {
    case ChatBackend::Outcome::Unavailable:
        return unavailable();
    case ChatBackend::Outcome::Unknown:
        return problem(401, tr("This chat is not known here: start a new one."));
    case ChatBackend::Outcome::Ended:
        return problem(409, acted.errorText);
    case ChatBackend::Outcome::Refused:
        return problem(400, acted.errorText);
    case ChatBackend::Outcome::Done:
        break;
    }
    const qint64 messageId = acted.messageId;
    if (what == "messages")
        return answer(201, QJsonObject{{u"id"_s, messageId}});
    if (what == "typing")
        return {204, QByteArray(), QByteArray(), {}};
    if (what == "transcript")
        return answer(202, QJsonObject{{u"email"_s, email.trimmed()}});
    if (what == "rating")
        return answer(201, QJsonObject{{u"score"_s, score}});
    return answer(200, QJsonObject{{u"ended"_s, true}});
}
