#include "intakecommands.h"

#include "chatservice.h"
#include "clock.h"
#include "commandline.h"
#include "intakeservice.h"
#include "intakesources.h"
#include "localchatbackend.h"
#include "localintakebackend.h"
#include "localstore.h"
#include "serverchatbackend.h"
#include "serverconnection.h"
#include "serverintakebackend.h"
#include "serversession.h"
#include "teamintakesources.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QUrl>

#include <atomic>

using namespace Qt::StringLiterals;

namespace cli {

QCommandLineOption secretsFileOption()
{
    return QCommandLineOption(u"secrets-file"_s,
                              Deskctl::tr("With --url: the owner-only file of the sources' secrets that the gateway "
                                          "reads (one named after the server in this user's settings)."),
                              u"FILE"_s);
}

QString teamSecretsPath(const QCommandLineParser &parser, const ServerAddress &address)
{
    return parser.isSet(secretsFileOption()) ? parser.value(secretsFileOption())
                                             : IntakeSecrets::pathFor(gatewayFileBase(address));
}

namespace {

QCommandLineOption sourceNameOption()
{
    return QCommandLineOption(u"name"_s, Deskctl::tr("The source's name."), u"NAME"_s);
}

// The source commands' options for either a standalone store or the team's server.
void addStoreOrServerOptions(QCommandLineParser &parser)
{
    parser.addOption(databaseOption());
    parser.addOption(urlOption());
    parser.addOption(secretsFileOption());
}

bool readPem(const QString &path, QByteArray *into)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(Deskctl::tr("Could not read %1: %2").arg(path, file.errorString()));
        return false;
    }
    *into = file.read(1024 * 1024);
    return true;
}

} // namespace

int addSource(const QStringList &arguments)
{
    QCommandLineParser parser;
    addStoreOrServerOptions(parser);
    parser.addOption(sourceNameOption());
    const QCommandLineOption team(u"team"_s, Deskctl::tr("With --url: the queue its tickets go to."), u"TEAM"_s);
    parser.addOption(team);
    const QCommandLineOption channel(
        u"channel"_s, Deskctl::tr("web, social, chat or phone (a telephone system's call events)."), u"CHANNEL"_s);
    const QCommandLineOption replyUrl(
        u"reply-url"_s, Deskctl::tr("Where the agents' public replies go as signed webhooks (https)."), u"URL"_s);
    const QCommandLineOption rate(u"rate-limit"_s,
                                  Deskctl::tr("Requests a minute the source may post before it is told to wait (%1).")
                                      .arg(IntakeSource::defaultRequestsPerMinute),
                                  u"N"_s, QString::number(IntakeSource::defaultRequestsPerMinute));
    parser.addOptions({channel, replyUrl, rate});
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Add a source that posts requests to the gateway over HTTP; prints its secret.")))
        return 2;
    IntakeSource input;
    input.name = parser.value(sourceNameOption());
    const auto named = fieldFromKey<Channel>(parser.value(channel).trimmed().toLower());
    if (!named || *named == Channel::Email)
        return fail(Deskctl::tr("--channel takes web, social, chat or phone."));
    input.channel = *named;
    input.replyUrl = parser.value(replyUrl);
    bool ok = false;
    input.requestsPerMinute = parser.value(rate).toInt(&ok);
    if (!ok)
        return fail(Deskctl::tr("--rate-limit takes a whole number."));
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    if (!server && parser.isSet(team))
        return fail(Deskctl::tr("--team is for a team's server (--url)."));
    std::optional<QString> secret;
    QString secretsPath;
    if (server) {
        ServerSession session;
        if (!session.open(parser))
            return 1;
        IntakeSecrets secrets(teamSecretsPath(parser, session.address()));
        secretsPath = secrets.path();
        TeamIntakeSources sources(session.db(), secrets);
        secret = sources.add(input, parser.value(team));
        if (!secret)
            return fail(sources.errorString());
    } else {
        SystemClock clock;
        LocalStore store(clock);
        if (!openStore(store, parser))
            return 1;
        IntakeSecrets secrets(IntakeSecrets::pathFor(parser.value(databaseOption())));
        secretsPath = secrets.path();
        IntakeSources sources(store, secrets);
        secret = sources.add(input);
        if (!secret)
            return fail(sources.errorString());
    }
    // The secret on a line of its own, so that a script can take it with tail -n 1.
    out() << Deskctl::tr("Source \"%1\" added. Sign its requests with this secret (shown once; kept in %2):")
                 .arg(input.name.trimmed(), secretsPath)
          << "\n"
          << *secret << Qt::endl;
    return 0;
}

int listSources(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    parser.addOption(urlOption());
    const QCommandLineOption json(u"json"_s, Deskctl::tr("As JSON, for scripts."));
    parser.addOption(json);
    if (!parseCommand(parser, arguments, Deskctl::tr("List the sources that post requests over HTTP.")))
        return 2;
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    QList<ServerIntakeSources::Listed> listed;
    if (server) {
        ServerSession session;
        if (!session.open(parser))
            return 1;
        ServerIntakeSources sources(session.db());
        const auto all = sources.list();
        if (!all)
            return fail(sources.errorString());
        listed = *all;
    } else {
        SystemClock clock;
        LocalStore store(clock);
        if (!openStore(store, parser))
            return 1;
        IntakeSecrets secrets(IntakeSecrets::pathFor(parser.value(databaseOption())));
        const IntakeSources sources(store, secrets);
        for (const IntakeSource &source : sources.sources())
            listed.append({source, QString()});
    }
    QJsonArray list;
    for (const auto &[s, team] : std::as_const(listed)) {
        if (parser.isSet(json)) {
            QJsonObject entry{{u"name"_s, s.name},
                              {u"channel"_s, fieldKey(s.channel)},
                              {u"reply_url"_s, s.replyUrl},
                              {u"requests_per_minute"_s, s.requestsPerMinute}};
            if (server)
                entry.insert(u"team"_s, team);
            list.append(entry);
            continue;
        }
        out() << s.name << "  " << fieldLabel(s.channel) << "\n"
              << "  "
              << Deskctl::tr("Replies go to: %1").arg(s.replyUrl.isEmpty() ? Deskctl::tr("nowhere") : s.replyUrl)
              << "\n  " << Deskctl::tr("At most %1 requests a minute").arg(s.requestsPerMinute) << "\n";
        if (!team.isEmpty())
            out() << "  " << Deskctl::tr("Tickets go to: %1").arg(team) << "\n";
    }
    if (parser.isSet(json))
        out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
    out().flush();
    return 0;
}

int rotateSecret(const QStringList &arguments)
{
    QCommandLineParser parser;
    addStoreOrServerOptions(parser);
    parser.addOption(sourceNameOption());
    const QCommandLineOption grace(u"grace-hours"_s,
                                   Deskctl::tr("How long the secret before stays valid (24; 0: not at all)."),
                                   u"HOURS"_s, u"24"_s);
    parser.addOption(grace);
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Give a source a new secret; the one before stays valid for a grace period.")))
        return 2;
    bool ok = false;
    const int hours = parser.value(grace).toInt(&ok);
    if (!ok || hours < 0 || hours > 24 * 90)
        return fail(Deskctl::tr("--grace-hours takes a whole number from 0 to 2160."));
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    const qint64 graceMs = qint64(hours) * 3600 * 1000;
    std::optional<QString> secret;
    SystemClock clock;
    if (server) {
        ServerSession session;
        if (!session.open(parser))
            return 1;
        IntakeSecrets secrets(teamSecretsPath(parser, session.address()));
        TeamIntakeSources sources(session.db(), secrets);
        secret = sources.rotateSecret(parser.value(sourceNameOption()), graceMs, clock.now().toMSecsSinceEpoch());
        if (!secret)
            return fail(sources.errorString());
    } else {
        LocalStore store(clock);
        if (!openStore(store, parser))
            return 1;
        IntakeSecrets secrets(IntakeSecrets::pathFor(parser.value(databaseOption())));
        IntakeSources sources(store, secrets);
        secret = sources.rotateSecret(parser.value(sourceNameOption()), graceMs);
        if (!secret)
            return fail(sources.errorString());
    }
    out() << Deskctl::tr("New secret for \"%1\"; the one before stays valid for %n hour(s):", nullptr, hours)
                 .arg(parser.value(sourceNameOption()))
          << "\n"
          << *secret << Qt::endl;
    return 0;
}

int removeSource(const QStringList &arguments)
{
    QCommandLineParser parser;
    addStoreOrServerOptions(parser);
    parser.addOption(sourceNameOption());
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Remove a source and its secrets. Its tickets stay; its requests are refused.")))
        return 2;
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    if (server) {
        ServerSession session;
        if (!session.open(parser))
            return 1;
        IntakeSecrets secrets(teamSecretsPath(parser, session.address()));
        TeamIntakeSources sources(session.db(), secrets);
        if (!sources.remove(parser.value(sourceNameOption())))
            return fail(sources.errorString());
    } else {
        SystemClock clock;
        LocalStore store(clock);
        if (!openStore(store, parser))
            return 1;
        IntakeSecrets secrets(IntakeSecrets::pathFor(parser.value(databaseOption())));
        IntakeSources sources(store, secrets);
        if (!sources.remove(parser.value(sourceNameOption())))
            return fail(sources.errorString());
    }
    out() << Deskctl::tr("Source \"%1\" removed.").arg(parser.value(sourceNameOption())) << Qt::endl;
    return 0;
}

QList<QCommandLineOption> intakeOptions()
{
    return {
        QCommandLineOption(u"listen"_s,
                           Deskctl::tr("Where the HTTP intake listens: ADDRESS:PORT (127.0.0.1:8925), or off."),
                           u"ADDRESS:PORT"_s, u"127.0.0.1:8925"_s),
        QCommandLineOption(u"tls-cert"_s, Deskctl::tr("Serve HTTPS with this certificate chain (PEM)."), u"PEM"_s),
        QCommandLineOption(u"tls-key"_s, Deskctl::tr("The certificate's private key (PEM)."), u"PEM"_s),
        QCommandLineOption(u"chat-listen"_s,
                           Deskctl::tr("Where the chat page and its endpoints are served: ADDRESS:PORT "
                                       "(127.0.0.1:8926), or off."),
                           u"ADDRESS:PORT"_s, u"127.0.0.1:8926"_s),
        QCommandLineOption(u"chat-frame-ancestor"_s,
                           Deskctl::tr("A site that may show the chat page in its launcher's frame "
                                       "(https://www.example.com); repeat for more. None given: any site."),
                           u"ORIGIN"_s),
        QCommandLineOption(u"chat-trusted-proxy"_s,
                           Deskctl::tr("A reverse proxy in front of the chat page (its address): its visitors are "
                                       "counted by the address it adds to X-Forwarded-For; repeat for more."),
                           u"ADDRESS"_s),
        QCommandLineOption(u"chat-team"_s,
                           Deskctl::tr("With --url: the team whose queue new chats go to (its name). None given: "
                                       "no team's queue, every agent's."),
                           u"TEAM"_s),
    };
}

namespace {

// ADDRESS:PORT of --listen or --chat-listen; false (said) when it is not that.
bool parseListen(const QString &option, const QString &value, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = value.lastIndexOf(u':');
    bool ok = false;
    const int number = colon > 0 ? value.mid(colon + 1).toInt(&ok) : -1;
    QString host = value.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    *address = QHostAddress(host);
    if (!ok || number < 0 || number > 65535 || address->isNull()) {
        fail(Deskctl::tr("--%1 takes ADDRESS:PORT, such as 127.0.0.1:8925 or [::1]:8925, or off.").arg(option));
        return false;
    }
    *port = quint16(number);
    return true;
}

enum class Listening { Off, On, Wrong };

// Where a server of the gateway listens (--listen or --chat-listen: ADDRESS:PORT, or off) and
// its certificate (--tls-cert with --tls-key), into http; Wrong once said why.
Listening listeningFrom(const QCommandLineParser &parser, const QString &option, HttpServer::Options *http)
{
    const QString listen = parser.value(option).trimmed();
    if (listen == u"off"_s)
        return Listening::Off;
    if (!parseListen(option, listen, &http->address, &http->port))
        return Listening::Wrong;
    if (parser.isSet(u"tls-cert"_s) != parser.isSet(u"tls-key"_s)) {
        fail(Deskctl::tr("HTTPS needs both --tls-cert and --tls-key."));
        return Listening::Wrong;
    }
    if (parser.isSet(u"tls-cert"_s) && (!readPem(parser.value(u"tls-cert"_s), &http->tlsCertificatePem) ||
                                        !readPem(parser.value(u"tls-key"_s), &http->tlsKeyPem)))
        return Listening::Wrong;
    return Listening::On;
}

} // namespace

namespace {

std::unique_ptr<ChatService> startChatOn(const QCommandLineParser &parser, std::unique_ptr<ChatBackend> backend,
                                         const Clock &clock, const std::function<void(const QString &)> &log,
                                         bool *failed)
{
    ChatService::Options options;
    const Listening listening = listeningFrom(parser, u"chat-listen"_s, &options.http);
    *failed = listening == Listening::Wrong;
    if (listening != Listening::On)
        return nullptr;
    for (const QString &origin : parser.values(u"chat-frame-ancestor"_s)) {
        const QUrl url(origin.trimmed());
        if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s) || url.host().isEmpty() ||
            !url.path().isEmpty()) {
            *failed = true;
            fail(Deskctl::tr("--chat-frame-ancestor takes a site's origin, such as https://www.example.com."));
            return nullptr;
        }
        options.frameAncestors.append(url.toString(QUrl::FullyEncoded));
    }
    for (const QString &proxy : parser.values(u"chat-trusted-proxy"_s)) {
        const QHostAddress address(proxy.trimmed());
        if (address.isNull()) {
            *failed = true;
            fail(Deskctl::tr("--chat-trusted-proxy takes an IP address, such as 10.0.0.5."));
            return nullptr;
        }
        options.trustedProxies.append(address);
    }
    auto service = std::make_unique<ChatService>(std::move(backend), clock, options);
    service->setLog(log);
    if (!service->start()) {
        *failed = true;
        fail(service->errorString());
        return nullptr;
    }
    return service;
}

} // namespace

std::unique_ptr<ChatService> startChat(const QCommandLineParser &parser, const QString &storePath, const Clock &clock,
                                       const std::function<void(const QString &)> &log, bool *failed)
{
    return startChatOn(parser, std::make_unique<LocalChatBackend>(storePath, clock), clock, log, failed);
}

std::unique_ptr<ChatService> startTeamChat(const QCommandLineParser &parser, const ServerAddress &address,
                                           const Clock &clock, const std::function<void(const QString &)> &log,
                                           bool *failed)
{
    return startChatOn(parser,
                       std::make_unique<ServerChatBackend>(address, clock, parser.value(u"chat-team"_s).trimmed()),
                       clock, log, failed);
}

namespace {

std::unique_ptr<IntakeService> startIntakeOn(const QCommandLineParser &parser, IntakeService::BackendFactory backends,
                                             int threads, const QString &secretsPath, const Clock &clock,
                                             const std::function<void(const QString &)> &log, bool *failed)
{
    IntakeService::Options options;
    const Listening listening = listeningFrom(parser, u"listen"_s, &options.http);
    options.http.threads = threads;
    *failed = listening == Listening::Wrong;
    if (listening != Listening::On)
        return nullptr;
    auto service = std::make_unique<IntakeService>(std::move(backends), secretsPath, clock, options);
    service->setLog(log);
    if (!service->start()) {
        *failed = true;
        fail(service->errorString());
        return nullptr;
    }
    return service;
}

} // namespace

std::unique_ptr<IntakeService> startIntake(const QCommandLineParser &parser, const QString &storePath,
                                           const Clock &clock, const std::function<void(const QString &)> &log,
                                           bool *failed)
{
    // One thread: the store takes one writer at a time anyway.
    return startIntakeOn(parser, LocalIntakeBackend::factory(storePath, clock), 1, IntakeSecrets::pathFor(storePath),
                         clock, log, failed);
}

std::unique_ptr<IntakeService> startTeamIntake(const QCommandLineParser &parser, const ServerAddress &address,
                                               const Clock &clock, const std::function<void(const QString &)> &log,
                                               bool *failed)
{
    static std::atomic<int> connections = 0;
    IntakeService::BackendFactory backends = [address](QString *problem) -> std::unique_ptr<IntakeBackend> {
        const QString name = u"deskctl-intake-%1"_s.arg(++connections);
        ServerConnection connection;
        if (!connection.open(address, name)) {
            *problem = connection.errorString();
            QSqlDatabase::removeDatabase(name);
            return nullptr;
        }
        return std::make_unique<ServerIntakeBackend>(name);
    };
    return startIntakeOn(parser, std::move(backends), ServerIntakeBackend::httpThreads,
                         teamSecretsPath(parser, address), clock, log, failed);
}

} // namespace cli
