#include "businesscalendar.h"
#include "catchcompat.h"
#include "desk.h"
#include "localstore.h"
#include "mainwindow.h"
#include "peoplestore.h"
#include "reportchartview.h"
#include "reportswindow.h"
#include "surveystore.h"
#include "teststore.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QAction *reportsAction(const MainWindow &window)
{
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->objectName() == u"reportsAction")
            return action;
    }
    return nullptr;
}

// Three tickets on Monday 2 March 2026 (UTC business hours): an email answered after an hour
// and solved with a 4, a chat, and a phone call; the supervisor reads the week.
struct CountedDesk {
    CountedDesk()
    {
        BusinessCalendar calendar;
        calendar.setTimeZone(QTimeZone("UTC"));
        REQUIRE(t.store->setBusinessCalendar(calendar));
        email = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"登录失败"_s, Channel::Email);
        REQUIRE(t.store->assign(email, PeopleStore(*t.store).agentByLogin(u"li.na"_s)->id));
        t.clock.advance(60 * 60 * 1000);
        REQUIRE(t.store->addMessage(email, MessageKind::Agent, u"已重置"_s));
        ResolveRequest solve;
        solve.ticketId = email;
        solve.score = 4;
        REQUIRE(SurveyStore(*t.store).resolve(solve));
        t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Refund"_s, u"Where is it?"_s, Channel::Chat);
        t.addTicket(t.addCustomer(u"李雷"_s), u"电话"_s, u"订单"_s, Channel::Phone);
        t.signInAsSupervisor();
    }

    bool show(ReportsWindow &reports)
    {
        QSignalSpy shown(&reports, &ReportsWindow::reportShown);
        reports.setDates(QDate(2026, 3, 2), QDate(2026, 3, 8));
        reports.showReport();
        return shown.wait(20000);
    }

    TestStore t;
    qint64 email = 0;
};

} // namespace

TEST_CASE("An agent is not offered the reports and cannot open them", "[gui][reports][roles]")
{
    TestStore t(20);
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*t.store);
    MainWindow window(desk, t.clock, settings);
    window.show();
    QAction *action = reportsAction(window);
    REQUIRE(action);
    CHECK_FALSE(action->isVisible());
    CHECK(window.openReports() == nullptr);
    CHECK(window.findChildren<ReportsWindow *>().isEmpty());
}

TEST_CASE("A supervisor's reports are worked out off the window's thread and shown as charts and tables",
          "[gui][reports]")
{
    CountedDesk d;
    QSettings settings(d.t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*d.t.store);
    MainWindow window(desk, d.t.clock, settings);
    window.show();
    QAction *action = reportsAction(window);
    REQUIRE(action);
    CHECK(action->isVisible());
    action->trigger();
    ReportsWindow *reports = window.findChild<ReportsWindow *>();
    REQUIRE(reports);
    CHECK(reports->isVisible());
    // It opened on last week (23 Feb - 1 Mar), which has nothing; the runner is at work or done.
    REQUIRE(d.show(*reports));
    CHECK_FALSE(reports->isWorking());
    REQUIRE(reports->report());
    CHECK(reports->report()->total.created == 3);
    CHECK(reports->report()->total.responded == 1);
    CHECK(reports->report()->total.firstResponseBms == 60 * 60 * 1000);
    CHECK(reports->report()->ratingCounts[3] == 1);

    CHECK(reports->sectionTitles().size() == 7);
    auto *summary = reports->findChild<QTableView *>(u"table_summary"_s);
    REQUIRE(summary);
    CHECK(summary->model()->index(0, 0).data().toString() == u"Tickets created"_s);
    CHECK(summary->model()->index(0, 1).data().toString() == u"3"_s);
    CHECK(summary->model()->index(2, 1).data().toString() == u"1.00"_s);
    QStringList charts;
    for (ReportChartView *view : reports->findChildren<ReportChartView *>())
        charts.append(view->chart().key);
    CHECK(charts.size() == 10);
    CHECK(charts.contains(u"by_weekday_hour"_s));
    CHECK(charts.contains(u"satisfaction_trend"_s));
    reports->showSection(6);
    auto *agents = reports->findChild<QTableView *>(u"table_by_agent"_s);
    REQUIRE(agents);
    CHECK(agents->isVisible());
    CHECK(agents->model()->index(0, 0).data().toString() == u"李娜"_s);

    // Later work shows when the report is made again.
    d.t.clock.advance(60 * 1000);
    d.t.addTicket(d.t.addCustomer(u"王芳"_s), u"Crash"_s, u"App crashes"_s, Channel::Social);
    REQUIRE(d.show(*reports));
    CHECK(reports->report()->total.created == 4);
    CHECK(reports->report()->byChannel[int(Channel::Social)].created == 1);
}

TEST_CASE("Reports export to CSV and PDF, and say why when they cannot", "[gui][reports]")
{
    CountedDesk d;
    Desk desk(*d.t.store);
    ReportsWindow reports(desk, d.t.clock);
    reports.show();
    REQUIRE(d.show(reports));

    QTemporaryDir out;
    REQUIRE(reports.exportCsv(out.filePath(u"csv"_s)));
    CHECK(QDir(out.filePath(u"csv"_s)).entryList({u"*.csv"_s}).size() == 9);
    CHECK(reports.statusText().contains(u"9 CSV file"_s));
    const QString pdf = out.filePath(u"week.pdf"_s);
    REQUIRE(reports.exportPdf(pdf));
    QFile file(pdf);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.read(5) == "%PDF-");
    CHECK(reports.statusText().contains(u"week.pdf"_s));

    CHECK_FALSE(reports.exportPdf(out.filePath(u"no/such/folder/week.pdf"_s)));
    CHECK(reports.statusText().contains(u"not written"_s));

    // A period that ends before it starts is refused at once, and the figures shown stay.
    QSignalSpy failed(&reports, &ReportsWindow::reportFailed);
    reports.setDates(QDate(2026, 3, 8), QDate(2026, 3, 2));
    reports.showReport();
    CHECK(failed.size() == 1);
    CHECK(reports.statusText().contains(u"period"_s));
    CHECK(reports.report()->total.created == 3);
}
