#include "agentboardmodel.h"
#include "agentloadquery.h"
#include "businesscalendar.h"
#include "catchcompat.h"
#include "localstore.h"
#include "peoplestore.h"
#include "queueboardmodel.h"
#include "queueboardquery.h"
#include "surveystore.h"
#include "teststore.h"
#include "ticketlistmodel.h"
#include "ticketmime.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;

// Monday 2 March 2026 from 10:00 UTC, business hours 09:00-18:00 UTC:
//   10:00 A  email, nobody's, no team              new, waiting since 10:00
//   10:10 B  chat, Li Na's (L1)                    open, first answer due 10:15, waiting since 10:10
//   10:11 C  phone, Li Na's (L1), then pending     its clock stands
//   10:12 D  email, Carol's (L2), then on hold
//   10:12 E  email, Li Na's (L1), answered, solved not on the board
// and the board read at 10:20.
struct Queues {
    Queues()
    {
        BusinessCalendar calendar;
        calendar.setTimeZone(QTimeZone("UTC"));
        REQUIRE(t.store->setBusinessCalendar(calendar));
        Team specialists{0, u"L2"_s, 2};
        l2 = *PeopleStore(*t.store).createTeam(specialists);
        Agent carol;
        carol.login = u"carol"_s;
        carol.name = u"Carol 陈"_s;
        carol.teamId = l2;
        carolId = *PeopleStore(*t.store).createAgent(carol);
        lina = PeopleStore(*t.store).agentByLogin(u"li.na"_s)->id;
        l1 = PeopleStore(*t.store).agentByLogin(u"li.na"_s)->teamId;

        a = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"密码正确也登录不了"_s, Channel::Email);
        t.clock.advance(10 * minuteMs);
        b = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Refund"_s, u"Where is it?"_s, Channel::Chat);
        REQUIRE(t.store->assign(b, lina));
        t.clock.advance(minuteMs);
        c = t.addTicket(t.addCustomer(u"李雷"_s), u"电话咨询"_s, u"订单状态"_s, Channel::Phone);
        REQUIRE(t.store->assign(c, lina));
        REQUIRE(t.store->setStatus(c, TicketStatus::Pending));
        t.clock.advance(minuteMs);
        d = t.addTicket(t.addCustomer(u"王芳"_s), u"Crash"_s, u"App crashes"_s, Channel::Email);
        REQUIRE(t.store->assign(d, carolId));
        REQUIRE(t.store->setStatus(d, TicketStatus::OnHold));
        e = t.addTicket(t.addCustomer(u"赵敏"_s), u"Invoice"_s, u"发票"_s, Channel::Email);
        REQUIRE(t.store->assign(e, lina));
        REQUIRE(t.store->addMessage(e, MessageKind::Agent, u"已补发"_s));
        REQUIRE(t.store->setStatus(e, TicketStatus::Solved));
        t.clock.advance(8 * minuteMs); // 10:20
    }

    qint64 at(int hour, int minute) const
    {
        return QDateTime(QDate(2026, 3, 2), QTime(hour, minute), QTimeZone("UTC")).toMSecsSinceEpoch();
    }

    TestStore t;
    qint64 l1 = 0, l2 = 0, lina = 0, carolId = 0;
    qint64 a = 0, b = 0, c = 0, d = 0, e = 0;
};

} // namespace

TEST_CASE("The queue board counts each team's tickets by state, deadline and wait", "[board]")
{
    Queues q;
    const qint64 now = q.t.clock.now().toMSecsSinceEpoch();
    REQUIRE(now == q.at(10, 20));
    const QList<TeamLoad> loads = QueueBoardQuery(*q.t.store).teamLoads(now);
    REQUIRE(loads.size() == 3); // L1, L2 by tier, then the tickets of no team
    const TeamLoad &l1 = loads[0], &l2 = loads[1], &none = loads[2];
    CHECK(l1.teamId == q.l1);
    CHECK(l1.newTickets == 0);
    CHECK(l1.unassigned == 0);
    CHECK(l1.open == 1);    // B (E is solved)
    CHECK(l1.pending == 1); // C
    CHECK(l1.onHold == 0);
    CHECK(l1.dueSoon == 0);
    CHECK(l1.breached == 1); // B's first answer was due at 10:15
    CHECK(l1.oldestWaitingSinceMs == q.at(10, 10));
    CHECK(l2.teamId == q.l2);
    CHECK(l2.tier == 2);
    CHECK(l2.onHold == 1);
    CHECK(l2.open + l2.pending + l2.newTickets + l2.breached == 0);
    CHECK(l2.oldestWaitingSinceMs == 0); // on hold: waiting on someone else, not on us
    CHECK(none.teamId == 0);
    CHECK(none.newTickets == 1);
    CHECK(none.unassigned == 1);
    CHECK(none.oldestWaitingSinceMs == q.at(10, 0));

    // Five minutes earlier B was due soon, not late.
    const QList<TeamLoad> earlier = QueueBoardQuery(*q.t.store).teamLoads(q.at(10, 14));
    CHECK(earlier[0].dueSoon == 1);
    CHECK(earlier[0].breached == 0);
}

TEST_CASE("The board's model adds a total and says how long the longest wait is", "[board]")
{
    Queues q;
    QueueBoardModel model(*q.t.store, q.t.clock);
    REQUIRE(model.rowCount() == 4);
    const int total = 3;
    CHECK(model.isTotalRow(total));
    CHECK(model.index(total, QueueBoardModel::TeamColumn).data().toString() == u"All teams"_s);
    CHECK(model.index(total, QueueBoardModel::NewColumn).data().toLongLong() == 1);
    CHECK(model.index(total, QueueBoardModel::OpenColumn).data().toLongLong() == 1);
    CHECK(model.index(total, QueueBoardModel::PendingColumn).data().toLongLong() == 1);
    CHECK(model.index(total, QueueBoardModel::OnHoldColumn).data().toLongLong() == 1);
    CHECK(model.index(total, QueueBoardModel::BreachedColumn).data().toLongLong() == 1);
    CHECK(model.index(total, QueueBoardModel::OldestWaitingColumn).data().toString() == u"20 min"_s);
    CHECK(model.index(0, QueueBoardModel::OldestWaitingColumn).data().toString() == u"10 min"_s);
    CHECK(model.index(1, QueueBoardModel::TierColumn).data().toString() == u"L2"_s);
    CHECK(model.index(2, QueueBoardModel::TeamColumn).data().toString() == u"No team"_s);
    CHECK(QueueBoardModel::waitingText(0, 3 * 3600 * 1000LL + 20 * minuteMs) == u"3 h 20 min"_s);
    CHECK(QueueBoardModel::waitingText(0, 50 * 3600 * 1000LL) == u"2 d 2 h"_s);
}

TEST_CASE("The board's agents: open load, solved today, satisfaction and capacity", "[board][agents]")
{
    Queues q;
    // Li Na solves B with the customer's 4 of 5.
    REQUIRE(SurveyStore(*q.t.store).resolve({q.b, Resolution::Resolved, SurveyMode::Live, 4, u"快"_s, {}}));
    auto loadOf = [&](const QList<AgentLoad> &loads, qint64 agent) {
        for (const AgentLoad &load : loads) {
            if (load.agentId == agent)
                return load;
        }
        FAIL("no row for agent " << agent);
        return AgentLoad();
    };
    AgentLoadQuery agents(*q.t.store);
    const QList<AgentLoad> today = agents.agentLoads(q.at(10, 30));
    REQUIRE(today.size() == 3); // Li Na and Tom (L1), Carol (L2)
    const AgentLoad lina = loadOf(today, q.lina);
    CHECK(lina.open == 1);        // C, pending; B and E are solved
    CHECK(lina.solvedToday == 2); // B and E
    CHECK(lina.ratings == 1);
    CHECK(lina.averageScore == 4.0);
    CHECK(lina.capacity == 0);
    CHECK(loadOf(today, q.carolId).open == 1); // D, on hold
    CHECK(loadOf(today, q.carolId).ratings == 0);
    CHECK(today.last().agentId == q.carolId); // by team: L1 before L2
    // The next morning nothing is "solved today" yet.
    CHECK(loadOf(agents.agentLoads(q.at(10, 30) + 23 * 3600 * 1000LL), q.lina).solvedToday == 0);

    REQUIRE(agents.setCapacity(q.lina, 12));
    CHECK(loadOf(agents.agentLoads(q.at(10, 30)), q.lina).capacity == 12);
    CHECK_FALSE(agents.setCapacity(q.lina, AgentLoadQuery::maxCapacity + 1));
    CHECK(q.t.store->errorString().contains(QString::number(AgentLoadQuery::maxCapacity)));
    CHECK_FALSE(agents.setCapacity(424242, 3));
    CHECK(agents.capacities() == QHash<qint64, int>{{q.lina, 12}});
    REQUIRE(agents.setCapacity(q.lina, 0));
    CHECK(agents.capacities().isEmpty());
}

TEST_CASE("The agent table shows presence and lets a supervisor set a capacity in place", "[board][agents]")
{
    Queues q;
    AgentBoardModel model(*q.t.store, q.t.clock);
    REQUIRE(model.rowCount() == 3);
    const qint64 tom = PeopleStore(*q.t.store).agentByLogin(u"tom"_s)->id;
    // On its own a desk knows only that its agent is here.
    CHECK(model.presence(q.lina) == AgentBoardModel::Presence::Online);
    CHECK(model.presence(tom) == AgentBoardModel::Presence::Unknown);
    model.setOnline({tom});
    CHECK(model.presence(q.lina) == AgentBoardModel::Presence::Offline);
    CHECK(model.index(model.rowOfAgent(tom), AgentBoardModel::PresenceColumn).data().toString() == u"Online"_s);

    const QModelIndex capacity = model.index(model.rowOfAgent(q.lina), AgentBoardModel::CapacityColumn);
    REQUIRE(model.flags(capacity) & Qt::ItemIsEditable);
    CHECK(capacity.data().toString() == u"no limit"_s);
    REQUIRE(model.setData(capacity, 5));
    CHECK(model.index(model.rowOfAgent(q.lina), AgentBoardModel::CapacityColumn).data().toInt() == 5);
    QSignalSpy failed(&model, &AgentBoardModel::editFailed);
    CHECK_FALSE(model.setData(capacity, 9999));
    REQUIRE(failed.count() == 1);
    CHECK(model.index(model.rowOfAgent(q.lina), AgentBoardModel::CapacityColumn).data().toInt() == 5);
}

TEST_CASE("Tickets dragged from the list and dropped on an agent are reassigned to them", "[board][reassign]")
{
    Queues q;
    q.t.signInAsSupervisor();
    TicketListModel list(*q.t.store, q.t.clock);
    TicketFilter all;
    all.view = TicketFilter::View::AllOpen;
    list.setFilter(all);
    const int rowA = list.rowOfTicket(q.a), rowB = list.rowOfTicket(q.b);
    REQUIRE(rowA >= 0);
    REQUIRE(rowB >= 0);
    REQUIRE(list.flags(list.index(rowA, 0)) & Qt::ItemIsDragEnabled);
    // A row comes once per column; each ticket travels once.
    std::unique_ptr<QMimeData> dragged(list.mimeData({list.index(rowA, 0), list.index(rowA, 1), list.index(rowB, 2)}));
    const QList<qint64> carried = TicketMime::decode(dragged.get());
    CHECK(QSet<qint64>(carried.begin(), carried.end()) == QSet<qint64>{q.a, q.b});
    CHECK(carried.size() == 2);

    AgentBoardModel agents(*q.t.store, q.t.clock);
    const QModelIndex carol = agents.index(agents.rowOfAgent(q.carolId), AgentBoardModel::AgentColumn);
    CHECK_FALSE(agents.canDropMimeData(dragged.get(), Qt::MoveAction, -1, -1, QModelIndex())); // between rows
    QMimeData other;
    other.setText(u"T-000001"_s);
    CHECK_FALSE(agents.canDropMimeData(&other, Qt::MoveAction, -1, -1, carol));
    QSignalSpy given(&agents, &AgentBoardModel::ticketsReassigned);
    REQUIRE(agents.dropMimeData(dragged.get(), Qt::MoveAction, -1, -1, carol));
    CHECK(given.count() == 1);
    CHECK(q.t.store->ticket(q.a)->assigneeId == q.carolId);
    CHECK(q.t.store->ticket(q.b)->assigneeId == q.carolId);
    CHECK(q.t.store->ticket(q.a)->teamId == q.l2); // her team comes with her
    CHECK(agents.index(agents.rowOfAgent(q.carolId), AgentBoardModel::OpenColumn).data().toLongLong() == 3);

    // An agent's drop changes nothing and says why.
    REQUIRE(q.t.store->setCurrentAgent(u"tom"_s));
    QSignalSpy failed(&agents, &AgentBoardModel::editFailed);
    std::unique_ptr<QMimeData> back(TicketMime::encode({q.a}));
    const QModelIndex lina = agents.index(agents.rowOfAgent(q.lina), AgentBoardModel::AgentColumn);
    CHECK_FALSE(agents.dropMimeData(back.get(), Qt::MoveAction, -1, -1, lina));
    REQUIRE(failed.count() == 1);
    CHECK(failed.first().first().toString().contains(u"supervisor"_s));
    CHECK(q.t.store->ticket(q.a)->assigneeId == q.carolId);
}

TEST_CASE("Tickets dropped on a team wait in its queue, unassigned; solved ones stay where they were",
          "[board][reassign]")
{
    Queues q;
    q.t.signInAsSupervisor();
    QueueBoardModel board(*q.t.store, q.t.clock);
    REQUIRE(board.rowCount() == 4); // L1, L2, no team, total
    const QModelIndex l2 = board.index(1, QueueBoardModel::TeamColumn);
    REQUIRE(board.teamIdAt(1) == q.l2);
    std::unique_ptr<QMimeData> dragged(TicketMime::encode({q.a, q.b}));
    CHECK_FALSE(board.canDropMimeData(dragged.get(), Qt::MoveAction, -1, -1, board.index(2, 0))); // no team
    CHECK_FALSE(board.canDropMimeData(dragged.get(), Qt::MoveAction, -1, -1, board.index(3, 0))); // the total
    CHECK_FALSE(board.flags(board.index(3, 0)) & Qt::ItemIsDropEnabled);

    // With a solved ticket among them nothing moves.
    std::unique_ptr<QMimeData> withSolved(TicketMime::encode({q.a, q.e}));
    QSignalSpy failed(&board, &QueueBoardModel::moveFailed);
    CHECK_FALSE(board.dropMimeData(withSolved.get(), Qt::MoveAction, -1, -1, l2));
    REQUIRE(failed.count() == 1);
    CHECK(q.t.store->ticket(q.a)->teamId == 0);

    QSignalSpy moved(&board, &QueueBoardModel::ticketsMoved);
    REQUIRE(board.dropMimeData(dragged.get(), Qt::MoveAction, -1, -1, l2));
    CHECK(moved.count() == 1);
    for (qint64 id : {q.a, q.b}) {
        const Ticket ticket = *q.t.store->ticket(id);
        CHECK(ticket.teamId == q.l2);
        CHECK(ticket.assigneeId == 0);
        CHECK(q.t.store->auditEvents(id).last().action == u"team"_s);
    }
    CHECK(q.t.store->ticket(q.b)->status == TicketStatus::Open); // its state is its own
    REQUIRE(board.rowCount() == 3);                              // nothing of no team is left
    CHECK(board.loads()[1].unassigned == 2);
    CHECK(board.loads()[1].open == 1);
    CHECK(board.loads()[1].newTickets == 1);

    REQUIRE(q.t.store->setCurrentAgent(u"tom"_s));
    CHECK_FALSE(q.t.store->moveToTeam({q.c}, q.l2));
    CHECK(q.t.store->errorString().contains(u"supervisor"_s));
}

TEST_CASE("A supervisor chooses how each team's new tickets are handed out, for the team server to do",
          "[board][assign]")
{
    Queues q;
    QueueBoardModel model(*q.t.store, q.t.clock);
    int l1Row = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.teamIdAt(row) == q.l1)
            l1Row = row;
    }
    REQUIRE(l1Row >= 0);
    const QModelIndex cell = model.index(l1Row, QueueBoardModel::AutoAssignColumn);
    CHECK(cell.data().toString() == u"Wait in the queue"_s);
    const auto lastMutation = [&] {
        QSqlQuery query(q.t.store->database());
        REQUIRE(query.exec(u"SELECT name, args FROM outbox ORDER BY id DESC LIMIT 1"_s));
        REQUIRE(query.next());
        return std::pair{query.value(0).toString(), QJsonDocument::fromJson(query.value(1).toByteArray()).object()};
    };

    // A desk of its own does not know who is online: nothing to choose there.
    q.t.signInAsSupervisor();
    CHECK_FALSE(model.flags(cell).testFlag(Qt::ItemIsEditable));
    CHECK_FALSE(QueueBoardQuery(*q.t.store).setAutoAssign(q.l1, AutoAssign::RoundRobin));
    CHECK(q.t.store->errorString().contains(u"team server"_s));

    q.t.store->setTeamMode(true);
    CHECK(model.flags(cell).testFlag(Qt::ItemIsEditable));
    REQUIRE(model.setData(cell, int(AutoAssign::ByLoad)));
    CHECK(model.index(l1Row, QueueBoardModel::AutoAssignColumn).data().toString() == u"Fewest open first"_s);
    auto [name, args] = lastMutation();
    CHECK(name == u"setting.save"_s);
    CHECK(args.value(u"key"_s).toString() == u"auto_assign"_s);
    CHECK(args.value(u"value"_s).toObject() == QJsonObject{{QString::number(q.l1), u"by_load"_s}});
    REQUIRE(model.setData(cell, int(AutoAssign::Off)));
    CHECK(lastMutation().second.value(u"value"_s).toObject().isEmpty());

    // A ticket its agent takes at once is marked so, and the server leaves it to the claim.
    NewTicketInput input;
    input.customerId = q.t.addCustomer(u"孙丽"_s);
    input.subject = u"来电"_s;
    input.channel = Channel::Phone;
    input.assignToMe = true;
    REQUIRE(q.t.store->createTicket(input));
    QSqlQuery create(q.t.store->database());
    REQUIRE(create.exec(u"SELECT args FROM outbox WHERE name = 'ticket.create' ORDER BY id DESC LIMIT 1"_s));
    REQUIRE(create.next());
    CHECK(QJsonDocument::fromJson(create.value(0).toByteArray()).object().value(u"assign_to_me"_s).toBool());

    // An agent may not choose.
    REQUIRE(q.t.store->setCurrentAgent(u"li.na"_s));
    CHECK_FALSE(model.flags(cell).testFlag(Qt::ItemIsEditable));
    QSignalSpy failed(&model, &QueueBoardModel::editFailed);
    CHECK_FALSE(model.setData(cell, int(AutoAssign::RoundRobin)));
    REQUIRE(failed.size() == 1);
    CHECK(failed.first().first().toString().contains(u"supervisor"_s));
}
