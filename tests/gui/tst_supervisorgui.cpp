#include "agentboardmodel.h"
#include "catchcompat.h"
#include "desk.h"
#include "idlewatcher.h"
#include "localstore.h"
#include "mainwindow.h"
#include "peoplestore.h"
#include "queueboardmodel.h"
#include "reassigndialog.h"
#include "supervisorboard.h"
#include "teststore.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QAction *boardAction(const MainWindow &window)
{
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->objectName() == u"boardAction")
            return action;
    }
    return nullptr;
}

} // namespace

TEST_CASE("An agent is not offered the supervisor board and cannot open it", "[gui][board][roles]")
{
    TestStore t(20);
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    REQUIRE(t.store->setCurrentAgent(u"li.na"_s) == true);
    Desk desk(*t.store);
    MainWindow window(desk, t.clock, settings);
    window.show();
    QAction *action = boardAction(window);
    REQUIRE(action);
    CHECK_FALSE(action->isVisible());
    CHECK(window.openSupervisorBoard() == nullptr);
    CHECK(window.findChildren<SupervisorBoard *>().isEmpty());
}

TEST_CASE("A supervisor's board shows the queues and follows ticket changes", "[gui][board]")
{
    TestStore t;
    t.signInAsSupervisor();
    const qint64 first = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"登录失败"_s);
    const qint64 second = t.addTicket(t.addCustomer(u"李雷"_s), u"Refund"_s, u"Where is it?"_s);
    REQUIRE(t.store->assign(second, PeopleStore(*t.store).agentByLogin(u"li.na"_s)->id));
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*t.store);
    MainWindow window(desk, t.clock, settings);
    window.show();
    QAction *action = boardAction(window);
    REQUIRE(action);
    CHECK(action->isVisible());
    action->trigger();
    SupervisorBoard *board = window.findChild<SupervisorBoard *>();
    REQUIRE(board);
    CHECK(board->isVisible());
    QueueBoardModel *model = board->queueModel();
    REQUIRE(model->rowCount() == 3); // L1, no team, total
    CHECK(model->index(0, QueueBoardModel::OpenColumn).data().toLongLong() == 1);
    CHECK(model->index(1, QueueBoardModel::NewColumn).data().toLongLong() == 1);

    // The second ticket goes on hold: the row counts again once the change is announced.
    model->setRefreshDelay(0);
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    REQUIRE(t.store->setStatus(second, TicketStatus::OnHold));
    REQUIRE(changed.wait(5000));
    CHECK(model->index(0, QueueBoardModel::OpenColumn).data().toLongLong() == 0);
    CHECK(model->index(0, QueueBoardModel::OnHoldColumn).data().toLongLong() == 1);
    CHECK(model->index(2, QueueBoardModel::OnHoldColumn).data().toLongLong() == 1);

    // Taking the first gives it a team: the "no team" row goes.
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    REQUIRE(t.store->assign(first, PeopleStore(*t.store).agentByLogin(u"li.na"_s)->id));
    REQUIRE(reset.wait(5000));
    CHECK(model->rowCount() == 2);
    CHECK(model->index(0, QueueBoardModel::OpenColumn).data().toLongLong() == 1);
    CHECK(window.openSupervisorBoard() == board); // one board, raised again

    // The agents below: Li Na holds both tickets now; her capacity is edited in place.
    AgentBoardModel *agents = board->agentModel();
    REQUIRE(agents->rowCount() == 3); // Li Na, Tom, Wang Fang
    const int lina = agents->rowOfAgent(PeopleStore(*t.store).agentByLogin(u"li.na"_s)->id);
    REQUIRE(lina >= 0);
    agents->refresh();
    CHECK(agents->index(lina, AgentBoardModel::OpenColumn).data().toLongLong() == 2);
    QTableView *table = board->agentTable();
    const QModelIndex capacity = agents->index(lina, AgentBoardModel::CapacityColumn);
    table->setCurrentIndex(capacity);
    table->edit(capacity);
    auto *editor = table->findChild<QSpinBox *>();
    REQUIRE(editor);
    editor->setValue(1);
    QTest::keyClick(editor, Qt::Key_Return);
    QCoreApplication::sendPostedEvents(); // the delegate commits on a queued call
    CHECK(agents->index(lina, AgentBoardModel::CapacityColumn).data().toInt() == 1);
    CHECK(agents->index(lina, AgentBoardModel::OpenColumn).data(Qt::ToolTipRole).toString().contains(u"more than"_s));
}

TEST_CASE("A supervisor reassigns the selected tickets in one go; the dialog says why when it cannot",
          "[gui][board][reassign]")
{
    TestStore t;
    const qint64 boss = t.signInAsSupervisor();
    const qint64 first = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"登录失败"_s);
    const qint64 second = t.addTicket(t.addCustomer(u"李雷"_s), u"Refund"_s, u"Where is it?"_s);
    const qint64 tom = PeopleStore(*t.store).agentByLogin(u"tom"_s)->id;
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*t.store);
    MainWindow window(desk, t.clock, settings);
    window.show();
    TicketListPane *list = window.ticketList();
    QTableView *table = list->table();
    table->selectRow(list->model()->rowOfTicket(first));
    table->selectionModel()->select(list->model()->index(list->model()->rowOfTicket(second), 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QList<qint64> selected = list->selectedTicketIds();
    CHECK(QSet<qint64>(selected.begin(), selected.end()) == QSet<qint64>{first, second});

    ReassignDialog dialog(desk, selected);
    dialog.agentBox()->setCurrentIndex(dialog.agentBox()->findData(tom));
    CHECK(dialog.agentBox()->currentText().startsWith(u"Tom Baker"_s));
    dialog.accept();
    CHECK(dialog.result() == QDialog::Accepted);
    CHECK(t.store->ticket(first)->assigneeId == tom);
    CHECK(t.store->ticket(second)->assigneeId == tom);

    // Tom, an agent, may not: the dialog stays open with the reason, nothing changes.
    REQUIRE(t.store->setCurrentAgent(u"tom"_s));
    ReassignDialog refused(desk, selected);
    refused.show();
    refused.agentBox()->setCurrentIndex(refused.agentBox()->findData(boss));
    refused.accept();
    CHECK(refused.isVisible());
    CHECK(refused.errorLabel()->isVisible());
    CHECK(refused.errorLabel()->text().contains(u"supervisor"_s));
    CHECK(t.store->ticket(first)->assigneeId == tom);
}

TEST_CASE("A desk left without input says its agent is away, and the board shows who is", "[gui][board][presence]")
{
    QLineEdit desk;
    desk.show();
    IdleWatcher idle;
    QSignalSpy changed(&idle, &IdleWatcher::awayChanged);
    idle.setAwayAfter(20);
    REQUIRE(changed.wait(5000));
    CHECK(changed.last().first().toBool());
    CHECK(idle.isAway());
    QTest::keyClick(&desk, Qt::Key_A); // back at the keyboard
    REQUIRE(changed.size() == 2);
    CHECK_FALSE(changed.last().first().toBool());
    CHECK_FALSE(idle.isAway());

    TestStore t;
    t.signInAsSupervisor();
    AgentBoardModel board(*t.store, t.clock);
    const qint64 lina = PeopleStore(*t.store).agentByLogin(u"li.na"_s)->id;
    const qint64 tom = PeopleStore(*t.store).agentByLogin(u"tom"_s)->id;
    board.setOnline({lina, tom});
    board.setAway({tom});
    CHECK(board.presence(lina) == AgentBoardModel::Presence::Online);
    CHECK(board.presence(tom) == AgentBoardModel::Presence::Away);
    CHECK(board.index(board.rowOfAgent(tom), AgentBoardModel::PresenceColumn).data().toString() == u"Away"_s);
    board.setOnline({lina}); // the desk went away altogether
    CHECK(board.presence(tom) == AgentBoardModel::Presence::Offline);
}
