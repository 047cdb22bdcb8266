// Saves a PNG of each dialog in the language asked for, on a demo store, so a person can
// look at what changed: `deskline-dialogshots --lang zh_CN --out DIR`. Not a test: nothing
// is asserted here.
#include "archivedialog.h"
#include "backupsdialog.h"
#include "backupservice.h"
#include "backupstore.h"
#include "businesshoursdialog.h"
#include "callcard.h"
#include "cannedanswersdialog.h"
#include "channelsdialog.h"
#include "clock.h"
#include "conversationpane.h"
#include "customerstore.h"
#include "demoseeder.h"
#include "desk.h"
#include "escalationdialog.h"
#include "localstore.h"
#include "mailboxdialog.h"
#include "mailstore.h"
#include "mergedialog.h"
#include "peoplestore.h"
#include "reportswindow.h"
#include "resolvedialog.h"
#include "rulesdialog.h"
#include "rulesservice.h"
#include "slapolicydialog.h"
#include "supervisorboard.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTranslator>

#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"lang"_s, u"Language, such as zh_CN or en."_s, u"LANG"_s, u"en"_s});
    parser.addOption({u"out"_s, u"Folder for the PNG files."_s, u"DIR"_s, u"."_s});
    parser.process(app);
    const QLocale locale(parser.value(u"lang"_s));
    QLocale::setDefault(locale);
    QTranslator translator;
    if (translator.load(locale, u"deskline"_s, u"_"_s, u":/deskline/i18n"_s))
        QCoreApplication::installTranslator(&translator);
    QTranslator qtTranslator;
    if (qtTranslator.load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);

    QTemporaryDir dir;
    ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC));
    LocalStore store(clock);
    if (!store.open(dir.filePath(u"shots.sqlite"_s)) || !DemoSeeder(store).run({200, 3}, {})) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(store.errorString()));
        return 1;
    }
    Desk desk(store);
    desk.rules().ensureDefaults();
    const QDir out(parser.value(u"out"_s));
    const QString suffix = u"_"_s + locale.name() + u".png"_s;

    auto save = [&](const QString &name, QWidget &widget) {
        widget.show();
        QCoreApplication::processEvents();
        const QString path = out.filePath(name + suffix);
        widget.grab().save(path);
        std::printf("%s\n", qUtf8Printable(path));
    };

    {
        const auto agents = PeopleStore(store).agents();
        for (const Agent &agent : agents) {
            if (agent.role != AgentRole::Agent) {
                store.setCurrentAgent(agent.login);
                break;
            }
        }
        RulesDialog rules(desk);
        rules.sampleField()->setText(u"紧急！扫码支付失败"_s);
        save(u"rules"_s, rules);
    }
    {
        // A ticket of a customer with orders and devices, so the facts are filled in.
        qint64 ticketId = 1;
        for (qint64 id = 1; id < 200; ++id) {
            const auto ticket = store.ticket(id);
            if (ticket && ticket->status == TicketStatus::Open &&
                !CustomerStore(store).orders(ticket->customerId).isEmpty() &&
                !CustomerStore(store).devices(ticket->customerId).isEmpty()) {
                ticketId = id;
                break;
            }
        }
        EscalationDialog escalation(desk, ticketId);
        save(u"escalation"_s, escalation);
        ResolveDialog resolve(desk, ticketId);
        save(u"resolve"_s, resolve);

        // The same customer wrote again: a duplicate to merge into the first ticket.
        const auto first = store.ticket(ticketId);
        NewTicketInput input;
        input.customerId = first->customerId;
        input.subject = first->subject;
        input.channel = Channel::Web;
        input.firstMessage = u"还是没有解决，请尽快回复"_s;
        if (const auto duplicate = store.createTicket(input)) {
            MergeDialog merge(desk, *duplicate);
            save(u"merge"_s, merge);
        }
    }
    {
        ArchiveDialog archive(desk);
        save(u"archive"_s, archive);
    }
    {
        SlaPolicyDialog targets(store);
        save(u"targets"_s, targets);
    }
    {
        // Holidays as a public calendar publishes them, imported.
        const QString ics = dir.filePath(u"holidays.ics"_s);
        QFile file(ics);
        if (file.open(QIODevice::WriteOnly)) {
            file.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Deskline//Shots//ZH\r\n"
                       "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\n"
                       "SUMMARY:元旦\r\nEND:VEVENT\r\n"
                       "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261008\r\n"
                       "SUMMARY:国庆节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
            file.close();
        }
        BusinessHoursDialog hours(store);
        hours.importHolidays(ics);
        save(u"businesshours"_s, hours);
    }
    {
        // Two mailboxes, one tested: what a supervisor sees in Tools → Channels….
        const QList<Team> teams = PeopleStore(store).teams();
        Mailbox support;
        support.name = u"售后支持"_s;
        support.address = u"support@example.com"_s;
        support.imapUrl = u"imaps://support%40example.com@imap.example.com:993/INBOX"_s;
        support.smtpUrl = u"smtps://support%40example.com@smtp.example.com:465"_s;
        support.teamId = teams.isEmpty() ? 0 : teams.constLast().id;
        Mailbox billing = support;
        billing.name = u"Billing 账单"_s;
        billing.address = u"billing@example.com"_s;
        billing.imapUrl = u"imap://billing%40example.com@mail.example.com:143/INBOX"_s;
        billing.smtpUrl = u"smtp://billing%40example.com@mail.example.com:587"_s;
        billing.teamId = 0;
        billing.passwordFile = u"/etc/deskline/billing.password"_s;
        MailStore(store).addMailbox(support);
        MailStore(store).addMailbox(billing);
        ChannelsDialog channels(desk);
        MailboxCheck::Report report;
        report.imap.ok = true;
        report.messages = 42;
        report.smtp.problem = u"smtp.example.com refused the login (535 5.7.8 authentication failed)"_s;
        channels.showCheck(support.name, report);
        save(u"channels"_s, channels);

        MailboxDialog form(desk);
        form.nameField()->setText(u"技术支持"_s);
        form.addressField()->setText(u"tech support@example.com"_s);
        form.imapField()->setText(u"imaps://tech%40example.com@imap.example.com/INBOX"_s);
        form.fileChoice()->setChecked(true);
        form.passwordFileField()->setText(u"/etc/deskline/tech.password"_s);
        form.tryAdd(); // shows why the address is refused
        save(u"mailbox"_s, form);
    }
    {
        // Three copies, the newest damaged, listed once they are read.
        BackupStore backups(store.path());
        backups.take(BackupInfo::Kind::Daily, clock.now().addDays(-2));
        backups.take(BackupInfo::Kind::BeforeMigration, clock.now().addDays(-1), 18);
        if (const auto newest = backups.take(BackupInfo::Kind::Manual, clock.now())) {
            QFile file(newest->path);
            if (file.open(QIODevice::ReadWrite) && file.seek(file.size() / 2))
                file.write(QByteArray(8192, '\0'));
        }
        BackupsDialog dialog(desk.backups());
        QEventLoop listing;
        QObject::connect(&desk.backups(), &BackupService::listed, &listing, &QEventLoop::quit);
        listing.exec();
        dialog.selectNewestUsable();
        save(u"backups"_s, dialog);
    }
    {
        SupervisorBoard board(store, clock);
        save(u"board"_s, board);
    }
    {
        // A year of the demo data, shown once it is worked out.
        ReportsWindow reports(desk, clock);
        reports.show();
        QEventLoop waiting;
        QObject::connect(&reports, &ReportsWindow::reportShown, &waiting, &QEventLoop::quit);
        QObject::connect(&reports, &ReportsWindow::reportFailed, &waiting, &QEventLoop::quit);
        reports.setPeriod(ReportsWindow::Period::Last12Months);
        waiting.exec();
        save(u"reports"_s, reports);
        reports.showSection(1);
        save(u"reports-volume"_s, reports);
        reports.showSection(6);
        save(u"reports-agents"_s, reports);
    }
    {
        // A known caller (a demo customer's number) and an unknown one.
        const auto ticket = store.ticket(1);
        const auto caller = ticket ? CustomerStore(store).customer(ticket->customerId) : std::nullopt;
        CallCard known(desk);
        known.showNumber(caller ? caller->phone : u"138 0000 0001"_s);
        save(u"callcard"_s, known);
        // Three minutes later the call ends: the phone ticket's header says how long it took.
        clock.set(clock.now().addSecs(185));
        known.endCall();
        save(u"callcard-ended"_s, known);
        if (known.ticketId() > 0) {
            ConversationPane pane(desk);
            pane.setTicket(known.ticketId());
            pane.resize(900, 640);
            save(u"conversation-phone"_s, pane);
        }
        CallCard unknown(desk);
        unknown.showNumber(u"+86 21 5555 0199"_s);
        save(u"callcard-unknown"_s, unknown);
    }
    {
        CannedAnswersDialog canned(desk);
        canned.resize(900, 640);
        save(u"cannedanswers"_s, canned);
    }
    {
        // An agent of a team reads what the supervisors set.
        for (const Agent &agent : PeopleStore(store).agents()) {
            if (agent.role == AgentRole::Agent) {
                store.setCurrentAgent(agent.login);
                break;
            }
        }
        store.setTeamMode(true);
        SlaPolicyDialog targets(store);
        save(u"targets-team-agent"_s, targets);
    }
    return 0;
}
