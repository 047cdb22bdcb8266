#include "catchcompat.h"
#include "conversationpane.h"
#include "desk.h"
#include "mainwindow.h"
#include "teststore.h"
#include "timedialog.h"
#include "timestore.h"
#include "timetracker.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 minute = 60 * 1000;
}

TEST_CASE("The window counts the time a ticket is open while it is active and shows it", "[gui][time]")
{
    TestStore t;
    const qint64 a = t.addTicket(t.addCustomer(u"张伟"_s), u"A"_s, u"hi"_s);
    const qint64 b = t.addTicket(t.addCustomer(u"Ana"_s), u"B"_s, u"hello"_s);
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    {
        Desk desk(*t.store);
        MainWindow window(desk, t.clock, settings);
        window.resize(1400, 900);
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
        window.openTicket(a);
        REQUIRE(window.conversation()->ticketId() == a);
        CHECK(window.timeTracker()->isCounting());
        t.clock.advance(6 * minute);
        window.openTicket(b); // the piece on A is saved and shown when A is opened again
        t.clock.advance(2 * minute);
        window.openTicket(a);
        CHECK(window.conversation()->timeButton()->text().contains(TimeStore::durationText(6 * minute)));
        t.clock.advance(3 * minute);
    } // closing saves the running piece
    CHECK(TimeStore(*t.store).totalMs(a) == 9 * minute);
    CHECK(TimeStore(*t.store).totalMs(b) == 2 * minute);
}

TEST_CASE("A window whose last minutes cannot be saved still closes cleanly", "[gui][time][bad-input]")
{
    TestStore t;
    const qint64 a = t.addTicket(t.addCustomer(u"张伟"_s), u"A"_s, u"hi"_s);
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    QString reported;
    {
        Desk desk(*t.store);
        MainWindow window(desk, t.clock, settings);
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
        window.openTicket(a);
        REQUIRE(window.timeTracker()->isCounting());
        QObject::connect(window.timeTracker(), &TimeTracker::failed, &window,
                         [&reported](const QString &message) { reported = message; });
        t.clock.advance(4 * minute);
        // Another program breaks the file under the window; the save at closing fails.
        REQUIRE(t.store->transaction([&] {
            QSqlQuery drop = t.store->prepare(u"DROP TABLE time_entries"_s);
            return t.store->exec(drop);
        }));
    } // before the fix, the failure went to a status bar already being deleted, and crashed
    CHECK(!reported.isEmpty());
}

TEST_CASE("The time dialog adds, corrects and removes entries", "[gui][time][dialogs]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"A"_s);
    REQUIRE(TimeStore(*t.store).addAutomatic(ticket, t.clock.now().toMSecsSinceEpoch() - 10 * minute, 10 * minute));
    Desk desk(*t.store);
    TimeDialog dialog(desk, ticket);
    dialog.show();
    REQUIRE(dialog.table()->rowCount() == 1);
    CHECK(dialog.totalLabel()->text().contains(u"10 min"_s));

    dialog.minutesBox()->setValue(20);
    QTest::keyClicks(dialog.noteField(), u"Call back"_s);
    REQUIRE(dialog.addEntry());
    CHECK(dialog.table()->rowCount() == 2);
    CHECK(dialog.totalLabel()->text().contains(u"30 min"_s));
    CHECK(dialog.noteField()->text().isEmpty());

    // Oldest first: the 20 minutes entered now began before the 10 counted.
    dialog.table()->selectRow(1);
    CHECK(dialog.minutesBox()->value() == 10);
    CHECK(dialog.table()->item(1, 2)->text().contains(u"counted"_s));
    dialog.minutesBox()->setValue(12);
    REQUIRE(dialog.saveSelected());
    CHECK(TimeStore(*t.store).totalMs(ticket) == 32 * minute);

    dialog.table()->selectRow(0);
    REQUIRE(dialog.removeSelected());
    CHECK(dialog.table()->rowCount() == 1);
    CHECK(TimeStore(*t.store).totalMs(ticket) == 12 * minute);

    dialog.table()->clearSelection();
    CHECK(!dialog.removeSelected());
    CHECK(dialog.errorLabel()->isVisible());
}
