// The window on a small laptop screen: the panes fit, the customer steps into a tab and comes
// back with Ctrl+I, and what the agent arranged is there again next time.
#include "catchcompat.h"
#include "conversationpane.h"
#include "customerpane.h"
#include "desk.h"
#include "mainwindow.h"
#include "teststore.h"
#include "ticketlistpane.h"

#include <QAction>
#include <QListView>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

namespace {

struct Window {
    Window(TestStore &t, QSize size)
        : settings(t.dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat)
        , desk(*t.store)
        , window(desk, t.clock, settings)
    {
        window.resize(size);
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
        QCoreApplication::processEvents();
    }
    QSettings settings;
    Desk desk;
    MainWindow window;
};

// Shown, entirely inside the window, and at least as wide and high as its layout needs.
void requireUsable(QWidget *pane, QWidget *window)
{
    INFO(pane->metaObject()->className() << " at " << pane->mapTo(window, QPoint(0, 0)).x() << ","
                                         << pane->mapTo(window, QPoint(0, 0)).y() << " size " << pane->width() << "x"
                                         << pane->height() << ", needs " << pane->minimumSizeHint().width() << "x"
                                         << pane->minimumSizeHint().height());
    REQUIRE(pane->isVisible());
    const QRect inWindow(pane->mapTo(window, QPoint(0, 0)), pane->size());
    CHECK(window->rect().contains(inWindow));
    CHECK(pane->width() >= pane->minimumSizeHint().width());
    CHECK(pane->height() >= pane->minimumSizeHint().height());
}

} // namespace

TEST_CASE("At 1366x768 the panes fit and the customer is a tab away, Ctrl+I", "[gui][layout]")
{
    TestStore t(120, 4);
    Window w(t, QSize(1366, 768));
    REQUIRE(w.window.size() == QSize(1366, 768));
    // A window manager could not make it any smaller than this; a 1280x720 screen has to hold it.
    CHECK(w.window.minimumSizeHint().width() <= 1280);
    CHECK(w.window.minimumSizeHint().height() <= 720 - 40);
    REQUIRE(w.window.conversation()->ticketId() > 0);

    CHECK(w.window.isCustomerFolded());
    requireUsable(w.window.ticketList(), &w.window);
    requireUsable(w.window.conversation(), &w.window);
    // The list keeps its columns readable: the subject is not squeezed to nothing.
    CHECK(w.window.ticketList()->table()->columnWidth(1) >= 12 * w.window.fontMetrics().horizontalAdvance(u'M'));
    CHECK_FALSE(w.window.customer()->isVisible());
    CHECK_FALSE(w.window.customerAction()->isChecked());

    QTest::keyClick(&w.window, Qt::Key_I, Qt::ControlModifier);
    requireUsable(w.window.customer(), &w.window);
    requireUsable(w.window.ticketList(), &w.window);
    CHECK(w.window.customerAction()->isChecked());
    CHECK(w.window.customer()->customerId() == w.window.conversation()->ticket()->customerId);

    QTest::keyClick(&w.window, Qt::Key_I, Qt::ControlModifier);
    CHECK_FALSE(w.window.customer()->isVisible());
    CHECK(w.window.conversation()->thread()->isVisible());
    CHECK_FALSE(w.window.customerAction()->isChecked());
}

TEST_CASE("On a wide screen the customer is a third column that Ctrl+I hides and shows", "[gui][layout]")
{
    TestStore t(60, 3);
    Window w(t, QSize(1920, 1050));
    CHECK_FALSE(w.window.isCustomerFolded());
    for (QWidget *pane :
         std::initializer_list<QWidget *>{w.window.ticketList(), w.window.conversation(), w.window.customer()})
        requireUsable(pane, &w.window);
    CHECK(w.window.customerAction()->isChecked());
    QTest::keyClick(&w.window, Qt::Key_I, Qt::ControlModifier);
    CHECK_FALSE(w.window.customer()->isVisible());
    CHECK_FALSE(w.window.customerAction()->isChecked());
    QTest::keyClick(&w.window, Qt::Key_I, Qt::ControlModifier);
    CHECK(w.window.customer()->isVisible());

    // Narrower: it folds by itself, and comes back as a column when there is room again.
    w.window.resize(1280, 720);
    QCoreApplication::processEvents();
    CHECK(w.window.isCustomerFolded());
    requireUsable(w.window.ticketList(), &w.window);
    requireUsable(w.window.conversation(), &w.window);
    w.window.resize(1920, 1050);
    QCoreApplication::processEvents();
    CHECK_FALSE(w.window.isCustomerFolded());
    requireUsable(w.window.customer(), &w.window);
}

TEST_CASE("The fold choice, the hidden customer and the splitter sizes are remembered", "[gui][layout]")
{
    TestStore t(30, 2);
    QList<int> folded;
    QList<int> wide;
    {
        Window w(t, QSize(1920, 1050));
        w.window.splitter()->setSizes({1000, 500, 400});
        wide = w.window.splitter()->sizes();
        w.window.foldAction()->trigger(); // the agent wants the room, whatever the width
        REQUIRE(w.window.isCustomerFolded());
        REQUIRE(w.window.splitter()->count() == 2);
        w.window.splitter()->setSizes({1100, 800});
        folded = w.window.splitter()->sizes();
        w.window.close();
    }
    {
        Window again(t, QSize(1920, 1050));
        CHECK(again.window.isCustomerFolded());
        CHECK(again.window.foldAction()->isChecked());
        CHECK(again.window.splitter()->sizes() == folded);
        again.window.foldAction()->trigger();
        REQUIRE_FALSE(again.window.isCustomerFolded());
        CHECK(again.window.splitter()->sizes() == wide);
        QTest::keyClick(&again.window, Qt::Key_I, Qt::ControlModifier); // and hides the column
        REQUIRE_FALSE(again.window.customer()->isVisible());
        again.window.close();
    }
    Window third(t, QSize(1920, 1050));
    CHECK_FALSE(third.window.isCustomerFolded());
    CHECK_FALSE(third.window.customer()->isVisible());
    CHECK_FALSE(third.window.customerAction()->isChecked());
}
