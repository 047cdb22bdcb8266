#include "catchcompat.h"
#include "conversationpane.h"
#include "customerpane.h"
#include "customerstore.h"
#include "desk.h"
#include "mainwindow.h"
#include "teststore.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"

#include <QAction>
#include <QApplication>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

struct SearchWindow {
    explicit SearchWindow(TestStore &t)
        : settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat)
        , desk(*t.store)
        , window(desk, t.clock, settings)
    {
        window.resize(1366, 768);
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
        window.ticketList()->setView(TicketFilter::View::All);
    }

    void search(const QString &text)
    {
        QLineEdit *field = window.ticketList()->searchField();
        field->setFocus();
        field->clear();
        QTest::keyClicks(field, text);
        QTest::keyClick(field, Qt::Key_Return);
    }

    QAction *action(const QString &objectName)
    {
        for (QAction *a : window.findChildren<QAction *>()) {
            if (a->objectName() == objectName)
                return a;
        }
        return nullptr;
    }

    QSettings settings;
    Desk desk;
    MainWindow window;
};

} // namespace

TEST_CASE("A ticket number in the search box opens that ticket, in either way of writing it", "[gui][search]")
{
    TestStore t(150, 2);
    SearchWindow w(t);
    const auto wanted = t.store->ticketIdByExternalId(u"T-000042"_s);
    REQUIRE(wanted);
    for (const QString &typed : {u"T-000042"_s, u"42"_s, u"t-000042"_s}) {
        INFO(typed.toStdString());
        w.search(typed);
        TicketListModel *model = w.window.ticketList()->model();
        REQUIRE(model->rowCount() > 0);
        CHECK(model->ticketIdAt(0) == *wanted);
        CHECK(w.window.ticketList()->currentTicketId() == *wanted);
        CHECK(w.window.conversation()->ticketId() == *wanted);
    }
}

TEST_CASE("Customers found by email, phone or order number are listed above the tickets; Enter opens their card",
          "[gui][search]")
{
    TestStore t(150, 2);
    const qint64 wang = t.addCustomer(u"王芳"_s, u"+86 138 0013 8000"_s, u"wang.fang@example.cn"_s);
    const qint64 ticket = t.addTicket(wang, u"订单 TP20260106572283 没有发货"_s);
    SearchWindow w(t);
    TicketListPane *list = w.window.ticketList();
    QListWidget *hits = list->customerHits();
    auto *heading = list->findChild<QLabel *>(u"customerHitsHeading"_s);
    REQUIRE(heading);
    CHECK_FALSE(hits->isVisible());

    for (const QString &typed : {u"WANG.FANG@example.cn"_s, u"138-0013-8000"_s, u"+8613800138000"_s}) {
        INFO(typed.toStdString());
        w.search(typed);
        REQUIRE(hits->isVisible());
        REQUIRE(hits->count() >= 1);
        CHECK(hits->item(0)->data(Qt::UserRole).toLongLong() == wang);
        CHECK(hits->item(0)->text().contains(u"王芳"_s));
        CHECK(heading->isVisible());
    }

    // The start of an order number finds the ticket that mentions it.
    w.search(u"TP2026"_s);
    CHECK(list->model()->rowCount() >= 1);
    CHECK(list->model()->ticketIdAt(0) == ticket);

    w.search(u"wang.fang@example.cn"_s);
    hits->setFocus();
    hits->setCurrentRow(0);
    QTest::keyClick(hits, Qt::Key_Return);
    CHECK(w.window.customer()->customerId() == wang);

    w.search(u"nobody-like-this@example.invalid"_s);
    CHECK_FALSE(hits->isVisible());
    CHECK_FALSE(heading->isVisible());
}

TEST_CASE("Ctrl+G asks for a ticket number and opens the ticket, or says there is none", "[gui][search]")
{
    TestStore t(80, 2);
    SearchWindow w(t);
    QAction *go = w.action(u"goToTicketAction"_s);
    REQUIRE(go);
    CHECK(go->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_G));
    const auto wanted = t.store->ticketIdByExternalId(u"T-000077"_s);
    REQUIRE(wanted);
    bool answered = false;
    QTimer::singleShot(0, &w.window, [&] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        dialog->setTextValue(u"77"_s);
        dialog->accept();
        answered = true;
    });
    go->trigger();
    REQUIRE(answered);
    CHECK(w.window.conversation()->ticketId() == *wanted);

    bool told = false;
    QTimer::singleShot(0, &w.window, [&] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        dialog->setTextValue(u"T-999999"_s);
        dialog->accept();
        QTimer::singleShot(0, &w.window, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            REQUIRE(box);
            told = box->text().contains(u"T-999999"_s);
            box->accept();
        });
    });
    go->trigger();
    CHECK(told);
    CHECK(w.window.conversation()->ticketId() == *wanted);
}
