#include "catchcompat.h"
#include "followupstore.h"
#include "teststore.h"
#include "tickethistorymodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

struct ClosedTicket {
    ClosedTicket()
        : ticket(t.addTicket(t.addCustomer(u"张伟"_s), u"退款进度"_s, u"退款还没到"_s, Channel::Email))
    {
        REQUIRE(t.store->setCategory(ticket, Category::Payment));
        REQUIRE(t.store->setPriority(ticket, Priority::High));
        REQUIRE(t.store->addMessage(ticket, MessageKind::Agent, u"已加急处理"_s));
        REQUIRE(t.store->setStatus(ticket, TicketStatus::Solved));
        REQUIRE(t.store->setStatus(ticket, TicketStatus::Closed));
    }
    TestStore t;
    qint64 ticket;
};

} // namespace

TEST_CASE("A customer's message to a closed ticket opens a linked follow-up; the closed one stays closed",
          "[workflow][lifecycle][followup]")
{
    ClosedTicket c;
    FollowUpStore followUps(*c.t.store);
    const int before = int(c.t.store->messages(c.ticket).size());
    const auto received = followUps.receiveCustomerMessage(c.ticket, u"钱还是没到账"_s);
    INFO(c.t.store->errorString().toStdString());
    REQUIRE(received);
    CHECK(received->followUp);
    CHECK(received->ticketId != c.ticket);
    CHECK(c.t.store->ticket(c.ticket)->status == TicketStatus::Closed);
    CHECK(c.t.store->messages(c.ticket).size() == before);

    const Ticket next = *c.t.store->ticket(received->ticketId);
    CHECK(next.followUpOf == c.ticket);
    CHECK(next.customerId == c.t.store->ticket(c.ticket)->customerId);
    CHECK(next.channel == Channel::Email);
    CHECK(next.category == Category::Payment);
    CHECK(next.priority == Priority::High);
    CHECK(next.status == TicketStatus::New);
    CHECK(next.subject.contains(u"退款进度"_s));
    const auto thread = c.t.store->messages(next.id);
    REQUIRE(thread.size() == 1);
    CHECK(thread[0].id == received->messageId);
    CHECK(thread[0].kind == MessageKind::Customer);
    CHECK(thread[0].body == u"钱还是没到账"_s);
    CHECK(followUps.followUps(c.ticket) == QList<qint64>{next.id});
    CHECK(followUps.followUpOf(next.id) == c.ticket);
    CHECK(TicketHistoryModel::describe(c.t.store->auditEvents(c.ticket).last())
              .contains(c.t.store->ticket(next.id)->displayId()));
}

TEST_CASE("A message to a ticket that is still open goes into it", "[workflow][lifecycle][followup]")
{
    TestStore t;
    const qint64 open = t.addTicket(t.addCustomer(u"Ana"_s), u"Where is it"_s, u"hello"_s);
    const auto received = FollowUpStore(*t.store).receiveCustomerMessage(open, u"any news?"_s);
    REQUIRE(received);
    CHECK(!received->followUp);
    CHECK(received->ticketId == open);
    CHECK(t.store->messages(open).last().body == u"any news?"_s);
    CHECK(!FollowUpStore(*t.store).receiveCustomerMessage(open, u"  "_s));
    CHECK(!FollowUpStore(*t.store).createFollowUp(open));
    CHECK(t.store->errorString().contains(u"not closed"_s));
}

TEST_CASE("An agent's follow-up is theirs and, in team mode, is linked by the new ticket's client id",
          "[workflow][followup][team]")
{
    ClosedTicket c;
    c.t.store->setTeamMode(true);
    const auto created = FollowUpStore(*c.t.store).createFollowUp(c.ticket);
    REQUIRE(created);
    const Ticket next = *c.t.store->ticket(*created);
    CHECK(next.assigneeId == c.t.store->currentAgentId());
    CHECK(next.messageCount == 0);
    QSqlQuery outbox(c.t.store->database());
    REQUIRE(outbox.exec(u"SELECT o.args, t.client_id FROM outbox o, tickets t"
                        " WHERE o.name = 'ticket.link_follow_up' AND t.id = %1"_s.arg(*created)));
    REQUIRE(outbox.next());
    const QJsonObject args = QJsonDocument::fromJson(outbox.value(0).toString().toUtf8()).object();
    CHECK(args[u"ticket_id"].toInteger() == c.ticket);
    CHECK(args[u"follow_up_client_id"].toString() == outbox.value(1).toString());
    CHECK(!outbox.value(1).toString().isEmpty());
}
