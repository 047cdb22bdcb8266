#include "serverchatbackend.h"

#include "chattranscript.h"
#include "clock.h"
#include "faqsearch.h"
#include "serverconnection.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

constexpr auto listenProbeInterval = std::chrono::seconds(2);
constexpr auto pollWithoutListening = std::chrono::seconds(1);
// A chat's generation is forgotten past this many chats: every chat's moves instead.
constexpr std::size_t maxRemembered = 100000;
// gateway_chat_since answers this many lines at most.
constexpr qsizetype sincePageSize = 200;

// The page keys articles by id: one that stays with the article whatever is published beside it.
qint64 articleId(const QString &clientId)
{
    const QByteArray bytes = QUuid(clientId).toRfc4122();
    qint64 id = 0;
    for (int i = 0; i < 7 && i < bytes.size(); ++i)
        id = (id << 8) | quint8(bytes.at(i));
    return id;
}

// A line of what the page shows, as gateway_chat_since answers it.
LiveChat::Line lineFrom(const QJsonObject &line)
{
    return {line.value(u"id"_s).toInteger(), line.value(u"from_customer"_s).toBool(),
            line.value(u"author"_s).toString(), line.value(u"text"_s).toString(), line.value(u"at"_s).toInteger()};
}

QString newClientId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString actionName(ChatBackend::Action action)
{
    switch (action) {
    case ChatBackend::Action::Message:
        return u"message"_s;
    case ChatBackend::Action::Typing:
        return u"typing"_s;
    case ChatBackend::Action::Transcript:
        return u"transcript"_s;
    case ChatBackend::Action::Rating:
        return u"rating"_s;
    case ChatBackend::Action::End:
        break;
    }
    return u"end"_s;
}

} // namespace

ServerChatBackend::ServerChatBackend(ServerAddress address, const Clock &clock, QString team, int connections)
    : m_address(address)
    , m_clock(clock)
    , m_team(std::move(team))
    , m_pool(std::move(address), u"deskline-chat-%1"_s.arg(quintptr(this), 0, 16), connections)
{}

ServerChatBackend::~ServerChatBackend()
{
    stop();
}

bool ServerChatBackend::start()
{
    QString error;
    m_stopping = false;
    if (!m_pool.start(&error)) {
        m_stopping = true;
        setError(error);
        return false;
    }
    // The functions are there and this login may call them, and the team is one: read once now
    // (and kept for the first visitor) rather than by the first visitor.
    const auto read = config();
    if (!read) {
        stop();
        return false;
    }
    if (!read->teamKnown) {
        setError(tr("No team is named \"%1\" on the server (--chat-team).").arg(m_team));
        stop();
        return false;
    }
    m_listener.reset(QThread::create([this] { listen(); }));
    m_listener->start();
    return true;
}

void ServerChatBackend::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_listener) {
        // Ends the listener's event loop, even one that has not begun yet.
        m_listener->quit();
        m_listener->wait();
        m_listener.reset();
    }
    m_pool.stop();
}

QString ServerChatBackend::errorString() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void ServerChatBackend::setError(const QString &error)
{
    std::lock_guard lock(m_mutex);
    m_error = error;
}

std::optional<QJsonValue> ServerChatBackend::call(const QString &signature, const QVariantList &values)
{
    std::optional<QJsonValue> result;
    QString error;
    const bool ran = m_pool.run([&](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (!ServerConnection::prepareReopening(db, query, u"SELECT deskline.%1::text"_s.arg(signature), &error))
            return;
        if (!ServerConnection::execReopening(db, query, values, &error) || !query.next())
            return;
        if (query.value(0).isNull()) {
            result = QJsonValue(QJsonValue::Null);
            return;
        }
        const QJsonDocument document = QJsonDocument::fromJson(query.value(0).toString().toUtf8());
        if (document.isObject())
            result = document.object();
        else
            error = tr("The server answered %1 with something other than an object.").arg(signature);
    });
    if (!ran)
        error = tr("The chat is stopping.");
    if (!result)
        setError(error);
    return result;
}

std::optional<ServerChatBackend::Config> ServerChatBackend::config()
{
    const auto now = std::chrono::steady_clock::now();
    quint64 epoch = 0;
    {
        std::lock_guard lock(m_mutex);
        const bool fresh = m_config && m_config->epoch == m_configEpoch &&
                           (m_listening || now - m_config->readAt < std::chrono::milliseconds(configCacheMs));
        if (fresh)
            return m_config;
        epoch = m_configEpoch;
    }
    const auto answered = call(u"gateway_chat_config(?)"_s, {m_team});
    std::lock_guard lock(m_mutex);
    if (!answered || !answered->isObject())
        return m_config; // the last one read, during a short outage; nothing before the first
    const QJsonObject object = answered->toObject();
    Config config;
    config.readAt = now;
    config.epoch = epoch;
    config.teamKnown = object.value(u"team_known"_s).toBool();
    if (object.value(u"calendar"_s).isObject()) {
        QString problem;
        if (const auto calendar = BusinessCalendar::fromJson(object.value(u"calendar"_s).toObject(), &problem))
            config.calendar = *calendar;
    }
    for (const QJsonValue &value : object.value(u"articles"_s).toArray()) {
        const QJsonObject article = value.toObject();
        CannedAnswer answer;
        answer.id = articleId(article.value(u"id"_s).toString());
        answer.isPublic = true;
        answer.title = article.value(u"title"_s).toString();
        answer.body = article.value(u"body"_s).toString();
        answer.language = article.value(u"language"_s).toString();
        answer.titleZh = article.value(u"title_zh"_s).toString();
        answer.bodyZh = article.value(u"body_zh"_s).toString();
        answer.titleEn = article.value(u"title_en"_s).toString();
        answer.bodyEn = article.value(u"body_en"_s).toString();
        config.articles.append(answer);
    }
    // A read that began before another one's must not replace it.
    if (!m_config || m_config->epoch <= epoch)
        m_config = config;
    return config;
}

std::optional<bool> ServerChatBackend::isOpenNow()
{
    const auto read = config();
    if (!read)
        return std::nullopt;
    return read->calendar.isOpenAt(m_clock.now().toUTC());
}

std::optional<QList<FaqArticle>> ServerChatBackend::searchFaq(const QString &query, const QString &language)
{
    const auto read = config();
    if (!read)
        return std::nullopt;
    return FaqSearch::search(read->articles, query, language);
}

ChatBackend::Started ServerChatBackend::startChat(const LiveChat::Start &start, bool leaveMessage)
{
    Started result;
    // Closed first, as on a standalone desk: outside service hours nothing else is looked at.
    if (!leaveMessage) {
        const auto open = isOpenNow();
        if (!open)
            return result;
        if (!*open) {
            result.outcome = Outcome::Refused;
            result.closed = true;
            return result;
        }
    }
    if (const QString problem = LiveChat::checkStart(start, leaveMessage); !problem.isEmpty()) {
        result.outcome = Outcome::Refused;
        result.errorText = problem;
        return result;
    }
    QJsonObject request{{u"chat"_s, !leaveMessage},
                        {u"customer_name"_s, LiveChat::customerNameFor(start)},
                        {u"email"_s, start.email.trimmed()},
                        {u"subject"_s, LiveChat::subjectFor(start, leaveMessage)},
                        {u"text"_s, LiveChat::cleaned(start.text)},
                        {u"language"_s, start.language},
                        {u"client_id"_s, newClientId()}};
    const QString token = leaveMessage ? QString() : LiveChat::newToken();
    if (!leaveMessage)
        request.insert(u"token_sha256"_s, LiveChat::tokenHash(token));
    if (!m_team.isEmpty())
        request.insert(u"team"_s, m_team);
    const auto answered = call(u"gateway_chat_start(?::jsonb)"_s,
                               {QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact))});
    if (!answered || !answered->isObject())
        return result;
    const qint64 ticketId = answered->toObject().value(u"ticket_id"_s).toInteger();
    result.outcome = Outcome::Done;
    result.started.ticketId = ticketId;
    // As the team's intake answers its sources: the server's number of the ticket.
    result.started.ticketLabel = u"#%1"_s.arg(ticketId);
    result.started.token = token;
    return result;
}

ChatBackend::Polled ServerChatBackend::since(const QString &token, qint64 afterMessageId)
{
    Polled result;
    if (!LiveChat::isToken(token)) {
        result.outcome = Outcome::Unknown;
        return result;
    }
    const auto answered = call(u"gateway_chat_since(?, ?)"_s, {LiveChat::tokenHash(token), afterMessageId});
    if (!answered)
        return result;
    if (!answered->isObject()) {
        result.outcome = Outcome::Unknown;
        return result;
    }
    const QJsonObject object = answered->toObject();
    result.outcome = Outcome::Done;
    result.ticketId = object.value(u"ticket_id"_s).toInteger();
    result.update.ended = object.value(u"ended"_s).toBool();
    result.update.agentTyping = object.value(u"agent_typing"_s).toBool();
    for (const QJsonValue &value : object.value(u"lines"_s).toArray())
        result.update.lines.append(lineFrom(value.toObject()));
    return result;
}

ChatBackend::Acted ServerChatBackend::act(const QString &token, Action action, const QString &text, int score)
{
    Acted result;
    if (!LiveChat::isToken(token)) {
        result.outcome = Outcome::Unknown;
        return result;
    }
    QString problem;
    QString kept;
    if (action == Action::Message) {
        problem = LiveChat::checkMessage(text);
        kept = LiveChat::cleaned(text);
    } else if (action == Action::Transcript) {
        kept = text.trimmed();
        problem = LiveChat::checkTranscriptAddress(kept);
    } else if (action == Action::Rating) {
        problem = LiveChat::checkRating(score, text);
        kept = LiveChat::cleaned(text);
    }
    if (!problem.isEmpty()) {
        result.outcome = Outcome::Refused;
        result.errorText = problem;
        return result;
    }
    // The message's id is made here, once: a statement run again after a lost connection finds
    // the message it wrote before instead of writing it twice.
    const auto answered = call(u"gateway_chat_act(?, ?, ?, ?, ?::uuid)"_s,
                               {LiveChat::tokenHash(token), actionName(action), kept, score, newClientId()});
    if (!answered || !answered->isObject())
        return result;
    const QJsonObject object = answered->toObject();
    const QString outcome = object.value(u"outcome"_s).toString();
    if (outcome == u"unknown") {
        result.outcome = Outcome::Unknown;
    } else if (outcome == u"ended") {
        result.outcome = Outcome::Ended;
        result.errorText = LiveChat::tr("This chat has ended.");
    } else {
        result.outcome = Outcome::Done;
        result.messageId = object.value(u"message_id"_s).toInteger();
        if (action == Action::End)
            mailTranscriptIfDue(LiveChat::tokenHash(token));
    }
    return result;
}

void ServerChatBackend::mailTranscriptIfDue(const QString &hash)
{
    QList<LiveChat::Line> lines;
    QString language;
    QString due;
    qint64 ticketId = 0;
    for (qint64 after = 0;;) {
        const auto answered = call(u"gateway_chat_since(?, ?)"_s, {hash, after});
        if (!answered || !answered->isObject())
            return;
        const QJsonObject object = answered->toObject();
        due = object.value(u"transcript_due"_s).toString();
        if (due.isEmpty())
            return;
        language = object.value(u"language"_s).toString();
        ticketId = object.value(u"ticket_id"_s).toInteger();
        const QJsonArray page = object.value(u"lines"_s).toArray();
        for (const QJsonValue &value : page) {
            lines.append(lineFrom(value.toObject()));
            after = std::max(after, lines.last().id);
        }
        if (page.size() < sincePageSize)
            break;
    }
    const QString transcript = ChatTranscript::text(language, u"#%1"_s.arg(ticketId), lines);
    call(u"gateway_chat_transcript(?, ?, ?, ?)"_s,
         {hash, due, transcript, ChatTranscript::unsentNote(due, transcript)});
}

void ServerChatBackend::mailDueTranscripts()
{
    const auto answered = call(u"gateway_chat_transcripts_due(20)"_s, {});
    if (!answered || !answered->isObject())
        return;
    for (const QJsonValue &hash : answered->toObject().value(u"due"_s).toArray())
        mailTranscriptIfDue(hash.toString());
}

quint64 ServerChatBackend::generation(qint64 ticketId) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_generations.find(ticketId);
    return m_everyone + (found == m_generations.end() ? 0 : found->second);
}

quint64 ServerChatBackend::waitPast(qint64 ticketId, quint64 seen, std::chrono::steady_clock::time_point until)
{
    const auto current = [&] {
        const auto found = m_generations.find(ticketId);
        return m_everyone + (found == m_generations.end() ? 0 : found->second);
    };
    if (!m_listening)
        until = std::min(until, std::chrono::steady_clock::now() + pollWithoutListening);
    std::unique_lock lock(m_mutex);
    ++m_waiting;
    m_changed.wait_until(lock, until, [&] { return m_stopping || current() > seen; });
    --m_waiting;
    return current();
}

void ServerChatBackend::wake(qint64 ticketId)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_generations.size() >= maxRemembered && !m_generations.contains(ticketId)) {
            // Forgetting the chats' own counts must not move any chat's generation back.
            quint64 highest = 0;
            for (const auto &[ticket, generation] : m_generations)
                highest = std::max(highest, generation);
            m_generations.clear();
            m_everyone += highest + 1;
        }
        ++m_generations[ticketId];
    }
    m_changed.notify_all();
}

void ServerChatBackend::wakeAll()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_everyone;
    }
    m_changed.notify_all();
}

void ServerChatBackend::listen()
{
    const QString name = u"deskline-chat-listen-%1"_s.arg(quintptr(this), 0, 16);
    QObject context;
    const auto drop = [&] {
        // Polls waiting for a notification now look every second instead: wake them to start.
        if (m_listening.exchange(false))
            wakeAll();
        if (!QSqlDatabase::contains(name))
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.driver())
                db.driver()->disconnect(&context);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    };
    const auto connectNow = [&] {
        drop();
        ServerConnection connection;
        if (!connection.open(m_address, name))
            return;
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (!db.driver()->subscribeToNotification(u"deskline_chat"_s))
            return;
        QObject::connect(db.driver(), &QSqlDriver::notification, &context,
                         [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                             if (payload.toString() == u"config"_s) {
                                 std::lock_guard lock(m_mutex);
                                 ++m_configEpoch;
                                 return;
                             }
                             bool ok = false;
                             const qint64 ticketId = payload.toString().toLongLong(&ok);
                             if (ok)
                                 wake(ticketId);
                         });
        m_listening = true;
        // What changed while nobody listened: every chat reads once more, and so does the FAQ.
        {
            std::lock_guard lock(m_mutex);
            ++m_configEpoch;
        }
        wakeAll();
    };
    QTimer probe;
    probe.setInterval(listenProbeInterval);
    // QPSQL says nothing when the LISTEN connection dies, so ask it something.
    QObject::connect(&probe, &QTimer::timeout, &context, [&] {
        bool alive = false;
        if (QSqlDatabase::contains(name)) {
            QSqlQuery query(QSqlDatabase::database(name, false));
            alive = query.exec(u"SELECT 1"_s) && query.next();
        }
        if (!alive)
            connectNow();
    });
    QTimer sweep;
    sweep.setInterval(transcriptSweepInterval);
    QObject::connect(&sweep, &QTimer::timeout, &context, [this] { mailDueTranscripts(); });
    connectNow();
    probe.start();
    sweep.start();
    mailDueTranscripts();
    QEventLoop loop;
    loop.exec();
    probe.stop();
    sweep.stop();
    drop();
}
