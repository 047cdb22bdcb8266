// deskctl: the administration and automation command line. No widgets, so it runs
// on servers and in scripts; every command works on a store file given with --database.

#include "backupcommands.h"
#include "changelogretention.h"
#include "clock.h"
#include "commandline.h"
#include "demoseeder.h"
#include "jsonlinesexporter.h"
#include "jsonlinesimporter.h"
#include "localpostgres.h"
#include "localstore.h"
#include "mailcommands.h"
#include "peoplestore.h"
#include "reportcsvwriter.h"
#include "reportpdfwriter.h"
#include "reportquery.h"
#include "reporttables.h"
#include "searchcommand.h"
#include "serveradmin.h"
#include "serverconnection.h"
#include "serverpurge.h"
#include "serverschema.h"
#include "serverseeder.h"
#include "serversession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <limits>
#include <memory>
#include <tuple>

using namespace Qt::StringLiterals;
using namespace cli;

namespace {

// The demo-data options `seed` and `server seed` share; nullopt (after saying why) when bad.
struct SeedOptions {
    explicit SeedOptions(int defaultMessages)
        : tickets(u"tickets"_s, Deskctl::tr("How many tickets."), u"N"_s, u"1000"_s)
        , messages(u"messages-per-ticket"_s, Deskctl::tr("Messages in each conversation."), u"M"_s,
                   QString::number(defaultMessages))
        , seed(u"seed"_s, Deskctl::tr("Random seed; the same seed gives the same data."), u"S"_s, u"1"_s)
    {}
    void addTo(QCommandLineParser &parser) const { parser.addOptions({tickets, messages, seed}); }
    std::optional<DemoSeedOptions> read(const QCommandLineParser &parser) const
    {
        bool ok1 = false, ok2 = false, ok3 = false;
        DemoSeedOptions options;
        options.tickets = parser.value(tickets).toInt(&ok1);
        options.messagesPerTicket = parser.value(messages).toInt(&ok2);
        options.seed = parser.value(seed).toULongLong(&ok3);
        if (!ok1 || !ok2 || !ok3 || options.tickets < 0 || options.messagesPerTicket < 1) {
            fail(Deskctl::tr("--tickets, --messages-per-ticket and --seed take whole numbers (at least one message)."));
            return std::nullopt;
        }
        return options;
    }
    QCommandLineOption tickets, messages, seed;
};

int seed(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const SeedOptions seedOptions(10);
    seedOptions.addTo(parser);
    if (!parseCommand(parser, arguments, Deskctl::tr("Fill a store with realistic demo data.")))
        return 2;
    const std::optional<DemoSeedOptions> parsed = seedOptions.read(parser);
    if (!parsed)
        return 1;
    const DemoSeedOptions options = *parsed;
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    QElapsedTimer timer;
    timer.start();
    DemoSeeder seeder(store);
    const bool done = seeder.run(
        options, [](int doneCount, int total) { err() << "\r" << doneCount << " / " << total << Qt::flush; });
    err() << Qt::endl;
    if (!done)
        return fail(seeder.errorString());
    out() << Deskctl::tr("Seeded %1 tickets with %2 messages each in %3 s.")
                 .arg(options.tickets)
                 .arg(options.messagesPerTicket)
                 .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
          << Qt::endl;
    return 0;
}

int importFile(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    parser.addPositionalArgument(u"file"_s, Deskctl::tr("The JSON Lines file to import."));
    if (!parseCommand(parser, arguments, Deskctl::tr("Import tickets from a JSON Lines file (all or nothing).")))
        return 2;
    if (parser.positionalArguments().size() != 1)
        return fail(Deskctl::tr("Name exactly one file to import."));
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    JsonLinesImporter importer(store);
    if (!importer.importFile(parser.positionalArguments().first())) {
        for (const QString &error : importer.report().errors)
            err() << error << Qt::endl;
        err() << Deskctl::tr("Nothing was imported.") << Qt::endl;
        return 1;
    }
    out() << Deskctl::tr("Imported %1 tickets; %2 were already in the store.")
                 .arg(importer.report().imported)
                 .arg(importer.report().skipped)
          << Qt::endl;
    return 0;
}

int exportFile(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    parser.addPositionalArgument(u"file"_s, Deskctl::tr("The JSON Lines file to write."));
    if (!parseCommand(parser, arguments, Deskctl::tr("Export every ticket to a JSON Lines file.")))
        return 2;
    if (parser.positionalArguments().size() != 1)
        return fail(Deskctl::tr("Name exactly one file to write."));
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    JsonLinesExporter exporter(store);
    if (!exporter.exportFile(parser.positionalArguments().first()))
        return fail(exporter.errorString());
    out() << Deskctl::tr("Exported %1 tickets.").arg(exporter.exportedCount()) << Qt::endl;
    return 0;
}

int stats(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption json(u"json"_s, Deskctl::tr("Print one JSON object."));
    parser.addOption(json);
    if (!parseCommand(parser, arguments, Deskctl::tr("Count tickets, messages and customers.")))
        return 2;
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    const StoreStats s = store.stats();
    QJsonObject byStatus;
    for (const auto &[status, count] : s.ticketsByStatus)
        byStatus.insert(fieldKey(status), count);
    if (parser.isSet(json)) {
        const QJsonObject object{{u"tickets"_s, s.tickets},
                                 {u"messages"_s, s.messages},
                                 {u"customers"_s, s.customers},
                                 {u"tickets_by_status"_s, byStatus}};
        out() << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
        return 0;
    }
    out() << Deskctl::tr("Tickets: %1").arg(s.tickets) << Qt::endl
          << Deskctl::tr("Messages: %1").arg(s.messages) << Qt::endl
          << Deskctl::tr("Customers: %1").arg(s.customers) << Qt::endl;
    for (const auto &[status, count] : s.ticketsByStatus)
        out() << "  " << fieldLabel(status) << ": " << count << Qt::endl;
    return 0;
}

// The week before this one, Monday to Sunday: what a weekly report run by a scheduler covers.
std::pair<QDate, QDate> lastWeek()
{
    const QDate today = QDate::currentDate();
    const QDate monday = today.addDays(1 - today.dayOfWeek() - 7);
    return {monday, monday.addDays(6)};
}

int report(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption from(u"from"_s, Deskctl::tr("The first day (YYYY-MM-DD); default: last week's Monday."),
                                  u"DATE"_s);
    const QCommandLineOption to(
        u"to"_s, Deskctl::tr("The last day, included (YYYY-MM-DD); default: last week's Sunday."), u"DATE"_s);
    const QCommandLineOption team(u"team"_s, Deskctl::tr("Only this team's tickets (its name)."), u"NAME"_s);
    const QCommandLineOption pdf(u"pdf"_s, Deskctl::tr("Write the report with its charts as a PDF."), u"FILE"_s);
    const QCommandLineOption csv(u"csv"_s, Deskctl::tr("Write each table of the report as a CSV file in DIR."),
                                 u"DIR"_s);
    parser.addOptions({from, to, team, pdf, csv});
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Work out the statistics of a period: volumes, response and resolution times "
                                  "in business hours, satisfaction, escalations, backlog, per agent.")))
        return 2;

    ReportRequest request;
    std::tie(request.from, request.to) = lastWeek();
    if (parser.isSet(from) != parser.isSet(to))
        return fail(Deskctl::tr("Give both --from and --to, or neither for last week."));
    if (parser.isSet(from)) {
        request.from = QDate::fromString(parser.value(from), Qt::ISODate);
        request.to = QDate::fromString(parser.value(to), Qt::ISODate);
        if (!request.from.isValid() || !request.to.isValid())
            return fail(Deskctl::tr("Dates are written YYYY-MM-DD, like 2026-03-02."));
    }
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;
    if (parser.isSet(team)) {
        for (const Team &t : PeopleStore(store).teams()) {
            if (t.name == parser.value(team))
                request.teamId = t.id;
        }
        if (!request.teamId)
            return fail(Deskctl::tr("There is no team called \"%1\".").arg(parser.value(team)));
    }

    ReportQuery query(store);
    const auto result = query.run(request);
    if (!result)
        return fail(query.errorString());
    const QList<ReportTable> tables = ReportTables::build(*result);
    out() << ReportTables::title(*result) << Qt::endl;
    for (const QStringList &row : tables.first().rows)
        out() << "  " << row.value(0) << ": " << row.value(1) << Qt::endl;
    if (parser.isSet(csv)) {
        ReportCsvWriter writer;
        if (!writer.write(parser.value(csv), tables))
            return fail(writer.errorString());
        out() << Deskctl::tr("Wrote %n CSV file(s) to %1.", nullptr, int(writer.writtenFiles().size()))
                     .arg(parser.value(csv))
              << Qt::endl;
    }
    if (parser.isSet(pdf)) {
        ReportPdfWriter writer;
        if (!writer.write(parser.value(pdf), *result))
            return fail(writer.errorString());
        out() << Deskctl::tr("Wrote %1 (%n page(s)).", nullptr, writer.pageCount()).arg(parser.value(pdf)) << Qt::endl;
    }
    return 0;
}

QCommandLineOption dataOption()
{
    return QCommandLineOption(u"data"_s, Deskctl::tr("The folder that holds the private server."), u"DIR"_s);
}

int serverInit(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(urlOption());
    if (!parseCommand(parser, arguments, Deskctl::tr("Create or upgrade the Deskline schema in a shared database.")))
        return 2;
    ServerSession connection;
    if (!connection.open(parser))
        return 1;
    ServerSchema schema(connection.db());
    const std::optional<int> before = schema.migrate();
    if (!before)
        return fail(schema.errorString());
    if (*before == ServerSchema::latestVersion() && schema.functionsUpdated())
        out() << Deskctl::tr("The schema is at version %1; its functions were brought up to date.").arg(*before)
              << Qt::endl;
    else if (*before == ServerSchema::latestVersion())
        out() << Deskctl::tr("The schema is up to date (version %1).").arg(*before) << Qt::endl;
    else
        out() << Deskctl::tr("Schema version %1 → %2.").arg(*before).arg(ServerSchema::latestVersion()) << Qt::endl;
    return 0;
}

int serverAddAgent(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(urlOption());
    const QCommandLineOption name(u"name"_s, Deskctl::tr("The agent's name as customers and colleagues see it."),
                                  u"NAME"_s);
    const QCommandLineOption role(u"role"_s, Deskctl::tr("agent, supervisor or admin (default agent)."), u"ROLE"_s,
                                  u"agent"_s);
    const QCommandLineOption team(u"team"_s, Deskctl::tr("The agent's team (created when new)."), u"TEAM"_s);
    const QCommandLineOption tier(u"tier"_s, Deskctl::tr("Tier of a new team: 1, 2 or 3 (default 1)."), u"N"_s, u"1"_s);
    const QCommandLineOption passwordFile(
        u"password-file"_s,
        Deskctl::tr("Read the agent's password from this file (else $DESKLINE_AGENT_PASSWORD, else one is made "
                    "up and printed)."),
        u"FILE"_s);
    parser.addOptions({name, role, team, tier, passwordFile});
    parser.addPositionalArgument(u"login"_s, Deskctl::tr("The agent's login."));
    if (!parseCommand(parser, arguments, Deskctl::tr("Add an agent with their own database login.")))
        return 2;
    if (parser.positionalArguments().size() != 1)
        return fail(Deskctl::tr("Name exactly one login."));
    ServerAdmin::NewAgent agent;
    agent.login = parser.positionalArguments().first();
    agent.name = parser.value(name);
    agent.team = parser.value(team);
    const std::optional<AgentRole> parsedRole = fieldFromKey<AgentRole>(parser.value(role));
    if (!parsedRole)
        return fail(Deskctl::tr("--role must be agent, supervisor or admin."));
    agent.role = *parsedRole;
    bool tierOk = false;
    agent.teamTier = parser.value(tier).toInt(&tierOk);
    if (!tierOk || agent.teamTier < 1 || agent.teamTier > 3)
        return fail(Deskctl::tr("--tier must be 1, 2 or 3."));
    bool madeUp = false;
    if (parser.isSet(passwordFile)) {
        QFile file(parser.value(passwordFile));
        if (!file.open(QIODevice::ReadOnly))
            return fail(Deskctl::tr("Cannot read %1.").arg(file.fileName()));
        agent.password = QString::fromUtf8(file.readAll()).trimmed();
    } else if (qEnvironmentVariableIsSet("DESKLINE_AGENT_PASSWORD")) {
        agent.password = qEnvironmentVariable("DESKLINE_AGENT_PASSWORD");
    } else {
        static const QString alphabet = u"abcdefghijkmnopqrstuvwxyz23456789"_s;
        for (int i = 0; i < 16; ++i)
            agent.password += alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())));
        madeUp = true;
    }
    ServerSession connection;
    if (!connection.open(parser))
        return 1;
    ServerAdmin admin(connection.db());
    const std::optional<qint64> id = admin.addAgent(agent);
    if (!id)
        return fail(admin.errorString());
    out() << Deskctl::tr("Agent %1 (%2, %3) is ready.").arg(agent.login, agent.name, fieldKey(agent.role)) << Qt::endl;
    if (madeUp)
        out() << Deskctl::tr("Password: %1").arg(agent.password) << Qt::endl;
    return 0;
}

int serverAddGateway(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(urlOption());
    const QCommandLineOption passwordFile(
        u"password-file"_s,
        Deskctl::tr("Read the gateway's password from this file (else $DESKLINE_AGENT_PASSWORD, else one is made "
                    "up and printed)."),
        u"FILE"_s);
    parser.addOption(passwordFile);
    parser.addPositionalArgument(u"login"_s, Deskctl::tr("The gateway's login."));
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Add a login for `deskctl gateway --url`: it may take mail into tickets and record "
                                  "deliveries, nothing else.")))
        return 2;
    if (parser.positionalArguments().size() != 1)
        return fail(Deskctl::tr("Name exactly one login."));
    const QString login = parser.positionalArguments().first();
    QString password;
    bool madeUp = false;
    if (parser.isSet(passwordFile)) {
        QFile file(parser.value(passwordFile));
        if (!file.open(QIODevice::ReadOnly))
            return fail(Deskctl::tr("Cannot read %1.").arg(file.fileName()));
        password = QString::fromUtf8(file.readAll()).trimmed();
    } else if (qEnvironmentVariableIsSet("DESKLINE_AGENT_PASSWORD")) {
        password = qEnvironmentVariable("DESKLINE_AGENT_PASSWORD");
    } else {
        static const QString alphabet = u"abcdefghijkmnopqrstuvwxyz23456789"_s;
        for (int i = 0; i < 24; ++i)
            password += alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())));
        madeUp = true;
    }
    ServerSession connection;
    if (!connection.open(parser))
        return 1;
    ServerAdmin admin(connection.db());
    if (!admin.addGateway(login, password))
        return fail(admin.errorString());
    out() << Deskctl::tr("Gateway login %1 is ready.").arg(login) << Qt::endl;
    if (madeUp)
        out() << Deskctl::tr("Password: %1").arg(password) << Qt::endl;
    return 0;
}

int serverSeed(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(urlOption());
    const SeedOptions seedOptions(6);
    seedOptions.addTo(parser);
    if (!parseCommand(parser, arguments, Deskctl::tr("Fill a shared database with demo tickets, to try team mode.")))
        return 2;
    const std::optional<DemoSeedOptions> parsed = seedOptions.read(parser);
    if (!parsed)
        return 1;
    const DemoSeedOptions options = *parsed;
    ServerSession connection;
    if (!connection.open(parser))
        return 1;
    // The demo data is made the usual way in a scratch store, then copied up.
    QTemporaryDir scratch;
    SystemClock clock;
    LocalStore store(clock);
    if (!scratch.isValid() || !store.open(scratch.filePath(u"seed.sqlite"_s)))
        return fail(store.errorString());
    DemoSeeder seeder(store);
    if (!seeder.run(options))
        return fail(seeder.errorString());
    QElapsedTimer timer;
    timer.start();
    ServerSeeder copy(store, connection.db());
    if (!copy.run([](qint64 done, qint64 total) {
            err() << "\r" << done << " / " << total;
            err().flush();
        }))
        return fail(copy.errorString());
    err() << Qt::endl;
    out() << Deskctl::tr("Copied %1 tickets to the server in %2 s.")
                 .arg(options.tickets)
                 .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
          << Qt::endl;
    return 0;
}

int serverPrune(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(urlOption());
    const QCommandLineOption olderThan(
        u"older-than"_s, Deskctl::tr("Remove changes older than this many days (else the server's setting)."),
        u"DAYS"_s);
    const QCommandLineOption keep(u"keep-days"_s,
                                  Deskctl::tr("Set how many days the server keeps its changes from now on (30 unless "
                                              "set), then prune."),
                                  u"DAYS"_s);
    parser.addOptions({olderThan, keep});
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Remove old rows from the shared database's change log. A desk away longer than the "
                                  "log keeps copies the server again when it comes back, keeping its drafts and "
                                  "sending what it queued first. The URL's login must be an administrator's.")))
        return 2;
    std::optional<int> days;
    for (const QCommandLineOption *option : {&olderThan, &keep}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        days = parser.value(*option).toInt(&ok);
        if (!ok || *days < 1)
            return fail(Deskctl::tr("--%1 DAYS must be at least 1.").arg(option->names().constFirst()));
    }
    ServerSession connection;
    if (!connection.open(parser))
        return 1;
    ChangeLogRetention retention(connection.db());
    if (parser.isSet(keep) && !retention.setRetentionDays(*days))
        return fail(retention.errorString());
    const auto removed = retention.prune(days);
    if (!removed)
        return fail(retention.errorString());
    out() << Deskctl::tr("Removed %1 change(s) older than %2 days.", nullptr,
                         int(std::min<qint64>(*removed, std::numeric_limits<int>::max())))
                 .arg(*removed)
                 .arg(days ? *days : retention.retentionDays().value_or(ChangeLogRetention::defaultDays))
          << Qt::endl;
    return 0;
}

int serverNewEpoch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(urlOption());
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("After restoring the shared database from a backup: every desk sends what it has "
                                  "queued, then copies the server again, keeping its drafts. The URL's login must be "
                                  "an administrator's.")))
        return 2;
    ServerSession connection;
    if (!connection.open(parser))
        return 1;
    ChangeLogRetention retention(connection.db());
    const auto epoch = retention.renewEpoch();
    if (!epoch)
        return fail(retention.errorString());
    out() << Deskctl::tr("New epoch %1: every desk copies the server again when it next syncs.").arg(*epoch)
          << Qt::endl;
    return 0;
}

int serverPurge(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(urlOption());
    const QCommandLineOption olderThan(u"older-than"_s,
                                       Deskctl::tr("Purge tickets archived more than this many days ago."), u"DAYS"_s);
    const QCommandLineOption exportTo(
        u"export"_s,
        Deskctl::tr("Write the tickets to this file first (CSV for a .csv name, else JSON Lines); nothing is deleted "
                    "unless it is written."),
        u"FILE"_s);
    const QCommandLineOption dryRun(u"dry-run"_s, Deskctl::tr("Only count what would be purged."));
    parser.addOptions({olderThan, exportTo, dryRun});
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Delete archived tickets from the shared database for good, after exporting them. "
                                  "The URL's login must be a supervisor's or an administrator's.")))
        return 2;
    bool daysOk = false;
    const int days = parser.value(olderThan).toInt(&daysOk);
    if (!daysOk || days < 1)
        return fail(Deskctl::tr("--older-than DAYS is required: at least 1."));
    if (!parser.isSet(dryRun) && parser.value(exportTo).isEmpty())
        return fail(Deskctl::tr("--export FILE is required: tickets are purged only once they are exported."));
    ServerSession connection;
    if (!connection.open(parser))
        return 1;
    SystemClock clock;
    ServerPurge purge(connection.db(), clock);
    if (parser.isSet(dryRun)) {
        const std::optional<qint64> count = purge.count(days);
        if (!count)
            return fail(purge.errorString());
        out() << Deskctl::tr("%1 archived tickets would be purged.").arg(*count) << Qt::endl;
        return 0;
    }
    const bool done = purge.run(days, parser.value(exportTo), [](qint64 done, qint64 total) {
        err() << "\r" << done << " / " << total;
        err().flush();
    });
    err() << Qt::endl;
    if (!done)
        return fail(purge.errorString());
    out() << Deskctl::tr("Exported %1 tickets to %2 and purged %3 from the server.")
                 .arg(purge.exportedCount())
                 .arg(parser.value(exportTo))
                 .arg(purge.purgedCount())
          << Qt::endl;
    return 0;
}

int serverStart(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(dataOption());
    const QCommandLineOption port(u"port"_s,
                                  Deskctl::tr("TCP port on 127.0.0.1 (default %1).").arg(LocalPostgres::defaultPort),
                                  u"P"_s, QString::number(LocalPostgres::defaultPort));
    const QCommandLineOption throwaway(
        u"throwaway"_s,
        Deskctl::tr("Skip disk flushes: faster, but a power cut may lose data. For tests and benchmarks."));
    const QCommandLineOption urlFile(u"url-file"_s, Deskctl::tr("Also write the administrator URL to this file."),
                                     u"FILE"_s);
    parser.addOptions({port, throwaway, urlFile});
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Start a private PostgreSQL on this machine for a trial or a single office.")))
        return 2;
    if (parser.value(dataOption()).isEmpty())
        return fail(Deskctl::tr("--data DIR is required."));
    bool portOk = false;
    const int portNumber = parser.value(port).toInt(&portOk);
    if (!portOk)
        return fail(Deskctl::tr("--port takes a number."));
    LocalPostgres server(parser.value(dataOption()));
    server.setDurable(!parser.isSet(throwaway));
    if (!server.start(portNumber))
        return fail(server.errorString());
    if (parser.isSet(urlFile)) {
        // The URL carries the administrator's password: readable by its owner only, from the
        // first byte (a file that was there already is narrowed before it is written).
        const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
        QFile file(parser.value(urlFile));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly) || !file.setPermissions(ownerOnly) ||
            file.write(server.adminUrl().toUtf8()) < 0 || !file.flush())
            return fail(Deskctl::tr("Cannot write %1.").arg(parser.value(urlFile)));
    }
    out() << Deskctl::tr("PostgreSQL is running on 127.0.0.1:%1.").arg(portNumber) << Qt::endl
          << Deskctl::tr("Administrator URL: %1").arg(server.adminUrl()) << Qt::endl;
    return 0;
}

int serverStop(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(dataOption());
    const QCommandLineOption remove(u"delete"_s,
                                    Deskctl::tr("Also delete the server's data and the folder (it cannot be undone)."));
    parser.addOption(remove);
    if (!parseCommand(parser, arguments, Deskctl::tr("Stop the private PostgreSQL started with server start.")))
        return 2;
    if (parser.value(dataOption()).isEmpty())
        return fail(Deskctl::tr("--data DIR is required."));
    LocalPostgres server(parser.value(dataOption()));
    if (!(parser.isSet(remove) ? server.remove() : server.stop()))
        return fail(server.errorString());
    out() << (parser.isSet(remove) ? Deskctl::tr("The server is stopped and its data deleted.")
                                   : Deskctl::tr("The server is stopped."))
          << Qt::endl;
    return 0;
}

int server(QStringList arguments)
{
    const QString usage = Deskctl::tr(
        "Usage: deskctl server init|add-agent|add-gateway|seed|purge|prune|new-epoch|start|stop [options]\n");
    if (arguments.size() < 2) {
        err() << usage;
        return 2;
    }
    const QString command = arguments.at(1);
    arguments.removeAt(1);
    arguments[0] += u" "_s + command;
    if (command == u"init")
        return serverInit(arguments);
    if (command == u"add-agent")
        return serverAddAgent(arguments);
    if (command == u"add-gateway")
        return serverAddGateway(arguments);
    if (command == u"seed")
        return serverSeed(arguments);
    if (command == u"purge")
        return serverPurge(arguments);
    if (command == u"prune")
        return serverPrune(arguments);
    if (command == u"new-epoch")
        return serverNewEpoch(arguments);
    if (command == u"start")
        return serverStart(arguments);
    if (command == u"stop")
        return serverStop(arguments);
    err() << Deskctl::tr("Unknown server command \"%1\".").arg(command) << "\n" << usage;
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    // Only a report needs fonts (for its PDF), and so the graphical part of Qt; on a Linux
    // server without a display it draws offscreen.
    const bool drawing = argc > 1 && qstrcmp(argv[1], "report") == 0;
#ifdef Q_OS_LINUX
    if (drawing && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
#endif
    std::unique_ptr<QCoreApplication> application =
        drawing ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(u"deskctl"_s);
    QCoreApplication::setOrganizationName(u"Deskline"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DESKLINE_VERSION));

    const QString usage =
        Deskctl::tr("Usage: deskctl COMMAND [options]\n\n"
                    "Commands:\n"
                    "  seed     fill a store with demo data\n"
                    "  import   import tickets from JSON Lines\n"
                    "  export   export tickets to JSON Lines\n"
                    "  stats    count what a store holds\n"
                    "  check    check that a store file is sound\n"
                    "  backup   copy a store (while in use) into its backups folder or --to FILE\n"
                    "  backups  list a store's backups\n"
                    "  restore  put a backup in a store's place (--from FILE)\n"
                    "  report   statistics of a period, as CSV files and a PDF\n"
                    "  server   run a shared database: init, add-agent, add-gateway, seed, purge, prune,\n           "
                    "new-epoch, start, stop\n"
                    "  channel  the mailboxes whose mail becomes tickets: add-mailbox, list-mailboxes,\n"
                    "           remove-mailbox, test-mailbox\n"
                    "  gateway  turn mail into tickets and send the replies (--once, or until SIGTERM)\n\n"
                    "deskctl COMMAND --help describes a command's options.\n");
    QStringList arguments = app.arguments();
    if (arguments.size() < 2) {
        err() << usage;
        return 2;
    }
    const QString command = arguments.at(1);
    if (command == u"--help" || command == u"-h" || command == u"help") {
        out() << usage;
        return 0;
    }
    if (command == u"--version" || command == u"-v") {
        out() << "deskctl " << QCoreApplication::applicationVersion() << Qt::endl;
        return 0;
    }
    arguments.removeAt(1);
    arguments[0] = u"deskctl "_s + command;
    if (command == u"seed")
        return seed(arguments);
    if (command == u"import")
        return importFile(arguments);
    if (command == u"export")
        return exportFile(arguments);
    if (command == u"stats")
        return stats(arguments);
    if (command == u"check")
        return check(arguments);
    if (command == u"backup")
        return backup(arguments);
    if (command == u"backups")
        return listBackups(arguments);
    if (command == u"restore")
        return restore(arguments);
    if (command == u"search")
        return search(arguments);
    if (command == u"report")
        return report(arguments);
    if (command == u"server")
        return server(arguments);
    if (command == u"channel")
        return channel(arguments);
    if (command == u"gateway")
        return gateway(arguments);
    err() << Deskctl::tr("Unknown command \"%1\".").arg(command) << "\n\n" << usage;
    return 2;
}
