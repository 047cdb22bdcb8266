#include "backgroundjobs.h"
#include "backupservice.h"
#include "backupstore.h"
#include "callcard.h"
#include "cannedanswerstore.h"
#include "classificationrulestore.h"
#include "clock.h"
#include "demoseeder.h"
#include "desk.h"
#include "desklineoptions.h"
#include "intakerunner.h"
#include "linkopenfilter.h"
#include "localstore.h"
#include "mailgatewayrunner.h"
#include "mainwindow.h"
#include "palettecolors.h"
#include "peoplestore.h"
#include "singleinstance.h"
#include "syncengine.h"
#include "syncrelay.h"
#include "teamrebuild.h"
#include "teamstartup.h"
#include "ticketlistpane.h"

#include <QApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLockFile>
#include <QMessageBox>
#include <QProcess>
#include <QProgressDialog>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto *own = new QTranslator(&app);
    if (own->load(locale, u"deskline"_s, u"_"_s, u":/deskline/i18n"_s))
        QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

int failStartup(bool interactive, const QString &title, const QString &message)
{
    std::fprintf(stderr, "deskline: %s\n", qUtf8Printable(message));
    if (interactive)
        QMessageBox::critical(nullptr, title, message);
    return 1;
}

// Another store and another engine: simplest and safest as a fresh process. The password
// goes by environment, never on the command line.
bool startAgain(const QStringList &arguments, const QString &password)
{
    QProcess process;
    process.setProgram(QCoreApplication::applicationFilePath());
    process.setArguments(arguments);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!password.isEmpty())
        environment.insert(u"DESKLINE_PASSWORD"_s, password);
    process.setProcessEnvironment(environment);
    return process.startDetached();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Deskline"_s);
    QCoreApplication::setApplicationName(u"Deskline"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DESKLINE_VERSION));
    QGuiApplication::setDesktopFileName(u"io.github.deskline.Deskline"_s);

    DesklineOptions options;
    QString error;
    if (!options.parse(app.arguments(), error)) {
        std::fprintf(stderr, "deskline: %s\n", qUtf8Printable(error));
        return 2;
    }
    installTranslations(app, options.language);
    if (options.dark) {
        QApplication::setStyle(u"Fusion"_s);
        QApplication::setPalette(PaletteColors::dark());
    }
    const bool interactive = options.screenshotPath.isEmpty();

    // One window per user and store: a second start hands its arguments (a call, a ticket to
    // show) to the running one and is done.
    SingleInstance instance(SingleInstance::keyFor(options.database, options.server));
    if (interactive) {
        switch (instance.claimOrHandOver(app.arguments().mid(1))) {
        case SingleInstance::Role::HandedOver:
            return 0;
        case SingleInstance::Role::Failed:
            return failStartup(true, QCoreApplication::translate("main", "Deskline cannot start"),
                               instance.errorString());
        case SingleInstance::Role::First:
            break;
        }
    }

    // Team mode: from --server, or the server this desk connected to last time.
    std::optional<ServerAddress> team;
    const QString serverUrl = !options.server.isEmpty()                   ? options.server
                              : options.database.isEmpty() && interactive ? QSettings().value(u"team/url"_s).toString()
                                                                          : QString();
    if (!serverUrl.isEmpty()) {
        QString problem;
        team = TeamStartup::resolve(serverUrl, interactive, &problem);
        if (!team) {
            if (problem.isEmpty())
                return 0; // the agent cancelled the connection dialog
            return failStartup(interactive, QCoreApplication::translate("main", "Deskline cannot connect"), problem);
        }
        QSettings().setValue(u"team/url"_s, team->toUrl(false));
    }

    SystemClock clock;
    LocalStore store(clock);
    const QString path = team                         ? TeamStartup::storePath(*team)
                         : options.database.isEmpty() ? DesklineOptions::defaultDatabasePath()
                                                      : options.database;
    store.setTeamMode(bool(team));
    // While this window has the store open, `deskctl restore` refuses to replace it. A second
    // window on the same file finds it held and opens the store all the same.
    QLockFile storeLock(BackupStore::lockPath(path));
    storeLock.setStaleLockTime(0);
    if (interactive)
        storeLock.tryLock(0);
    const BackupPolicy backupPolicy = DesklineOptions::backupPolicy(QSettings());
    store.setBackupPolicy(backupPolicy);
    if (!store.open(path))
        return failStartup(interactive, QCoreApplication::translate("main", "Deskline cannot open the store"),
                           store.errorString());
    if (!ClassificationRuleStore(store).ensureDefaults())
        return failStartup(interactive, QCoreApplication::translate("main", "Deskline cannot open the store"),
                           store.errorString());
    if (team) {
        // The server says who this login is; a desk that synced before knows already.
        store.signInAsDeskAgent();
    }

    QString banner;
    if (store.wasCreated() && !team) {
        QProgressDialog progress(QCoreApplication::translate("main", "Creating demo data…"), QString(), 0,
                                 options.demoTickets);
        progress.setMinimumDuration(500);
        DemoSeeder seeder(store);
        DemoSeedOptions seedOptions;
        seedOptions.tickets = options.demoTickets;
        seedOptions.messagesPerTicket = 8;
        if (!seeder.run(seedOptions, [&progress](int done, int) { progress.setValue(done); }) ||
            !CannedAnswerStore(store).insertDefaults())
            return failStartup(interactive, QCoreApplication::translate("main", "Deskline cannot create demo data"),
                               seeder.errorString());
        banner = QCoreApplication::translate("main", "This is a new store, filled with %1 demo tickets so you can try "
                                                     "Deskline. The file is %2.")
                     .arg(options.demoTickets)
                     .arg(QDir::toNativeSeparators(path));
    }
    if (!options.agent.isEmpty() && !store.setCurrentAgent(options.agent))
        return failStartup(interactive, QCoreApplication::translate("main", "Unknown agent"), store.errorString());

    // A screenshot shows the default layout, not whatever this user last arranged.
    QTemporaryDir screenshotSettings;
    QSettings settings = options.screenshotPath.isEmpty()
                             ? QSettings()
                             : QSettings(screenshotSettings.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(store);
    MainWindow window(desk, clock, settings);
    window.setBanner(banner);
    QObject::connect(&window, &MainWindow::restartRequested, &window,
                     [&window, &instance](const QStringList &arguments, const QString &password) {
                         instance.release(); // the new start must not hand its arguments to this one
                         if (startAgain(arguments, password))
                             window.close();
                         else
                             window.showError(QCoreApplication::translate(
                                 "main", "Deskline could not restart itself; start it again by hand."));
                     });
    // File → Backups… → Restore: the store cannot be replaced under its connections, so the
    // window closes, everything stops, the copy is put in place and the program starts again.
    QString restoreFrom;
    QObject::connect(&desk.backups(), &BackupService::restoreRequested, &window,
                     [&window, &restoreFrom](const QString &file) {
                         restoreFrom = file;
                         QTimer::singleShot(0, &window, &QWidget::close);
                     });
    bool rebuild = false;
    QObject::connect(&window, &MainWindow::rebuildRequested, &window, [&window, &rebuild] {
        rebuild = true;
        QTimer::singleShot(0, &window, &QWidget::close);
    });
    std::unique_ptr<SyncEngine> engine;
    if (team) {
        if (store.wasCreated() && !CannedAnswerStore(store).insertDefaults())
            return failStartup(interactive, QCoreApplication::translate("main", "Deskline cannot open the store"),
                               store.errorString());
        engine = std::make_unique<SyncEngine>(path, *team, clock);
        SyncRelay::connect(*engine, store);
        window.attachSync(engine.get(), u"%1@%2/%3"_s.arg(team->login, team->host, team->database));
    }
    // Closing solved tickets, sending surveys and watching deadlines run on their own thread
    // and connection; a screenshot shows the store as it is, without them.
    BackgroundJobs jobs(path, clock);
    if (interactive) {
        desk.relay(jobs);
        window.attachBackgroundJobs(&jobs);
        if (engine) {
            QObject::connect(&jobs, &BackgroundJobs::outboxChanged, engine.get(), &SyncEngine::syncSoon);
            QObject::connect(engine.get(), &SyncEngine::sharedSettingsChanged, &jobs,
                             &BackgroundJobs::reloadSharedSettings);
        }
        // On a desk on its own the store is the only copy: one a day into its backups folder.
        if (!team)
            jobs.setDailyBackups(backupPolicy);
        const std::optional<Agent> agent = PeopleStore(store).agent(store.currentAgentId());
        jobs.start(bool(team), agent ? agent->login : QString(), {});
    }
    // A desk on its own reads its mailboxes while the window is open (a team's gateway runs
    // beside its server, `deskctl gateway`); from the first mailbox added on.
    MailGatewayRunner gateway(path, clock);
    if (interactive && !team) {
        gateway.relayTo(store);
        window.attachMailGateway(&gateway);
        QObject::connect(&window, &MainWindow::mailboxesChanged, &gateway,
                         [&gateway, &store] { gateway.startIfMailboxes(store); });
        gateway.startIfMailboxes(store);
    }
    // A desk on its own serves the HTTP intake (web forms, a telephone system's call events)
    // beside the window from its first source on; a call answered here pops its card.
    IntakeRunner intake(path, clock);
    if (interactive && !team && options.listen != u"off"_s) {
        const QString listen = !options.listen.isEmpty() ? options.listen
                                                         : settings
                                                               .value(QLatin1StringView(IntakeRunner::listenKey),
                                                                      QString::fromLatin1(IntakeRunner::defaultListen))
                                                               .toString();
        if (!intake.setListen(listen))
            return failStartup(
                true, QCoreApplication::translate("main", "Deskline cannot start"),
                QCoreApplication::translate("main", "--listen takes ADDRESS:PORT or off, not \"%1\".").arg(listen));
        intake.relayTo(store);
        window.attachIntake(&intake);
        QObject::connect(&intake, &IntakeRunner::logged, &window,
                         [](const QString &line) { std::printf("deskline: %s\n", qUtf8Printable(line)); });
        QObject::connect(&intake, &IntakeRunner::started, &window, [&intake] {
            std::printf("deskline: intake listening on port %d\n", int(intake.port()));
            std::fflush(stdout);
        });
        if (intake.startIfSources(store))
            std::printf("deskline: intake listening on port %d\n", int(intake.port()));
        std::fflush(stdout);
    }
    if (engine)
        engine->start();
    // The caller's card, for a call taken here or handed over by a later start; the line on
    // stdout is for scripts and tests that watch the program.
    const auto takeCall = [&window](const QString &number) {
        const CallCard *card = window.takeCall(number);
        if (card)
            std::printf("deskline: call from %s: card open, ticket %lld\n", qUtf8Printable(number),
                        static_cast<long long>(card->ticketId()));
        else
            std::printf("deskline: call from %s: not a phone number\n", qUtf8Printable(number));
        std::fflush(stdout);
    };
    if (interactive) {
        QObject::connect(
            &instance, &SingleInstance::argumentsReceived, &window,
            [&window, &store, &takeCall](const QStringList &arguments) {
                DesklineOptions handed;
                QString problem;
                // The program's name first, as QCommandLineParser expects.
                if (!handed.parse(QStringList{QCoreApplication::applicationFilePath()} + arguments, problem, true)) {
                    std::printf("deskline: another start's arguments refused: %s\n", qUtf8Printable(problem));
                    std::fflush(stdout);
                    return;
                }
                std::printf("deskline: took the arguments of another start\n");
                std::fflush(stdout);
                if (window.isMinimized())
                    window.showNormal();
                window.raise();
                window.activateWindow();
                if (!handed.selectExternalId.isEmpty()) {
                    if (const auto id = store.ticketIdByExternalId(handed.selectExternalId))
                        window.selectTicket(*id);
                }
                if (!handed.search.isEmpty()) {
                    window.ticketList()->setView(TicketFilter::View::All);
                    window.ticketList()->setSearchText(handed.search);
                }
                if (!handed.call.isEmpty())
                    takeCall(handed.call);
            });
    }
    auto *links = new LinkOpenFilter(&app);
    app.installEventFilter(links);
    QObject::connect(links, &LinkOpenFilter::callRequested, &window, takeCall);
    if (!options.search.isEmpty()) {
        window.ticketList()->setView(TicketFilter::View::All);
        window.ticketList()->setSearchText(options.search);
    }
    if (!options.selectExternalId.isEmpty()) {
        const auto id = store.ticketIdByExternalId(options.selectExternalId);
        if (!id)
            return failStartup(interactive, QCoreApplication::translate("main", "Unknown ticket"),
                               QCoreApplication::translate("main", "There is no ticket %1 in this store.")
                                   .arg(options.selectExternalId));
        window.selectTicket(*id);
    }

    if (!options.screenshotPath.isEmpty()) {
        if (engine)
            engine->syncAndWait(); // show the server's tickets, not an empty first start
        QCoreApplication::processEvents();
        // The size of the screen it runs on, so a small laptop screen is really what is checked.
        const QSize available = window.screen() ? window.screen()->availableSize() : QSize(1600, 900);
        window.resize(options.windowSize.isValid() ? options.windowSize : available);
        window.show();
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        if (!window.grab().save(options.screenshotPath, "PNG"))
            return failStartup(false, {},
                               QCoreApplication::translate("main", "Cannot write %1.").arg(options.screenshotPath));
        std::printf("%s\n", qUtf8Printable(options.screenshotPath));
        return 0;
    }
    if (options.windowSize.isValid())
        window.resize(options.windowSize);
    window.show();
    if (!options.call.isEmpty())
        QTimer::singleShot(0, &window, [&takeCall, &options] { takeCall(options.call); });
    std::printf("deskline: ready, later starts hand over to %s\n", qUtf8Printable(instance.serverName()));
    std::fflush(stdout);
    const int exitCode = app.exec();
    intake.stop();  // the request under way is answered first
    gateway.stop(); // the mail under way is committed first; the rest is read next time
    jobs.stop();    // a batch under way finishes first; the rest stays due
    if (engine)
        engine->stop(); // pending changes stay in the outbox for the next start
    if (rebuild && team) {
        engine.reset();
        store.close();
        storeLock.unlock();
        instance.release();
        TeamRebuild rebuilder(path, *team, clock);
        if (const auto outcome = rebuilder.run())
            QMessageBox::information(nullptr, QCoreApplication::translate("main", "Local copy rebuilt"),
                                     TeamRebuild::describe(*outcome));
        else
            QMessageBox::critical(nullptr,
                                  QCoreApplication::translate("main", "Deskline cannot rebuild the local copy"),
                                  rebuilder.errorString());
        if (!startAgain(QCoreApplication::arguments().mid(1), team->password))
            return failStartup(
                true, {},
                QCoreApplication::translate("main", "Deskline could not restart itself; start it again by hand."));
        return exitCode;
    }
    if (!restoreFrom.isEmpty()) {
        store.close();
        storeLock.unlock();
        instance.release();
        BackupStore backups(path, backupPolicy);
        if (!backups.restoreFrom(restoreFrom, QDateTime::currentDateTimeUtc()))
            QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Deskline cannot restore the backup"),
                                  backups.errorString());
        // Opens again: on the restored store, or on the one it would have replaced.
        if (!startAgain(QCoreApplication::arguments().mid(1), {}))
            return failStartup(
                true, {},
                QCoreApplication::translate("main", "Deskline could not restart itself; start it again by hand."));
    }
    return exitCode;
}
