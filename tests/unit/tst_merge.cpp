#include "archivestore.h"
#include "catchcompat.h"
#include "conversationmodel.h"
#include "followupstore.h"
#include "mergestore.h"
#include "teststore.h"
#include "tickethistorymodel.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

// The same customer wrote twice about one refund: by email, then through the web form.
struct Duplicates {
    Duplicates()
        : customer(t.addCustomer(u"李娜"_s))
        , kept(t.addTicket(customer, u"退款没到账"_s, u"订单 A1001 的退款还没到"_s, Channel::Email))
    {
        t.clock.advance(60'000);
        duplicate = t.addTicket(customer, u"Refund missing"_s, u"Still no refund for A1001"_s, Channel::Web);
        t.clock.advance(60'000);
        REQUIRE(t.store->addMessage(kept, MessageKind::Agent, u"已转财务核实"_s));
        t.clock.advance(60'000);
        REQUIRE(t.store->setStatus(duplicate, TicketStatus::Pending));
    }
    QStringList bodies(qint64 ticketId) const
    {
        QStringList result;
        for (const Message &m : t.store->messages(ticketId))
            result << m.body;
        return result;
    }
    qsizetype historyLength(qint64 ticketId) const { return t.store->auditEvents(ticketId).size(); }

    TestStore t;
    qint64 customer;
    qint64 kept;
    qint64 duplicate = 0;
};

} // namespace

TEST_CASE("Merging closes the duplicate and shows both threads in the ticket that carries on", "[workflow][merge]")
{
    Duplicates d;
    MergeStore merges(*d.t.store);
    CHECK(merges.problem(d.duplicate, d.kept).isEmpty());
    QSignalSpy changed(d.t.store.get(), &LocalStore::ticketsChanged);
    REQUIRE(merges.merge(d.duplicate, d.kept));

    const Ticket duplicate = *d.t.store->ticket(d.duplicate);
    CHECK(duplicate.status == TicketStatus::Closed);
    CHECK(duplicate.mergedInto == d.kept);
    CHECK(duplicate.closedAt.isValid());
    CHECK(!duplicate.dueAt.isValid()); // its service clock stopped
    CHECK(d.t.store->ticket(d.kept)->status == TicketStatus::Open);
    // Written order across both: the duplicate's first message came between the kept ticket's two.
    CHECK(d.bodies(d.kept) ==
          QStringList{u"订单 A1001 的退款还没到"_s, u"Still no refund for A1001"_s, u"已转财务核实"_s});
    CHECK(merges.mergedFrom(d.kept) == QList<qint64>{d.duplicate});
    CHECK(merges.thread(d.kept) == QList<qint64>{d.kept, d.duplicate});
    CHECK(merges.carriedOnIn(d.duplicate) == d.kept);
    REQUIRE(changed.size() == 1);
    CHECK(changed.at(0).at(0).value<QList<qint64>>() == QList<qint64>{d.duplicate, d.kept});

    const QString keptName = d.t.store->ticket(d.kept)->displayId();
    CHECK(TicketHistoryModel::describe(d.t.store->auditEvents(d.duplicate).last()).contains(keptName));
    CHECK(TicketHistoryModel::describe(d.t.store->auditEvents(d.kept).last()).contains(duplicate.displayId()));
}

TEST_CASE("Undoing a merge gives the duplicate its status and its thread back", "[workflow][merge]")
{
    Duplicates d;
    MergeStore merges(*d.t.store);
    REQUIRE(merges.merge(d.duplicate, d.kept));
    d.t.clock.advance(3'600'000);
    REQUIRE(merges.undo(d.duplicate));

    const Ticket duplicate = *d.t.store->ticket(d.duplicate);
    CHECK(duplicate.status == TicketStatus::Pending);
    CHECK(duplicate.mergedInto == 0);
    CHECK(!duplicate.closedAt.isValid());
    CHECK(!duplicate.solvedAt.isValid());
    CHECK(d.bodies(d.kept) == QStringList{u"订单 A1001 的退款还没到"_s, u"已转财务核实"_s});
    CHECK(d.bodies(d.duplicate) == QStringList{u"Still no refund for A1001"_s});
    CHECK(merges.mergedFrom(d.kept).isEmpty());
    CHECK(TicketHistoryModel::describe(d.t.store->auditEvents(d.duplicate).last()).contains(u"undone"_s));
    CHECK(TicketHistoryModel::describe(d.t.store->auditEvents(d.kept).last()).contains(duplicate.displayId()));
    // Undone once is undone: a second undo is refused and changes nothing.
    const auto history = d.historyLength(d.duplicate);
    CHECK(!merges.undo(d.duplicate));
    CHECK(d.t.store->errorString().contains(u"not merged"_s));
    CHECK(d.historyLength(d.duplicate) == history);
}

TEST_CASE("An open duplicate's clock runs again after the undo", "[workflow][merge][sla]")
{
    TestStore t;
    const qint64 customer = t.addCustomer(u"Ana"_s);
    const qint64 kept = t.addTicket(customer, u"Login"_s, u"cannot log in"_s, Channel::Chat);
    const qint64 duplicate = t.addTicket(customer, u"Login again"_s, u"still cannot"_s, Channel::Chat);
    REQUIRE(t.store->ticket(duplicate)->dueAt.isValid());
    MergeStore merges(*t.store);
    REQUIRE(merges.merge(duplicate, kept));
    CHECK(!t.store->ticket(duplicate)->dueAt.isValid());
    REQUIRE(merges.undo(duplicate));
    CHECK(t.store->ticket(duplicate)->status == TicketStatus::New);
    CHECK(t.store->ticket(duplicate)->dueAt.isValid());
}

TEST_CASE("Merges that make no sense are refused with the reason, and nothing is written", "[workflow][merge]")
{
    Duplicates d;
    MergeStore merges(*d.t.store);
    const qint64 other = d.t.addTicket(d.customer, u"Another"_s, u"x"_s);
    REQUIRE(d.t.store->setStatus(other, TicketStatus::Solved));
    REQUIRE(d.t.store->setStatus(other, TicketStatus::Closed));

    const auto historyKept = d.historyLength(d.kept);
    const auto historyDuplicate = d.historyLength(d.duplicate);
    CHECK(!merges.merge(d.kept, d.kept));
    CHECK(d.t.store->errorString().contains(u"itself"_s));
    CHECK(!merges.merge(other, d.kept));
    CHECK(d.t.store->errorString().contains(u"closed"_s));
    CHECK(!merges.merge(d.duplicate, other));
    CHECK(d.t.store->errorString().contains(u"closed"_s));
    CHECK(!merges.merge(d.duplicate, 999'999));
    CHECK(d.t.store->ticket(d.duplicate)->status == TicketStatus::Pending);
    CHECK(d.historyLength(d.kept) == historyKept);
    CHECK(d.historyLength(d.duplicate) == historyDuplicate);

    REQUIRE(merges.merge(d.duplicate, d.kept));
    const qint64 third = d.t.addTicket(d.customer, u"Third"_s, u"y"_s);
    CHECK(!merges.merge(d.duplicate, third)); // already merged
    CHECK(d.t.store->errorString().contains(u"already merged"_s));
    CHECK(!merges.merge(third, d.duplicate)); // into a merged one: go where it went
    CHECK(d.t.store->errorString().contains(u"merge into the ticket it went to"_s));
}

TEST_CASE("Archived tickets are neither merged nor unmerged", "[workflow][merge][archive]")
{
    Duplicates d;
    d.t.signInAsSupervisor();
    const qint64 old = d.t.addTicket(d.customer, u"Old"_s, u"z"_s);
    REQUIRE(d.t.store->setStatus(old, TicketStatus::Solved));
    REQUIRE(d.t.store->setStatus(old, TicketStatus::Closed));
    REQUIRE(ArchiveStore(*d.t.store).archive({old}));
    MergeStore merges(*d.t.store);
    CHECK(!merges.problem(d.duplicate, old).isEmpty());
    CHECK(!merges.merge(d.duplicate, old));
}

TEST_CASE("The customer's answer to a merged duplicate arrives in the ticket that carries on",
          "[workflow][merge][followup]")
{
    Duplicates d;
    REQUIRE(MergeStore(*d.t.store).merge(d.duplicate, d.kept));
    const auto received = FollowUpStore(*d.t.store).receiveCustomerMessage(d.duplicate, u"Any news?"_s);
    REQUIRE(received);
    CHECK(received->ticketId == d.kept);
    CHECK(!received->followUp);
    CHECK(d.bodies(d.kept).last() == u"Any news?"_s);
}

TEST_CASE("Merges chain: a ticket merged with its duplicates brings them along, and undoes one step",
          "[workflow][merge]")
{
    Duplicates d;
    const qint64 third = d.t.addTicket(d.customer, u"第三次来信"_s, u"还是没到"_s, Channel::Social);
    MergeStore merges(*d.t.store);
    REQUIRE(merges.merge(d.duplicate, d.kept));
    REQUIRE(merges.merge(d.kept, third));
    CHECK(merges.thread(third) == QList<qint64>{d.kept, d.duplicate, third});
    CHECK(d.bodies(third).size() == 4);
    CHECK(merges.carriedOnIn(d.duplicate) == third);
    REQUIRE(merges.undo(d.kept));
    CHECK(d.bodies(third) == QStringList{u"还是没到"_s});
    CHECK(d.bodies(d.kept).size() == 3); // its own duplicate stays with it
    CHECK(d.t.store->ticket(d.kept)->status == TicketStatus::Open);
}

TEST_CASE("The conversation of the ticket on screen takes the merged thread in, and lets it go on undo",
          "[workflow][merge][model]")
{
    Duplicates d;
    ConversationModel model(*d.t.store);
    model.setTicket(d.kept);
    REQUIRE(model.rowCount() == 2);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    REQUIRE(MergeStore(*d.t.store).merge(d.duplicate, d.kept));
    CHECK(reset.size() == 1);
    REQUIRE(model.rowCount() == 3);
    const QString duplicateName = d.t.store->ticket(d.duplicate)->displayId();
    CHECK(model.index(1).data(ConversationModel::MergedFromRole).toString() == duplicateName);
    CHECK(model.index(0).data(ConversationModel::MergedFromRole).toString().isEmpty());

    // A later message in either ticket of the thread is appended.
    REQUIRE(d.t.store->addMessage(d.kept, MessageKind::Agent, u"已退款"_s));
    CHECK(model.rowCount() == 4);
    // Unrelated changes do not reload the thread.
    const qint64 elsewhere = d.t.addTicket(d.t.addCustomer(u"Other"_s), u"x"_s, u"y"_s);
    REQUIRE(d.t.store->setPriority(elsewhere, Priority::High));
    REQUIRE(d.t.store->setPriority(d.kept, Priority::High));
    CHECK(reset.size() == 1);

    REQUIRE(MergeStore(*d.t.store).undo(d.duplicate));
    CHECK(reset.size() == 2);
    CHECK(model.rowCount() == 3);
}

TEST_CASE("In team mode merge and undo are queued for the server with both tickets named", "[workflow][merge][team]")
{
    Duplicates d;
    d.t.store->setTeamMode(true);
    MergeStore merges(*d.t.store);
    REQUIRE(merges.merge(d.duplicate, d.kept));
    REQUIRE(merges.undo(d.duplicate));
    QSqlQuery outbox(d.t.store->database());
    REQUIRE(outbox.exec(u"SELECT name, args, ticket_id FROM outbox ORDER BY id"_s));
    REQUIRE(outbox.next());
    CHECK(outbox.value(0).toString() == u"ticket.merge"_s);
    const QJsonObject args = QJsonDocument::fromJson(outbox.value(1).toString().toUtf8()).object();
    CHECK(args[u"ticket_id"].toInteger() == d.duplicate);
    CHECK(args[u"target_ticket_id"].toInteger() == d.kept);
    CHECK(outbox.value(2).toLongLong() == d.duplicate);
    // The history entries of both tickets travel with the change, the target's marked so.
    QHash<QString, QString> onOf; // action → which ticket of the change it is about
    for (const QJsonValue &event : args[u"events"].toArray())
        onOf.insert(event[u"action"].toString(), event[u"on"].toString(u"ticket"_s));
    CHECK(onOf == QHash<QString, QString>{{u"merged_into"_s, u"ticket"_s}, {u"merged_from"_s, u"target"_s}});
    REQUIRE(outbox.next());
    CHECK(outbox.value(0).toString() == u"ticket.unmerge"_s);
    const QJsonObject undoArgs = QJsonDocument::fromJson(outbox.value(1).toString().toUtf8()).object();
    CHECK(undoArgs[u"target_ticket_id"].toInteger() == d.kept);
    CHECK(undoArgs[u"events"].toArray().size() == 2);
    CHECK(!outbox.next());
}
