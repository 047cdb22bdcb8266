#include "mailcommands.h"

#include "channelservice.h"
#include "chatservice.h"
#include "clock.h"
#include "commandline.h"
#include "intakecommands.h"
#include "intakeservice.h"
#include "localstore.h"
#include "mailboxcheck.h"
#include "mailgateway.h"
#include "mailgatewayservice.h"
#include "mailpasswords.h"
#include "mailsecret.h"
#include "mailserveraddress.h"
#include "mailstore.h"
#include "replywebhookoutbox.h"
#include "replywebhooksender.h"
#include "replywebhookservice.h"
#include "serverconnection.h"
#include "servermailbackend.h"
#include "servermailboxes.h"
#include "serverreplywebhookoutbox.h"
#include "serversession.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace cli {
namespace {

QCommandLineOption nameOption()
{
    return QCommandLineOption(u"name"_s, Deskctl::tr("The mailbox's name."), u"NAME"_s);
}

// The password typed at the terminal without echo, or a line from a pipe.
QByteArray readPassword(const QString &login)
{
    err() << Deskctl::tr("Password for %1: ").arg(login);
    err().flush();
#ifdef Q_OS_UNIX
    const bool terminal = isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
#endif
    std::string line;
    std::getline(std::cin, line);
#ifdef Q_OS_UNIX
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        err() << Qt::endl;
    }
#endif
    return QByteArray::fromStdString(line).trimmed();
}

int addMailbox(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    parser.addOption(nameOption());
    const QCommandLineOption address(u"address"_s, Deskctl::tr("What customers write to, and the From of replies."),
                                     u"ADDRESS"_s);
    const QCommandLineOption imap(u"imap"_s,
                                  Deskctl::tr("Where mail is read: imaps://LOGIN@HOST:PORT/FOLDER, or imap://… with "
                                              "STARTTLS."),
                                  u"URL"_s);
    const QCommandLineOption smtp(u"smtp"_s,
                                  Deskctl::tr("Where replies are sent: smtps://LOGIN@HOST:PORT, or smtp://… with "
                                              "STARTTLS."),
                                  u"URL"_s);
    const QCommandLineOption startTls(u"starttls"_s,
                                      Deskctl::tr("The imap:// and smtp:// servers upgrade with STARTTLS (they always "
                                                  "must: a password is never sent unencrypted)."));
    const QCommandLineOption team(u"team"_s, Deskctl::tr("The queue new tickets go to."), u"TEAM"_s);
    const QCommandLineOption passwordFile(
        u"password-file"_s,
        Deskctl::tr("A file, readable by its owner only, with the password on its first line (on a server). "
                    "Without it the password is asked for and kept in the system keychain."),
        u"FILE"_s);
    const QCommandLineOption caFile(u"ca-file"_s, Deskctl::tr("A private CA (PEM) to trust besides the system's."),
                                    u"PEM"_s);
    const QCommandLineOption maxAttachment(
        u"max-attachment-mb"_s, Deskctl::tr("Attachments bigger than this are noted, not kept (25)."), u"N"_s, u"25"_s);
    parser.addOptions({address, imap, smtp, startTls, team, passwordFile, caFile, maxAttachment, urlOption()});
    if (!parseCommand(parser, arguments, Deskctl::tr("Add a mailbox whose mail becomes tickets.")))
        return 2;
    bool server = false;
    if (!onServer(parser, &server))
        return 2;

    ChannelService::MailboxInput input;
    input.name = parser.value(nameOption());
    input.address = parser.value(address);
    input.imapUrl = parser.value(imap);
    input.smtpUrl = parser.value(smtp);
    input.passwordFile = parser.value(passwordFile);
    input.caFile = parser.value(caFile);
    bool ok = false;
    input.maxAttachmentMegabytes = parser.value(maxAttachment).toInt(&ok);
    if (!ok)
        return fail(Deskctl::tr("--max-attachment-mb takes a whole number from 1 to 1024."));
    if (parser.isSet(startTls) && parser.value(imap).startsWith(u"imaps:", Qt::CaseInsensitive) &&
        parser.value(smtp).startsWith(u"smtps:", Qt::CaseInsensitive))
        return fail(Deskctl::tr("--starttls is for imap:// and smtp:// URLs; imaps:// and smtps:// are TLS from the "
                                "start."));

    if (server) {
        // The gateway runs beside the server under its own user: the password waits for it in a
        // file only that user reads, never in the database.
        if (input.passwordFile.isEmpty())
            return fail(Deskctl::tr("With --url, give --password-file FILE: the gateway reads the password from that "
                                    "file (readable by its user only) on the machine it runs on."));
        QString problem;
        const auto checked = ChannelService::checkFields(input, &problem);
        if (!checked)
            return fail(problem);
        ServerSession session;
        if (!session.open(parser))
            return 1;
        ServerMailboxes mailboxes(session.db());
        if (!mailboxes.add(*checked, parser.value(team)))
            return fail(mailboxes.errorString());
        out() << Deskctl::tr("Mailbox \"%1\" added (%2). Check it with: deskctl channel test-mailbox --name \"%1\"")
                     .arg(checked->name, checked->address)
              << Qt::endl;
        return 0;
    }

    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    ChannelService channels(store, ChannelService::Caller::StoreOwner);
    if (parser.isSet(team)) {
        const QString wanted = parser.value(team).trimmed();
        for (const Team &t : channels.teams()) {
            if (t.name.compare(wanted, Qt::CaseInsensitive) == 0)
                input.teamId = t.id;
        }
        if (input.teamId == 0)
            return fail(Deskctl::tr("There is no team \"%1\".").arg(wanted));
    }
    // Everything is checked before a password is asked for or kept.
    const auto mailbox = channels.check(input);
    if (!mailbox)
        return fail(channels.errorString());
    QString error;
    if (mailbox->passwordFile.isEmpty()) {
        const QByteArray password = readPassword(MailServerAddress::parse(mailbox->imapUrl).login());
        if (password.isEmpty())
            return fail(Deskctl::tr("No password was given."));
        if (!MailPasswords::store(*mailbox, password, &error))
            return fail(error);
    }
    if (!channels.add(input))
        return fail(channels.errorString());
    out() << Deskctl::tr("Mailbox \"%1\" added (%2). Check it with: deskctl channel test-mailbox --name \"%1\"")
                 .arg(mailbox->name, mailbox->address)
          << Qt::endl;
    return 0;
}

int listMailboxes(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption json(u"json"_s, Deskctl::tr("As JSON, for scripts."));
    parser.addOptions({json, urlOption()});
    if (!parseCommand(parser, arguments, Deskctl::tr("List the mailboxes whose mail becomes tickets.")))
        return 2;
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    QList<ServerMailboxes::Listed> listed;
    if (server) {
        ServerSession session;
        if (!session.open(parser))
            return 1;
        ServerMailboxes mailboxes(session.db());
        listed = mailboxes.list();
        if (!mailboxes.errorString().isEmpty())
            return fail(mailboxes.errorString());
    } else {
        SystemClock clock;
        LocalStore store(clock);
        if (!openStore(store, parser))
            return 1;
        const ChannelService channels(store, ChannelService::Caller::StoreOwner);
        for (const Mailbox &m : channels.mailboxes())
            listed.append({m, channels.teamName(m.teamId)});
    }
    QJsonArray list;
    for (const auto &[m, teamName] : std::as_const(listed)) {
        if (parser.isSet(json)) {
            list.append(QJsonObject{{u"name"_s, m.name},
                                    {u"address"_s, m.address},
                                    {u"imap"_s, m.imapUrl},
                                    {u"smtp"_s, m.smtpUrl},
                                    {u"team"_s, teamName},
                                    {u"password"_s, m.passwordFile.isEmpty() ? u"keychain"_s : m.passwordFile},
                                    {u"ca_file"_s, m.caFile},
                                    {u"max_attachment_bytes"_s, m.maxAttachmentBytes},
                                    {u"uid_validity"_s, qint64(m.uidValidity)},
                                    {u"last_uid"_s, qint64(m.lastUid)}});
            continue;
        }
        out() << m.name << "  <" << m.address << ">\n"
              << "  " << Deskctl::tr("IMAP: %1").arg(m.imapUrl) << "\n"
              << "  " << Deskctl::tr("SMTP: %1").arg(m.smtpUrl) << "\n"
              << "  "
              << (m.passwordFile.isEmpty() ? Deskctl::tr("Password: in the keychain")
                                           : Deskctl::tr("Password: in %1").arg(m.passwordFile))
              << "\n";
        if (!teamName.isEmpty())
            out() << "  " << Deskctl::tr("New tickets go to: %1").arg(teamName) << "\n";
        out() << "  " << Deskctl::tr("Read up to UID %1 (UIDVALIDITY %2)").arg(m.lastUid).arg(m.uidValidity) << "\n";
    }
    if (parser.isSet(json))
        out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
    out().flush();
    return 0;
}

int removeMailbox(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    parser.addOption(nameOption());
    parser.addOption(urlOption());
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Remove a mailbox. Its tickets and mails stay; replies not yet sent from it "
                                  "are shown as not delivered.")))
        return 2;
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    if (server) {
        ServerSession session;
        if (!session.open(parser))
            return 1;
        ServerMailboxes mailboxes(session.db());
        if (!mailboxes.remove(parser.value(nameOption())))
            return fail(mailboxes.errorString());
        out() << Deskctl::tr("Mailbox \"%1\" removed.").arg(parser.value(nameOption())) << Qt::endl;
        return 0;
    }
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    MailStore mails(store);
    const auto mailbox = mails.mailboxByName(parser.value(nameOption()));
    if (!mailbox)
        return fail(Deskctl::tr("There is no mailbox named \"%1\".").arg(parser.value(nameOption())));
    ChannelService channels(store, ChannelService::Caller::StoreOwner);
    if (!channels.remove(mailbox->id))
        return fail(channels.errorString());
    QString error;
    if (mailbox->passwordFile.isEmpty() && !MailPasswords::forget(*mailbox, &error))
        err() << Deskctl::tr("The mailbox is removed, but its password could not be deleted from the keychain: %1")
                     .arg(error)
              << Qt::endl;
    out() << Deskctl::tr("Mailbox \"%1\" removed.").arg(mailbox->name) << Qt::endl;
    return 0;
}

int testMailbox(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    parser.addOption(nameOption());
    const QCommandLineOption timeout(u"timeout"_s, Deskctl::tr("Seconds to wait for each server (15)."), u"S"_s,
                                     u"15"_s);
    parser.addOptions({timeout, urlOption()});
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Connect to a mailbox's IMAP and SMTP servers and say what fails, sending nothing.")))
        return 2;
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    std::optional<Mailbox> mailbox;
    if (server) {
        ServerSession session;
        if (!session.open(parser))
            return 1;
        ServerMailboxes mailboxes(session.db());
        const auto found = mailboxes.byName(parser.value(nameOption()));
        if (!found)
            return fail(mailboxes.errorString());
        mailbox = found->mailbox;
    } else {
        SystemClock clock;
        LocalStore store(clock);
        if (!openStore(store, parser))
            return 1;
        mailbox = MailStore(store).mailboxByName(parser.value(nameOption()));
    }
    if (!mailbox)
        return fail(Deskctl::tr("There is no mailbox named \"%1\".").arg(parser.value(nameOption())));
    QString error;
    const auto password = MailPasswords::read(*mailbox, &error);
    if (!password)
        return fail(error);
    const int seconds = qBound(1, parser.value(timeout).toInt(), 300);
    const MailboxCheck::Report report = MailboxCheck::run(*mailbox, *password, seconds * 1000);
    out() << (report.imap.ok ? Deskctl::tr("IMAP: ok, %n message(s) in the folder", nullptr, int(report.messages))
                             : Deskctl::tr("IMAP: %1").arg(report.imap.problem))
          << Qt::endl;
    out() << (report.smtp.ok ? Deskctl::tr("SMTP: ok") : Deskctl::tr("SMTP: %1").arg(report.smtp.problem)) << Qt::endl;
    return report.ok() ? 0 : 1;
}

MailGatewayService *runningService = nullptr;

extern "C" void stopOnSignal(int)
{
    if (runningService)
        runningService->stopFlag() = true;
}

void logLine(const QString &line)
{
    // One line each, whole, whichever worker writes it.
    static QMutex mutex;
    QMutexLocker lock(&mutex);
    out() << QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) << ' ' << line << Qt::endl;
}

} // namespace

int channel(QStringList arguments)
{
    const QString usage =
        Deskctl::tr("Usage: deskctl channel add-mailbox|list-mailboxes|remove-mailbox|test-mailbox|add-source|"
                    "list-sources|rotate-secret|remove-source [options]\n");
    if (arguments.size() < 2) {
        err() << usage;
        return 2;
    }
    const QString command = arguments.at(1);
    arguments.removeAt(1);
    arguments[0] += u" "_s + command;
    if (command == u"add-mailbox")
        return addMailbox(arguments);
    if (command == u"list-mailboxes")
        return listMailboxes(arguments);
    if (command == u"remove-mailbox")
        return removeMailbox(arguments);
    if (command == u"test-mailbox")
        return testMailbox(arguments);
    if (command == u"add-source")
        return addSource(arguments);
    if (command == u"list-sources")
        return listSources(arguments);
    if (command == u"rotate-secret")
        return rotateSecret(arguments);
    if (command == u"remove-source")
        return removeSource(arguments);
    err() << Deskctl::tr("Unknown channel command \"%1\".").arg(command) << "\n" << usage;
    return 2;
}

namespace {

void printTally(const MailGateway::Tally &tally)
{
    out() << Deskctl::tr("%n mail(s) read: ", nullptr, tally.fetched)
          << Deskctl::tr("%1 new tickets, %2 added to tickets, %3 follow-ups, %4 already taken, %5 set aside; ")
                 .arg(tally.newTickets)
                 .arg(tally.addedToTickets)
                 .arg(tally.followUps)
                 .arg(tally.duplicates)
                 .arg(tally.setAside)
          << Deskctl::tr("%n reply(s) sent, ", nullptr, tally.sent)
          << Deskctl::tr("%1 to try again, %2 not delivered.").arg(tally.retrying).arg(tally.failed) << Qt::endl;
}

int runService(MailGatewayService &service, const QString &where)
{
    QObject::connect(&service, &MailGatewayService::logged, &logLine);
    runningService = &service;
    std::signal(SIGTERM, stopOnSignal);
    std::signal(SIGINT, stopOnSignal);
    logLine(Deskctl::tr("gateway started on %1").arg(where));
    const bool ran = service.run();
    runningService = nullptr;
    if (!ran)
        return fail(service.errorString());
    logLine(Deskctl::tr("gateway stopped"));
    return 0;
}

// Where a team gateway keeps its key for the HMAC in our Message-IDs when --key-file is not
// given: per server and database, in the service user's configuration. Gateways of one team
// on several machines share the file's contents.
// --once: the replies due to intake sources, sent now and told; false when the queue refused.
bool sendReplyWebhooksOnce(ReplyWebhookQueue &queue, const QString &secretsPath)
{
    ReplyWebhookSender webhooks(queue, secretsPath);
    webhooks.setLog(&logLine);
    const ReplyWebhookSender::Tally sent = webhooks.sendDue();
    if (sent.sent + sent.retrying + sent.failed > 0 || !sent.problems.isEmpty())
        out() << Deskctl::tr("%n reply webhook(s) sent, ", nullptr, sent.sent)
              << Deskctl::tr("%1 to try again, %2 not delivered.").arg(sent.retrying).arg(sent.failed) << Qt::endl;
    for (const QString &problem : sent.problems)
        logLine(problem);
    return sent.problems.isEmpty();
}

int teamGateway(const QCommandLineParser &parser, bool once, int flood, const QString &keyFile)
{
    ServerSession session(u"deskctl-gateway-check"_s);
    if (!session.open(parser))
        return 1;
    const ServerAddress address = session.address();
    QString error;
    // MailSecret names the key after a store: <base>.mailkey.
    const QString keyBase = keyFile.isEmpty()                 ? gatewayFileBase(address)
                            : keyFile.endsWith(u".mailkey"_s) ? keyFile.chopped(8)
                                                              : keyFile;
    const auto secret = MailSecret::loadOrCreate(keyBase, &error);
    if (!secret)
        return fail(error);
    static std::atomic<int> connections = 0;
    const MailGatewayService::BackendFactory backends =
        [address, secret = *secret](QString *problem) -> std::unique_ptr<MailBackend> {
        const QString name = u"deskctl-gateway-%1"_s.arg(++connections);
        ServerConnection connection;
        if (!connection.open(address, name)) {
            *problem = connection.errorString();
            QSqlDatabase::removeDatabase(name);
            return nullptr;
        }
        return std::make_unique<ServerMailBackend>(name, secret);
    };
    if (once) {
        QString problem;
        const std::unique_ptr<MailBackend> backend = backends(&problem);
        if (!backend)
            return fail(problem);
        MailGateway gateway(*backend);
        gateway.setFloodLimit(flood);
        gateway.setLog(&logLine);
        const MailGateway::Tally tally = gateway.runOnce();
        printTally(tally);
        const QString name = u"deskctl-replies-once"_s;
        ServerConnection connection;
        if (!connection.open(address, name)) {
            QSqlDatabase::removeDatabase(name);
            return fail(connection.errorString());
        }
        ServerReplyWebhookOutbox outbox(name);
        const bool repliesSent = sendReplyWebhooksOnce(outbox, teamSecretsPath(parser, address));
        return tally.problems.isEmpty() && repliesSent ? 0 : 1;
    }
    // The HTTP intake beside the mailboxes, on threads of its own, into the same server.
    SystemClock clock;
    bool failed = false;
    const std::unique_ptr<IntakeService> intake = startTeamIntake(parser, address, clock, &logLine, &failed);
    if (failed)
        return 1;
    // Agents' replies back to the sources their tickets came from, from whichever desk.
    ReplyWebhookService webhooks(
        [address](QString *problem) -> std::unique_ptr<ReplyWebhookQueue> {
            const QString name = u"deskctl-replies"_s;
            ServerConnection connection;
            if (!connection.open(address, name)) {
                *problem = connection.errorString();
                QSqlDatabase::removeDatabase(name);
                return nullptr;
            }
            return std::make_unique<ServerReplyWebhookOutbox>(name);
        },
        teamSecretsPath(parser, address), clock);
    webhooks.setLog(&logLine);
    webhooks.start();
    // The chat page on a port of its own, its chats the team's tickets.
    const std::unique_ptr<ChatService> chat = startTeamChat(parser, address, clock, &logLine, &failed);
    if (failed)
        return 1;
    MailGatewayService::Options options;
    options.floodLimit = flood;
    MailGatewayService service(backends, options);
    return runService(service, address.toUrl(false));
}

} // namespace

int gateway(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption once(u"once"_s,
                                  Deskctl::tr("Read every mailbox once, send what waits to be sent, and exit."));
    const QCommandLineOption floodLimit(
        u"flood-limit"_s, Deskctl::tr("Mails a minute from one sender before they are held (20)."), u"N"_s, u"20"_s);
    const QCommandLineOption keyFile(
        u"key-file"_s,
        Deskctl::tr("With --url: the key that signs our Message-IDs (made, owner-only, when missing). Every gateway "
                    "of a team needs the same one."),
        u"FILE"_s);
    parser.addOptions({once, floodLimit, urlOption(), keyFile, secretsFileOption()});
    parser.addOptions(intakeOptions());
    if (!parseCommand(
            parser, arguments,
            Deskctl::tr("Turn the mailboxes' mail into tickets and send the agents' replies. Stays up "
                        "(IMAP IDLE) and serves the HTTP intake and the chat page until SIGTERM unless --once.")))
        return 2;
    bool ok = false;
    const int flood = parser.value(floodLimit).toInt(&ok);
    if (!ok || flood < 0)
        return fail(Deskctl::tr("--flood-limit takes a whole number (0: no limit)."));
    bool server = false;
    if (!onServer(parser, &server))
        return 2;
    if (server) {
        return teamGateway(parser, parser.isSet(once), flood, parser.value(keyFile));
    }
    const QString path = parser.value(databaseOption());
    QString error;
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    const auto secret = MailSecret::loadOrCreate(path, &error);
    if (!secret)
        return fail(error);

    if (parser.isSet(once)) {
        MailGateway gateway(store, *secret);
        gateway.setFloodLimit(flood);
        gateway.setLog(&logLine);
        const MailGateway::Tally tally = gateway.runOnce();
        printTally(tally);
        ReplyWebhookOutbox outbox(store);
        const bool repliesSent = sendReplyWebhooksOnce(outbox, IntakeSecrets::pathFor(path));
        return tally.problems.isEmpty() && repliesSent ? 0 : 1;
    }

    // The HTTP intake beside the mailboxes, on threads of its own, for as long as they run.
    bool failed = false;
    const std::unique_ptr<IntakeService> intake = startIntake(parser, path, clock, &logLine, &failed);
    if (failed)
        return 1;
    // Agents' replies back to the sources they came from, beside both.
    ReplyWebhookService webhooks(path, IntakeSecrets::pathFor(path), clock);
    webhooks.setLog(&logLine);
    webhooks.start();
    // The chat page on a port of its own (the part a company exposes to its website's visitors).
    const std::unique_ptr<ChatService> chat = startChat(parser, path, clock, &logLine, &failed);
    if (failed)
        return 1;
    MailGatewayService::Options options;
    options.floodLimit = flood;
    MailGatewayService service(path, clock, *secret, options);
    return runService(service, path);
}

} // namespace cli
