#include "autocloser.h"
#include "backgroundjobs.h"
#include "catchcompat.h"
#include "composerwidget.h"
#include "conversationmodel.h"
#include "conversationpane.h"
#include "customerpane.h"
#include "customerrecordsmodel.h"
#include "desk.h"
#include "draftstore.h"
#include "mainwindow.h"
#include "peoplestore.h"
#include "slawatcher.h"
#include "teststore.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"

#include <QApplication>
#include <QComboBox>
#include <QInputDialog>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

namespace {

struct Window {
    explicit Window(TestStore &t)
        : settings(t.dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat)
        , desk(*t.store)
        , window(desk, t.clock, settings)
    {
        window.resize(1600, 900); // wide enough for the customer's column
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
    }
    QSettings settings;
    Desk desk;
    MainWindow window;
};

void clickRow(QTableView *table, int row)
{
    const QModelIndex index = table->model()->index(row, TicketListModel::SubjectColumn);
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
}

} // namespace

TEST_CASE("Selecting a ticket shows its conversation and its customer", "[gui]")
{
    TestStore t(120, 5);
    Window w(t);
    QTableView *table = w.window.ticketList()->table();
    REQUIRE(table->model()->rowCount() > 3);
    clickRow(table, 3);
    const qint64 id = w.window.ticketList()->model()->ticketIdAt(3);
    const auto ticket = t.store->ticket(id);
    REQUIRE(ticket);
    CHECK(w.window.conversation()->ticketId() == id);
    CHECK(w.window.findChild<QLabel *>(QStringLiteral("ticketSubject"))->text() == ticket->subject);
    CHECK(w.window.conversation()->model()->rowCount() == 5);
    CHECK(w.window.customer()->customerId() == ticket->customerId);
    CHECK(w.window.findChild<QLabel *>(QStringLiteral("customerName"))->text() == ticket->customerName);
    // Its own ticket is on screen already: the earlier tickets are the others.
    CHECK(w.window.customer()->ticketsModel()->rowCount() == t.store->ticketsOfCustomer(ticket->customerId).size() - 1);
    for (int row = 0; row < w.window.customer()->ticketsModel()->rowCount(); ++row)
        CHECK(
            w.window.customer()->ticketsModel()->index(row, 0).data(CustomerRecordsModel::RecordIdRole).toLongLong() !=
            id);
}

TEST_CASE("Selecting a ticket by its id selects its row, in a view that holds it", "[gui][select]")
{
    TestStore t(600, 2);
    Window w(t);
    // An old, closed ticket: not in "All open", and far down "All" by its last change.
    qint64 old = 0;
    for (qint64 id = 1; id < 50 && old == 0; ++id) {
        if (t.store->ticket(id)->status == TicketStatus::Closed)
            old = id;
    }
    REQUIRE(old > 0);
    REQUIRE(w.window.ticketList()->model()->rowOfTicket(old) < 0);
    w.window.selectTicket(old);
    CHECK(w.window.conversation()->ticketId() == old);
    CHECK(w.window.ticketList()->currentTicketId() == old);
    CHECK(w.window.ticketList()->selectedTicketIds() == QList<qint64>{old});
    CHECK(w.window.ticketList()->model()->filter().view == TicketFilter::View::All);
    CHECK(w.window.customer()->customerId() == t.store->ticket(old)->customerId);
}

TEST_CASE("Replying adds the message to the thread and clears the composer", "[gui]")
{
    TestStore t(60, 3);
    Window w(t);
    clickRow(w.window.ticketList()->table(), 0);
    const qint64 id = w.window.conversation()->ticketId();
    REQUIRE(id > 0);
    const int before = w.window.conversation()->model()->rowCount();
    QPlainTextEdit *editor = w.window.findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
    editor->setFocus();
    QTest::keyClicks(editor, QStringLiteral("Thanks, we are on it."));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    CHECK(w.window.conversation()->model()->rowCount() == before + 1);
    const QModelIndex last = w.window.conversation()->model()->index(before);
    CHECK(last.data(ConversationModel::BodyRole).toString() == QStringLiteral("Thanks, we are on it."));
    CHECK(last.data(ConversationModel::KindRole).toInt() == int(MessageKind::Agent));
    CHECK(editor->toPlainText().isEmpty());
    CHECK(t.store->messages(id).size() == before + 1);
}

TEST_CASE("A colleague's reply since the ticket was opened is shown before sending another", "[gui]")
{
    TestStore t(30, 2);
    Window w(t);
    clickRow(w.window.ticketList()->table(), 0);
    const qint64 id = w.window.conversation()->ticketId();
    REQUIRE(id > 0);
    // Tom answers the same ticket from his own desk (another connection to the same file).
    LocalStore tomDesk(t.clock);
    REQUIRE(tomDesk.open(t.path()));
    REQUIRE(tomDesk.setCurrentAgent(QStringLiteral("tom.baker")));
    REQUIRE(tomDesk.addMessage(id, MessageKind::Agent, QStringLiteral("Refund issued today.")));

    ComposerWidget *composer = w.window.conversation()->composer();
    composer->setText(QStringLiteral("I will look into the refund."));
    CHECK_FALSE(composer->send());
    CHECK_FALSE(composer->collisionNotice()->isHidden());
    CHECK(composer->collisionNotice()->text().contains(PeopleStore(tomDesk).agent(tomDesk.currentAgentId())->name));
    CHECK(composer->editor()->toPlainText() == QStringLiteral("I will look into the refund.")); // nothing lost

    CHECK(composer->send()); // read it; sending again sends
    CHECK(composer->collisionNotice()->isHidden());
    CHECK(t.store->messages(id).back().body == QStringLiteral("I will look into the refund."));
}

TEST_CASE("Chinese typed through the input method becomes an internal note", "[gui]")
{
    TestStore t(30, 2);
    Window w(t);
    clickRow(w.window.ticketList()->table(), 1);
    const qint64 id = w.window.conversation()->ticketId();
    ComposerWidget *composer = w.window.conversation()->composer();
    composer->setNote(true);
    QPlainTextEdit *editor = composer->editor();
    editor->setFocus();
    QInputMethodEvent preedit(QStringLiteral("dengl"), {});
    QCoreApplication::sendEvent(editor, &preedit);
    QInputMethodEvent commit;
    commit.setCommitString(QStringLiteral("请同事确认登录日志"));
    QCoreApplication::sendEvent(editor, &commit);
    CHECK(editor->toPlainText() == QStringLiteral("请同事确认登录日志"));
    w.window.findChild<QPushButton *>(QStringLiteral("sendButton"))->click();
    const auto messages = t.store->messages(id);
    CHECK(messages.back().body == QStringLiteral("请同事确认登录日志"));
    CHECK(messages.back().kind == MessageKind::Note);
}

TEST_CASE("What an agent typed is kept as a draft when they switch tickets", "[gui]")
{
    TestStore t(30, 2);
    Window w(t);
    QTableView *table = w.window.ticketList()->table();
    clickRow(table, 0);
    const qint64 first = w.window.conversation()->ticketId();
    QPlainTextEdit *editor = w.window.conversation()->composer()->editor();
    QTest::keyClicks(editor, QStringLiteral("half a reply"));
    clickRow(table, 1);
    CHECK(editor->toPlainText().isEmpty());
    CHECK(DraftStore(*t.store).draft(first)->body == QStringLiteral("half a reply"));
    clickRow(table, 0);
    CHECK(editor->toPlainText() == QStringLiteral("half a reply"));
}

TEST_CASE("Searching shows the matching tickets", "[gui]")
{
    TestStore t(200, 3);
    Window w(t);
    TicketListPane *list = w.window.ticketList();
    list->setView(TicketFilter::View::All);
    QLineEdit *search = w.window.findChild<QLineEdit *>(QStringLiteral("searchField"));
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("refund"));
    QTest::keyClick(search, Qt::Key_Return);
    TicketListModel *model = list->model();
    REQUIRE(model->rowCount() > 0);
    for (int row = 0; row < std::min(model->rowCount(), 20); ++row) {
        const qint64 id = model->ticketIdAt(row);
        QString text = t.store->ticket(id)->subject;
        for (const Message &m : t.store->messages(id))
            text += QLatin1Char(' ') + m.body;
        CHECK(text.contains(QStringLiteral("refund"), Qt::CaseInsensitive));
    }
    search->clear();
    QTest::keyClick(search, Qt::Key_Return);
    CHECK(model->rowCount() == TicketListModel::pageSize);
}

TEST_CASE("Search hits can be ordered by best match", "[gui]")
{
    TestStore t(0, 1);
    const qint64 c = t.addCustomer(QStringLiteral("Kim"));
    const qint64 best = t.addTicket(c, QStringLiteral("Battery drains"), QStringLiteral("battery battery battery"));
    const qint64 newest = t.addTicket(c, QStringLiteral("Screen flickers"),
                                      QStringLiteral("the battery is warm, and a long story about other things"));
    Window w(t);
    TicketListPane *list = w.window.ticketList();
    list->setView(TicketFilter::View::All);
    auto *order = w.window.findChild<QComboBox *>(QStringLiteral("searchOrder"));
    REQUIRE(order);
    CHECK(order->isHidden());

    list->setSearchText(QStringLiteral("battery"));
    CHECK_FALSE(order->isHidden());
    TicketListModel *model = list->model();
    REQUIRE(model->rowCount() == 2);
    CHECK(model->ticketIdAt(0) == newest);

    order->setCurrentIndex(1);
    CHECK(model->filter().rankByRelevance);
    REQUIRE(model->rowCount() == 2);
    CHECK(model->ticketIdAt(0) == best);

    list->setSearchText(QString());
    CHECK(order->isHidden());
}

TEST_CASE("Taking a ticket and changing its fields updates the list row", "[gui]")
{
    TestStore t(80, 2);
    t.addTicket(t.addCustomer(QStringLiteral("Walk-in")), QStringLiteral("Nobody has this yet"));
    Window w(t);
    w.window.ticketList()->setView(TicketFilter::View::Unassigned);
    TicketListModel *model = w.window.ticketList()->model();
    REQUIRE(model->rowCount() > 0);
    clickRow(w.window.ticketList()->table(), 0);
    const qint64 id = w.window.conversation()->ticketId();
    QTest::keyClick(&w.window, Qt::Key_T, Qt::ControlModifier);
    CHECK(t.store->ticket(id)->assigneeId == t.store->currentAgentId());
    CHECK(model->rowOfTicket(id) == -1);              // no longer unassigned
    CHECK(w.window.conversation()->ticketId() == id); // still open for the agent
}

TEST_CASE("Clicking an earlier ticket of the customer opens it", "[gui]")
{
    TestStore t(200, 2);
    Window w(t);
    w.window.ticketList()->setView(TicketFilter::View::All);
    QTableView *table = w.window.ticketList()->table();
    int row = 0;
    for (; row < 100; ++row) {
        clickRow(table, row);
        if (w.window.customer()->ticketsModel()->rowCount() > 1)
            break;
    }
    REQUIRE(w.window.customer()->ticketsModel()->rowCount() > 1);
    QTableView *earlier = w.window.customer()->ticketsView();
    int target = 0;
    if (earlier->model()->index(0, 0).data(CustomerRecordsModel::RecordIdRole).toLongLong() ==
        w.window.conversation()->ticketId())
        target = 1;
    const qint64 wanted = earlier->model()->index(target, 0).data(CustomerRecordsModel::RecordIdRole).toLongLong();
    QTest::mouseClick(earlier->viewport(), Qt::LeftButton, {},
                      earlier->visualRect(earlier->model()->index(target, 1)).center());
    CHECK(w.window.conversation()->ticketId() == wanted);
}

TEST_CASE("The window remembers its splitter and columns", "[gui]")
{
    TestStore t(20, 2);
    QList<int> sizes;
    int subjectWidth = 0;
    {
        Window w(t);
        w.window.splitter()->setSizes({700, 500, 300});
        sizes = w.window.splitter()->sizes();
        w.window.ticketList()->table()->setColumnHidden(TicketListModel::CategoryColumn, true);
        w.window.close();
        subjectWidth = w.window.ticketList()->table()->columnWidth(TicketListModel::IdColumn);
    }
    Window again(t);
    CHECK(again.window.splitter()->sizes() == sizes);
    CHECK(again.window.ticketList()->table()->isColumnHidden(TicketListModel::CategoryColumn));
    CHECK(again.window.ticketList()->table()->columnWidth(TicketListModel::IdColumn) == subjectWidth);
}

TEST_CASE("Tools > Close solved tickets after… sets the days and closes what is due at once", "[gui][autoclose]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(QStringLiteral("Ana Souza")), QStringLiteral("Card declined"),
                                      QStringLiteral("It fails"));
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Solved));
    t.clock.advance(2LL * 24 * 3600 * 1000);
    Window w(t);
    BackgroundJobs jobs(t.store->path(), t.clock);
    w.desk.relay(jobs);
    w.window.attachBackgroundJobs(&jobs);
    bool caughtUp = false; // told on this thread: the jobs emit on theirs
    QObject::connect(&jobs, &BackgroundJobs::caughtUp, &w.window, [&] { caughtUp = true; });
    jobs.start(false, {}, {});
    REQUIRE(QTest::qWaitFor([&] { return caughtUp; }, 5000));
    CHECK(t.store->ticket(ticket)->status == TicketStatus::Solved); // 2 days solved, 4 to wait
    QAction *action = nullptr;
    for (QAction *a : w.window.findChildren<QAction *>()) {
        if (a->text().startsWith(QStringLiteral("Close &solved")))
            action = a;
    }
    REQUIRE(action);
    bool answered = false;
    QTimer::singleShot(0, &w.window, [&] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        CHECK(dialog->intValue() == AutoCloser::defaultDays);
        dialog->setIntValue(1);
        dialog->accept();
        answered = true;
    });
    action->trigger();
    REQUIRE(answered);
    CHECK(AutoCloser(*t.store).days() == 1);
    // Closed on the jobs' own connection: the window's list hears of it and shows it.
    REQUIRE(QTest::qWaitFor([&] { return t.store->ticket(ticket)->status == TicketStatus::Closed; }, 5000));
    REQUIRE(QTest::qWaitFor(
        [&] { return w.window.statusBar()->currentMessage().contains(QStringLiteral("closed automatically")); }, 5000));
}

TEST_CASE("A deadline near on one of my tickets is told to the agent", "[gui][sla]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(QStringLiteral("Ana Souza")), QStringLiteral("Card declined"),
                                      QStringLiteral("now"), Channel::Chat);
    REQUIRE(t.store->takeTicket(ticket));
    Window w(t);
    t.clock.advance(4 * 60 * 1000); // four of its five minutes
    BackgroundJobs jobs(t.store->path(), t.clock);
    w.desk.relay(jobs);
    w.window.attachBackgroundJobs(&jobs);
    QList<qint64> alerted; // told on this thread: the jobs emit on theirs
    QObject::connect(&jobs, &BackgroundJobs::deadlineAlert, &w.window,
                     [&](qint64 id, SlaWatcher::Alert, const QString &) { alerted.append(id); });
    jobs.start(false, PeopleStore(*t.store).agent(t.store->currentAgentId())->login, {});
    REQUIRE(QTest::qWaitFor([&] { return !alerted.isEmpty(); }, 5000));
    CHECK(alerted == QList<qint64>{ticket});
    // No tray under the offscreen platform: the status bar says it.
    REQUIRE(QTest::qWaitFor(
        [&] { return w.window.statusBar()->currentMessage().contains(QStringLiteral("three quarters")); }, 5000));
    CHECK(w.window.statusBar()->currentMessage().contains(QStringLiteral("Card declined")));
}

TEST_CASE("An agent saves the filters as a view of their own and comes back to it with one click", "[gui][views]")
{
    TestStore t(60);
    Window w(t);
    TicketListPane *list = w.window.ticketList();
    auto *category = list->findChild<QComboBox *>(QStringLiteral("categoryFilter"));
    REQUIRE(category);
    category->setCurrentIndex(category->findData(int(Category::Payment)));
    list->setSearchText(QStringLiteral("支付"));
    const TicketFilter wanted = list->model()->filter();
    const int builtIn = list->viewList()->count();
    const auto id = list->saveCurrentView(QStringLiteral("Payment trouble"));
    REQUIRE(id);
    REQUIRE(list->viewList()->count() == builtIn + 2); // a heading, then the view
    CHECK(list->viewList()->item(builtIn)->text() == QStringLiteral("My views"));
    CHECK_FALSE(list->viewList()->item(builtIn)->flags() & Qt::ItemIsSelectable);
    CHECK(list->viewList()->currentRow() == builtIn + 1);

    // Elsewhere, then back: the category and the search come back with the view.
    list->setView(TicketFilter::View::Mine);
    category->setCurrentIndex(0);
    list->setSearchText(QString());
    CHECK(list->model()->filter().view == TicketFilter::View::Mine);
    list->viewList()->setCurrentRow(builtIn + 1);
    CHECK(category->currentData().toInt() == int(Category::Payment));
    CHECK(list->searchField()->text() == QStringLiteral("支付"));
    CHECK(list->model()->filter().view == wanted.view);
    CHECK(list->model()->filter().category == wanted.category);
    CHECK(list->model()->filter().searchText == wanted.searchText);

    REQUIRE(list->removeSavedView(*id));
    CHECK(list->viewList()->count() == builtIn);
    CHECK_FALSE(list->saveCurrentView(QStringLiteral(" ")));
}
