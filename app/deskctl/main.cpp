// deskctl: the administration and automation command line. No widgets, so it runs
// on servers and in scripts; every command works on a store file given with --database.

#include "clock.h"
#include "demoseeder.h"
#include "jsonlinesexporter.h"
#include "jsonlinesimporter.h"
#include "localstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message)
{
    err() << "deskctl: " << message << Qt::endl;
    return 1;
}

struct Deskctl {
    Q_DECLARE_TR_FUNCTIONS(deskctl)
};

// Parses a sub-command's own options; prints its help on --help.
bool parseCommand(QCommandLineParser &parser, const QStringList &arguments, const QString &description)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err() << "deskctl: " << parser.errorText() << Qt::endl;
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        out() << parser.helpText();
        out().flush();
        std::exit(0);
    }
    return true;
}

// Built when a command runs, after the application (and any translator) exists.
QCommandLineOption databaseOption()
{
    return QCommandLineOption(u"database"_s, Deskctl::tr("The store file."), u"PATH"_s);
}

bool openStore(LocalStore &store, const QCommandLineParser &parser)
{
    const QString path = parser.value(databaseOption());
    if (path.isEmpty()) {
        fail(Deskctl::tr("--database PATH is required."));
        return false;
    }
    if (!store.open(path)) {
        fail(store.errorString());
        return false;
    }
    return true;
}

int seed(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption tickets(u"tickets"_s, Deskctl::tr("How many tickets."), u"N"_s, u"1000"_s);
    const QCommandLineOption messages(u"messages-per-ticket"_s, Deskctl::tr("Messages in each conversation."), u"M"_s,
                                      u"10"_s);
    const QCommandLineOption seedOption(u"seed"_s, Deskctl::tr("Random seed; the same seed gives the same data."),
                                        u"S"_s, u"1"_s);
    parser.addOptions({tickets, messages, seedOption});
    if (!parseCommand(parser, arguments, Deskctl::tr("Fill a store with realistic demo data.")))
        return 2;
    bool ok1 = false, ok2 = false, ok3 = false;
    DemoSeedOptions options;
    options.tickets = parser.value(tickets).toInt(&ok1);
    options.messagesPerTicket = parser.value(messages).toInt(&ok2);
    options.seed = parser.value(seedOption).toULongLong(&ok3);
    if (!ok1 || !ok2 || !ok3 || options.tickets < 0 || options.messagesPerTicket < 1)
        return fail(
            Deskctl::tr("--tickets, --messages-per-ticket and --seed take whole numbers (at least one message)."));
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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"deskctl"_s);
    QCoreApplication::setOrganizationName(u"Deskline"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DESKLINE_VERSION));

    const QString usage = Deskctl::tr("Usage: deskctl COMMAND [options]\n\n"
                                      "Commands:\n"
                                      "  seed     fill a store with demo data\n"
                                      "  import   import tickets from JSON Lines\n"
                                      "  export   export tickets to JSON Lines\n"
                                      "  stats    count what a store holds\n\n"
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
    err() << Deskctl::tr("Unknown command \"%1\".").arg(command) << "\n\n" << usage;
    return 2;
}
