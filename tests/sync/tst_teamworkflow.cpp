#include "agentloadquery.h"
#include "archivestore.h"
#include "autocloser.h"
#include "catchcompat.h"
#include "customerstore.h"
#include "escalationstore.h"
#include "followupstore.h"
#include "localstore.h"
#include "mergestore.h"
#include "peoplestore.h"
#include "queueboardquery.h"
#include "rulesservice.h"
#include "serverconnection.h"
#include "serverpurge.h"
#include "surveystore.h"
#include "syncissuestore.h"
#include "testdesk.h"
#include "testserver.h"
#include "ticketclassifier.h"
#include "timestore.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

qint64 newTicket(LocalStore &store, const QString &subject)
{
    Customer customer;
    customer.name = u"刘晓东"_s;
    customer.username = u"xiaodong"_s;
    const auto customerId = CustomerStore(store).createCustomer(customer);
    REQUIRE(customerId);
    NewTicketInput input;
    input.customerId = *customerId;
    input.subject = subject;
    input.channel = Channel::Chat;
    input.firstMessage = u"升级以后打不开了"_s;
    input.assignToMe = true;
    const auto id = store.createTicket(input);
    INFO(store.errorString().toStdString());
    REQUIRE(id);
    return *id;
}

qint64 teamOfTier(LocalStore &store, int tier)
{
    for (const Team &team : PeopleStore(store).teams()) {
        if (team.tier == tier)
            return team.id;
    }
    FAIL("no team of tier " << tier);
    return 0;
}

EscalationRequest toCarol(const TestDesk &desk, qint64 ticket)
{
    EscalationRequest request;
    request.ticketId = ticket;
    request.toTeamId = teamOfTier(*desk.store, 2);
    for (const Agent &agent : PeopleStore(*desk.store).agents()) {
        if (agent.name == u"Carol 陈")
            request.toAgentId = agent.id;
    }
    request.reason = u"Crash on start needs the logs read"_s;
    request.summary = u"App 5.2.0 crashes at once"_s;
    request.facts = {{u"device"_s, u"Honor Magic6, HarmonyOS 4.0"_s, true}};
    request.urgency = Priority::High;
    return request;
}

} // namespace

TEST_CASE("An escalation reaches the specialist's desk with its facts, and the hand-back comes back",
          "[sync][escalation]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk carol(server.as(u"carol"_s));
    REQUIRE(alice.sync());
    const qint64 mine = newTicket(*alice.store, u"App 闪退"_s);
    REQUIRE(EscalationStore(*alice.store).escalate(toCarol(alice, mine)));
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    const qint64 onServer = alice.serverTicket(mine);
    CHECK(server.scalar(u"SELECT escalation_tier FROM deskline.tickets WHERE id = %1"_s.arg(onServer)) == 2);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.escalations WHERE ticket_id = %1 AND"
                        " facts -> 0 ->> 'value' = 'Honor Magic6, HarmonyOS 4.0'"_s.arg(onServer)) == 1);
    // Alice's own row came back as one row, now numbered by the server.
    const auto aliceSide = EscalationStore(*alice.store).escalations(mine);
    REQUIRE(aliceSide.size() == 1);
    CHECK(server.scalar(u"SELECT id FROM deskline.escalations"_s) > 0);

    REQUIRE(carol.sync());
    const qint64 theirs = carol.localTicket(onServer);
    REQUIRE(theirs > 0);
    const Ticket received = *carol.store->ticket(theirs);
    CHECK(received.assigneeName == u"Carol 陈"_s);
    CHECK(received.escalationTier == 2);
    CHECK(received.priority == Priority::High);
    const auto open = EscalationStore(*carol.store).openEscalation(theirs);
    REQUIRE(open);
    CHECK(open->fromAgentName == u"Alice 李"_s);
    CHECK(open->reason == u"Crash on start needs the logs read"_s);
    REQUIRE(open->facts.size() == 1);
    CHECK(open->facts.first().value == u"Honor Magic6, HarmonyOS 4.0"_s);
    CHECK(carol.store->messages(theirs).last().body.contains(u"Crash on start"_s)); // the note for her

    REQUIRE(EscalationStore(*carol.store).handBack(theirs, u"Fixed in 5.2.1, ask them to update"_s));
    REQUIRE(carol.sync());
    REQUIRE(alice.sync());
    const Ticket back = *alice.store->ticket(mine);
    CHECK(back.assigneeName == u"Alice 李"_s);
    CHECK(back.escalationTier == 0);
    CHECK(back.teamId == teamOfTier(*alice.store, 1));
    CHECK(!EscalationStore(*alice.store).openEscalation(mine));
    const auto history = EscalationStore(*alice.store).escalations(mine);
    REQUIRE(history.size() == 1);
    CHECK(history.first().handBackNote == u"Fixed in 5.2.1, ask them to update"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.escalations WHERE handed_back_at IS NOT NULL"_s) == 1);

    // A desk that starts later gets the escalation in its first copy.
    TestDesk sam(server.as(u"sam"_s));
    REQUIRE(sam.sync());
    const qint64 samsCopy = sam.localTicket(onServer);
    REQUIRE(samsCopy > 0);
    const auto copied = EscalationStore(*sam.store).escalations(samsCopy);
    REQUIRE(copied.size() == 1);
    CHECK(copied.first().handBackNote == u"Fixed in 5.2.1, ask them to update"_s);
    CHECK(copied.first().toAgentName == u"Carol 陈"_s);
}

TEST_CASE("An escalation the server refuses is taken back on the desk and explained", "[sync][escalation]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 mine = newTicket(*alice.store, u"Refund not received"_s);
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    const qint64 theirs = bob.localTicket(alice.serverTicket(mine));
    // Bob solves it first; Alice, not yet knowing, escalates it.
    REQUIRE(bob.store->setStatus(theirs, TicketStatus::Solved));
    REQUIRE(bob.sync());
    QSignalSpy refused(alice.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(EscalationStore(*alice.store).escalate(toCarol(alice, mine)));
    CHECK(EscalationStore(*alice.store).openEscalation(mine));
    REQUIRE(alice.sync());

    REQUIRE(refused.size() == 1);
    CHECK(refused.first().at(1).toString() == u"ticket.escalate"_s);
    CHECK(refused.first().at(2).toString() == u"invalid_status"_s);
    CHECK(!EscalationStore(*alice.store).openEscalation(mine));
    const Ticket ticket = *alice.store->ticket(mine);
    CHECK(ticket.status == TicketStatus::Solved);
    CHECK(ticket.escalationTier == 0);
    CHECK(ticket.assigneeName == u"Alice 李"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.escalations"_s) == 0);
    CHECK(alice.outboxSize() == 0);
}

TEST_CASE("The server refuses an escalation a desk could not have checked", "[sync][escalation][roles]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    const qint64 mine = newTicket(*alice.store, u"Wants a manager"_s);
    REQUIRE(alice.sync());
    // Bypassing the desk's own checks: to an agent who is no supervisor, and to the same tier.
    for (const QJsonObject &args : {QJsonObject{{u"ticket_id"_s, mine},
                                                {u"kind"_s, 1},
                                                {u"to_agent_id"_s, alice.store->currentAgentId()},
                                                {u"reason"_s, u"x"_s},
                                                {u"urgency"_s, 1}},
                                    QJsonObject{{u"ticket_id"_s, mine},
                                                {u"kind"_s, 0},
                                                {u"to_team_id"_s, teamOfTier(*alice.store, 1)},
                                                {u"reason"_s, u"x"_s},
                                                {u"urgency"_s, 1}},
                                    QJsonObject{{u"ticket_id"_s, mine},
                                                {u"kind"_s, 0},
                                                {u"to_team_id"_s, teamOfTier(*alice.store, 2)},
                                                {u"reason"_s, u"  "_s},
                                                {u"urgency"_s, 1}}}) {
        REQUIRE(alice.store->transaction([&] { return alice.store->enqueue(u"ticket.escalate"_s, mine, args); }));
    }
    QSignalSpy refused(alice.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(alice.sync());
    REQUIRE(refused.size() == 3);
    for (const QList<QVariant> &refusal : refused)
        CHECK(refusal.at(2).toString() == u"invalid_args"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.escalations"_s) == 0);
    CHECK(server.scalar(u"SELECT escalation_tier FROM deskline.tickets"_s) == 0);
}

TEST_CASE("A queued survey goes out once from the solving desk and the customer's answer reaches every desk",
          "[sync][survey]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 mine = newTicket(*alice.store, u"Invoice missing"_s);
    REQUIRE(alice.store->addMessage(mine, MessageKind::Agent, u"已补发发票"_s));
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    const qint64 onServer = alice.serverTicket(mine);
    const qint64 theirs = bob.localTicket(onServer);

    // Due at once (the desks' clocks are real): the team's supervisor sets it for every desk.
    TestDesk sam(server.as(u"sam"_s));
    REQUIRE(SurveyStore(*sam.store).setDelayMinutes(0));
    REQUIRE(sam.sync());
    REQUIRE(alice.sync());
    SurveyStore aliceSurveys(*alice.store);
    REQUIRE(aliceSurveys.delayMinutes() == 0);
    REQUIRE(aliceSurveys.resolve({mine, Resolution::Resolved, SurveyMode::Queued, 0, {}, {}}));
    REQUIRE(alice.sync());
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.surveys WHERE mode = 1 AND sent_at IS NULL"_s) == 1);
    REQUIRE(bob.sync());
    REQUIRE(SurveyStore(*bob.store).surveys(theirs).size() == 1);
    CHECK(SurveyStore(*bob.store).sendDue() == 0); // not Bob's to send

    CHECK(aliceSurveys.sendDue() == 1);
    REQUIRE(alice.sync());
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.surveys WHERE sent_at IS NOT NULL"_s) == 1);
    REQUIRE(bob.sync());
    const Survey sent = SurveyStore(*bob.store).surveys(theirs).first();
    CHECK(sent.sentAt.isValid());
    CHECK(sent.agentName == u"Alice 李"_s);
    CHECK(bob.store->messages(theirs).last().body == SurveyStore::messageText(bob.store->ticket(theirs)->displayId()));

    // The customer's answer is taken down on Bob's desk and reaches Alice.
    REQUIRE(SurveyStore(*bob.store).recordAnswer(theirs, 3, u"还行"_s));
    REQUIRE(bob.sync());
    REQUIRE(alice.sync());
    const Survey answered = aliceSurveys.surveys(mine).first();
    CHECK(answered.score == 3);
    CHECK(answered.comment == u"还行"_s);
    CHECK(answered.answeredAt.isValid());
    CHECK(server.scalar(u"SELECT score FROM deskline.surveys"_s) == 3);
    CHECK(alice.outboxSize() == 0);
    CHECK(bob.outboxSize() == 0);

    // A desk that starts later (Bob's second computer) has the survey from its first copy.
    TestDesk later(server.as(u"bob"_s));
    REQUIRE(later.sync());
    const auto copied = SurveyStore(*later.store).surveys(later.localTicket(onServer));
    REQUIRE(copied.size() == 1);
    CHECK(copied.first().score == 3);
}

TEST_CASE("Solving a ticket another desk closed first keeps the server's close and the customer's score",
          "[sync][survey]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 mine = newTicket(*alice.store, u"Closed elsewhere"_s);
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    const qint64 theirs = bob.localTicket(alice.serverTicket(mine));
    REQUIRE(bob.store->setStatus(theirs, TicketStatus::Solved));
    REQUIRE(bob.store->setStatus(theirs, TicketStatus::Closed));
    REQUIRE(bob.sync());

    QSignalSpy refused(alice.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(SurveyStore(*alice.store).resolve({mine, Resolution::Resolved, SurveyMode::Live, 5, u"great"_s, {}}));
    REQUIRE(alice.sync());
    REQUIRE(refused.size() == 1); // the solve itself is fine (closed tickets count as solved)...
    CHECK(refused.first().at(1).toString() == u"ticket.set_status"_s);
    // ...but the server's state wins: closed, and the survey was recorded on it.
    CHECK(alice.store->ticket(mine)->status == TicketStatus::Closed);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.surveys WHERE score = 5"_s) == 1);
    CHECK(SurveyStore(*alice.store).surveys(mine).size() == 1);
}

TEST_CASE("A survey the server refuses is taken back on the desk", "[sync][survey][bad-input]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    const qint64 mine = newTicket(*alice.store, u"Refused survey"_s);
    REQUIRE(alice.store->addMessage(mine, MessageKind::Agent, u"Done"_s));
    REQUIRE(alice.sync());
    const auto recorded = SurveyStore(*alice.store).resolve({mine, Resolution::Resolved, SurveyMode::Live, 4, {}, {}});
    INFO(alice.store->errorString().toStdString());
    REQUIRE(recorded);
    // As a desk with a bug might send it: a live survey without its score.
    QSqlQuery corrupt(alice.store->database());
    REQUIRE(corrupt.exec(u"UPDATE outbox SET args = json_remove(args, '$.score') WHERE name = 'survey.record'"_s));
    QSignalSpy refused(alice.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(alice.sync());
    REQUIRE(refused.size() == 1);
    CHECK(refused.first().at(1).toString() == u"survey.record"_s);
    CHECK(refused.first().at(2).toString() == u"invalid_args"_s);
    CHECK(SurveyStore(*alice.store).surveys(mine).isEmpty());
    CHECK(alice.store->ticket(mine)->status == TicketStatus::Solved); // the solve itself stands
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.surveys"_s) == 0);
}

TEST_CASE("A supervisor's archive and restore reach the agents' desks; an agent's archive is refused",
          "[sync][archive]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk sam(server.as(u"sam"_s)); // a supervisor
    const qint64 mine = newTicket(*alice.store, u"Old case"_s);
    REQUIRE(alice.store->addMessage(mine, MessageKind::Agent, u"Done"_s));
    REQUIRE(alice.store->setStatus(mine, TicketStatus::Solved));
    REQUIRE(alice.store->setStatus(mine, TicketStatus::Closed));
    REQUIRE(alice.sync());
    REQUIRE(sam.sync());
    const qint64 onServer = alice.serverTicket(mine);
    const qint64 samsCopy = sam.localTicket(onServer);

    // Alice may not: her desk refuses, and the server refuses what a desk sends anyway.
    CHECK(!ArchiveStore(*alice.store).archive({mine}));
    QSignalSpy refused(alice.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(alice.store->transaction([&] {
        return alice.store->enqueue(u"ticket.archive"_s, mine, {{u"ticket_id"_s, mine}});
    }));
    REQUIRE(alice.sync());
    REQUIRE(refused.size() == 1);
    CHECK(refused.first().at(2).toString() == u"not_allowed"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets WHERE archived_at IS NOT NULL"_s) == 0);

    REQUIRE(ArchiveStore(*sam.store).archive({samsCopy}));
    REQUIRE(sam.sync());
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets WHERE archived_at IS NOT NULL"_s) == 1);
    REQUIRE(alice.sync());
    CHECK(alice.store->ticket(mine)->archivedAt.isValid());

    REQUIRE(ArchiveStore(*sam.store).restore(samsCopy));
    REQUIRE(sam.sync());
    REQUIRE(alice.sync());
    CHECK(!alice.store->ticket(mine)->archivedAt.isValid());
    CHECK(sam.outboxSize() == 0);
}

TEST_CASE("A follow-up of a closed ticket reaches the other desk linked to it", "[sync][followup]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 closed = newTicket(*alice.store, u"Refund"_s);
    REQUIRE(alice.store->addMessage(closed, MessageKind::Agent, u"Refunded"_s));
    REQUIRE(alice.store->setStatus(closed, TicketStatus::Solved));
    REQUIRE(alice.store->setStatus(closed, TicketStatus::Closed));
    REQUIRE(alice.sync());

    const auto received = FollowUpStore(*alice.store).receiveCustomerMessage(closed, u"钱还没到"_s);
    REQUIRE(received);
    REQUIRE(received->followUp);
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    const qint64 closedOnServer = alice.serverTicket(closed);
    const qint64 nextOnServer = alice.serverTicket(received->ticketId);
    REQUIRE(nextOnServer > 0);
    CHECK(server.scalar(u"SELECT follow_up_of FROM deskline.tickets WHERE id = %1"_s.arg(nextOnServer)) ==
          closedOnServer);
    CHECK(server.scalar(u"SELECT status FROM deskline.tickets WHERE id = %1"_s.arg(closedOnServer)) == 5);

    REQUIRE(bob.sync());
    const qint64 bobsNext = bob.localTicket(nextOnServer);
    REQUIRE(bobsNext > 0);
    CHECK(bob.store->ticket(bobsNext)->followUpOf == bob.localTicket(closedOnServer));
    CHECK(bob.store->messages(bobsNext).last().body == u"钱还没到"_s);
    // The server keeps a closed ticket closed even when a desk sends to it anyway.
    QSignalSpy refused(bob.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(bob.store->transaction([&] {
        return bob.store->enqueue(u"message.add"_s, bob.localTicket(closedOnServer),
                                  {{u"ticket_id"_s, bob.localTicket(closedOnServer)},
                                   {u"client_id"_s, LocalStore::newClientId()},
                                   {u"kind"_s, 0},
                                   {u"body"_s, u"late"_s}});
    }));
    REQUIRE(bob.sync());
    REQUIRE(refused.size() == 1);
    CHECK(refused.first().at(2).toString() == u"ticket_closed"_s);
}

TEST_CASE("Time spent on one desk reaches the others; only its agent changes an entry", "[sync][time]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 mine = newTicket(*alice.store, u"Timed"_s);
    REQUIRE(alice.sync());
    constexpr qint64 minute = 60 * 1000;
    const qint64 start = alice.clock.now().toMSecsSinceEpoch() - 10 * minute;
    TimeStore aliceTime(*alice.store);
    REQUIRE(aliceTime.addAutomatic(mine, start, 4 * minute));
    REQUIRE(aliceTime.addAutomatic(mine, start + 4 * minute, 3 * minute)); // continues the same entry
    const auto manual = aliceTime.addManual(mine, 15 * minute, u"电话回访"_s);
    REQUIRE(manual);
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.time_entries"_s) == 2);
    CHECK(server.scalar(u"SELECT sum(duration_ms) / 60000 FROM deskline.time_entries"_s) == 22);

    REQUIRE(bob.sync());
    const qint64 theirs = bob.localTicket(alice.serverTicket(mine));
    TimeStore bobTime(*bob.store);
    CHECK(bobTime.totalMs(theirs) == 22 * minute);
    const auto entries = bobTime.entries(theirs);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].agentName == u"Alice 李"_s);

    // Bob may not correct Alice's time: the server refuses and his desk shows hers again.
    QSignalSpy refused(bob.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(bobTime.update(entries[0].id, 60 * minute, u"mine now"_s));
    REQUIRE(bob.sync());
    REQUIRE(refused.size() == 1);
    CHECK(refused.first().at(2).toString() == u"not_allowed"_s);
    CHECK(bobTime.totalMs(theirs) == 22 * minute);

    // Alice removes her hand-made entry; it leaves Bob's desk too.
    REQUIRE(aliceTime.remove(*manual));
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    CHECK(bobTime.totalMs(theirs) == 7 * minute);
    CHECK(bobTime.entries(theirs).size() == 1);
}

TEST_CASE("The classification rules are the team's: written once, changed by a supervisor, seen by every desk",
          "[sync][classification]")
{
    TestServer server;
    TestDesk sam(server.as(u"sam"_s)); // a supervisor
    RulesService samRules(*sam.store);
    REQUIRE(samRules.ensureDefaults());
    CHECK(samRules.rules().isEmpty()); // the server keeps them: nothing written here yet
    REQUIRE(sam.sync());
    const int defaults = int(TicketClassifier::defaultRules().size());
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.classification_rules"_s) == defaults);
    REQUIRE(sam.sync()); // the rules come down
    REQUIRE(samRules.rules().size() == defaults);

    // A second desk offers the defaults too: the server keeps the first set only.
    TestDesk alice(server.as(u"alice"_s));
    RulesService aliceRules(*alice.store);
    REQUIRE(aliceRules.ensureDefaults());
    REQUIRE(alice.sync());
    REQUIRE(alice.sync());
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.classification_rules"_s) == defaults);
    CHECK(aliceRules.rules().size() == defaults);
    CHECK(alice.outboxSize() == 0);

    ClassificationRule invoice;
    invoice.name = u"Invoice"_s;
    invoice.phrases = {u"发票"_s};
    invoice.category = Category::Order;
    const auto id = samRules.save(invoice);
    REQUIRE(id);
    REQUIRE(samRules.move(*id, -1));
    REQUIRE(sam.sync());
    REQUIRE(alice.sync());
    const auto seen = aliceRules.rules();
    REQUIRE(seen.size() == defaults + 1);
    CHECK(seen.at(defaults - 1).name == u"Invoice"_s);
    CHECK(TicketClassifier(seen).suggest({u"开发票"_s, {}, Channel::Email, {}}).category == Category::Order);

    REQUIRE(samRules.remove(*id));
    REQUIRE(sam.sync());
    REQUIRE(alice.sync());
    CHECK(aliceRules.rules().size() == defaults);
    CHECK(!aliceRules.save(invoice)); // an agent's desk refuses; so would the server
}

TEST_CASE("A merge reaches the other desks with both threads, and so does its undo", "[sync][merge]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    // The older ticket is the duplicate: a fresh desk's first copy meets it before its target.
    const qint64 duplicate = newTicket(*alice.store, u"App crashes"_s);
    REQUIRE(alice.store->addMessage(duplicate, MessageKind::Agent, u"Which version?"_s));
    REQUIRE(alice.store->setStatus(duplicate, TicketStatus::Pending));
    const qint64 kept = newTicket(*alice.store, u"App crashes on start"_s);
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());

    REQUIRE(MergeStore(*alice.store).merge(duplicate, kept));
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    const qint64 duplicateOnServer = alice.serverTicket(duplicate);
    const qint64 keptOnServer = alice.serverTicket(kept);
    CHECK(server.scalar(u"SELECT merged_into FROM deskline.tickets WHERE id = %1"_s.arg(duplicateOnServer)) ==
          keptOnServer);
    CHECK(server.scalar(u"SELECT status * 10 + status_before_merge FROM deskline.tickets WHERE id = %1"_s.arg(
              duplicateOnServer)) == 52);

    REQUIRE(bob.sync());
    const qint64 bobsDuplicate = bob.localTicket(duplicateOnServer);
    const qint64 bobsKept = bob.localTicket(keptOnServer);
    CHECK(bob.store->ticket(bobsDuplicate)->status == TicketStatus::Closed);
    CHECK(bob.store->ticket(bobsDuplicate)->mergedInto == bobsKept);
    CHECK(bob.store->messages(bobsKept).size() == 3);

    TestDesk carol(server.as(u"carol"_s)); // a fresh desk, first copy only
    const qint64 carolsDuplicate = carol.localTicket(duplicateOnServer);
    REQUIRE(carolsDuplicate > 0);
    CHECK(carol.store->ticket(carolsDuplicate)->mergedInto == carol.localTicket(keptOnServer));

    REQUIRE(MergeStore(*bob.store).undo(bobsDuplicate));
    REQUIRE(bob.sync());
    REQUIRE(alice.sync());
    CHECK(alice.store->ticket(duplicate)->status == TicketStatus::Pending);
    CHECK(alice.store->ticket(duplicate)->mergedInto == 0);
    CHECK(alice.store->messages(kept).size() == 1);
}

TEST_CASE("Two desks merging one duplicate apart: the first wins, the second is taken back", "[sync][merge]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 duplicate = newTicket(*alice.store, u"Duplicate"_s);
    const qint64 first = newTicket(*alice.store, u"First"_s);
    const qint64 second = newTicket(*alice.store, u"Second"_s);
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    const qint64 bobsDuplicate = bob.localTicket(alice.serverTicket(duplicate));

    REQUIRE(MergeStore(*alice.store).merge(duplicate, first));
    REQUIRE(MergeStore(*bob.store).merge(bobsDuplicate, bob.localTicket(alice.serverTicket(second))));
    REQUIRE(alice.sync());
    QSignalSpy refused(bob.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(bob.sync());
    REQUIRE(refused.size() == 1);
    CHECK(refused.first().at(2).toString() == u"already_merged"_s);
    CHECK(bob.store->ticket(bobsDuplicate)->mergedInto == bob.localTicket(alice.serverTicket(first)));
    CHECK(bob.store->messages(bob.localTicket(alice.serverTicket(second))).size() == 1);

    // The server refuses what a desk could not have checked: a target that is closed.
    REQUIRE(alice.store->addMessage(second, MessageKind::Agent, u"Done"_s));
    REQUIRE(alice.store->setStatus(second, TicketStatus::Solved));
    REQUIRE(alice.store->setStatus(second, TicketStatus::Closed));
    REQUIRE(alice.sync());
    REQUIRE(alice.store->transaction([&] {
        return alice.store->enqueue(u"ticket.merge"_s, first,
                                    {{u"ticket_id"_s, first}, {u"target_ticket_id"_s, second}});
    }));
    QSignalSpy aliceRefused(alice.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(alice.sync());
    REQUIRE(aliceRefused.size() == 1);
    CHECK(aliceRefused.first().at(2).toString() == u"invalid_status"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets WHERE merged_into IS NOT NULL"_s) == 1);
}

TEST_CASE("A customer's later message recorded on one desk starts the next-answer clock on the others",
          "[sync][sla][next-response]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 ticket = newTicket(*alice.store, u"Payment failed"_s); // chat, Alice's
    REQUIRE(alice.store->addMessage(ticket, MessageKind::Agent, u"Which card?"_s));
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    const qint64 bobsCopy = bob.localTicket(alice.serverTicket(ticket));
    CHECK(!bob.store->ticket(bobsCopy)->awaitingReplySince.isValid());

    // Bob takes the customer's call and writes down what they said.
    REQUIRE(bob.store->addMessage(bobsCopy, MessageKind::Customer, u"Visa, it still fails"_s));
    const QDateTime waiting = bob.store->ticket(bobsCopy)->awaitingReplySince;
    REQUIRE(waiting.isValid());
    REQUIRE(bob.sync());
    REQUIRE(alice.sync());
    const Ticket mine = *alice.store->ticket(ticket);
    CHECK(mine.awaitingReplySince.isValid());
    CHECK(std::abs(mine.awaitingReplySince.msecsTo(waiting)) < 1000); // the server's own timestamp
    CHECK(mine.dueAt.toMSecsSinceEpoch() ==
          alice.store->sla().nextResponseDueAt(Channel::Chat, mine.priority,
                                               mine.awaitingReplySince.toMSecsSinceEpoch()));

    REQUIRE(alice.store->addMessage(ticket, MessageKind::Agent, u"Please try Alipay"_s));
    CHECK(!alice.store->ticket(ticket)->awaitingReplySince.isValid());
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    CHECK(!bob.store->ticket(bobsCopy)->awaitingReplySince.isValid());
}

TEST_CASE("The team's settings: a supervisor's hours and targets reach every desk and move its deadlines",
          "[sync][settings]")
{
    TestServer server;
    TestDesk sam(server.as(u"sam"_s)); // a supervisor
    TestDesk alice(server.as(u"alice"_s));
    const qint64 ticket = newTicket(*alice.store, u"Login code never arrives"_s);
    REQUIRE(alice.sync());
    const QDateTime dueBefore = alice.store->ticket(ticket)->dueAt;
    REQUIRE(dueBefore.isValid());

    SlaPolicy slower = sam.store->sla().policy();
    slower.setBaseMsecs(SlaPolicy::Target::FirstResponse, Channel::Chat, 10 * 60 * 60 * 1000LL);
    REQUIRE(sam.store->setSlaPolicy(slower));
    BusinessCalendar calendar = sam.store->sla().calendar();
    calendar.setHours(Qt::Saturday, BusinessCalendar::Hours{QTime(10, 0), QTime(14, 0)});
    REQUIRE(sam.store->setBusinessCalendar(calendar));
    REQUIRE(AutoCloser(*sam.store).setDays(9));
    REQUIRE(SurveyStore(*sam.store).setDelayMinutes(45));
    CHECK(sam.outboxSize() == 4);
    REQUIRE(sam.sync());
    CHECK(sam.outboxSize() == 0);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.team_settings"_s) == 4);

    QSignalSpy reloaded(alice.store.get(), &LocalStore::sharedSettingsChanged);
    REQUIRE(alice.sync());
    CHECK(reloaded.count() == 1);
    CHECK(alice.store->sla().policy().baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Chat) ==
          10 * 60 * 60 * 1000LL);
    CHECK(alice.store->sla().calendar().hours(Qt::Saturday).has_value());
    CHECK(AutoCloser(*alice.store).days() == 9);
    CHECK(SurveyStore(*alice.store).delayMinutes() == 45);
    CHECK(alice.store->ticket(ticket)->dueAt > dueBefore); // the running deadline followed

    // A desk that joins later starts with them.
    TestDesk bob(server.as(u"bob"_s));
    CHECK(AutoCloser(*bob.store).days() == 9);
    CHECK(bob.store->sla().calendar().hours(Qt::Saturday).has_value());

    // An agent's desk refuses at once, and so would the server.
    CHECK_FALSE(alice.store->canChangeSharedSettings());
    CHECK_FALSE(AutoCloser(*alice.store).setDays(2));
    CHECK_FALSE(alice.store->setSlaPolicy(SlaPolicy()));
    CHECK(alice.outboxSize() == 0);
    CHECK(AutoCloser(*alice.store).days() == 9);

    // A change the server refuses (the supervisor lost the role meanwhile) goes back to the
    // team's value, and says so in the sync issues.
    REQUIRE(AutoCloser(*sam.store).setDays(30));
    QSqlQuery demote(server.admin());
    REQUIRE(demote.exec(u"UPDATE deskline.agents SET role = 0 WHERE name = 'Sam 周'"_s));
    REQUIRE(demote.numRowsAffected() == 1);
    REQUIRE(sam.sync());
    CHECK(AutoCloser(*sam.store).days() == 9);
    const QList<SyncIssue> issues = SyncIssueStore(*sam.store).syncIssues();
    REQUIRE(issues.size() == 1);
    CHECK(issues.first().mutation == u"setting.save"_s);
    CHECK(issues.first().reason == u"not_allowed"_s);
}

namespace {

// "action by agent" for each history entry, oldest first.
QStringList historyOf(const LocalStore &store, qint64 ticket)
{
    QStringList entries;
    for (const AuditEvent &event : store.auditEvents(ticket))
        entries << event.action + u" by "_s + event.agentName;
    return entries;
}

} // namespace

TEST_CASE("A ticket's history is the team's: every desk shows who did what, refused changes left out",
          "[sync][history]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 mine = newTicket(*alice.store, u"Refund not received"_s);
    REQUIRE(alice.store->setPriority(mine, Priority::High));
    REQUIRE(alice.store->addTag(mine, u"refund"_s));
    REQUIRE(alice.store->addMessage(mine, MessageKind::Agent, u"已提交退款申请"_s));
    const QStringList aliceWrote = historyOf(*alice.store, mine);
    REQUIRE(aliceWrote.size() >= 4);
    REQUIRE(alice.sync());
    REQUIRE(alice.sync()); // her own entries come back from the server
    CHECK(historyOf(*alice.store, mine) == aliceWrote);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.ticket_events"_s) == aliceWrote.size());

    REQUIRE(bob.sync());
    const qint64 theirs = bob.localTicket(alice.serverTicket(mine));
    REQUIRE(theirs > 0);
    CHECK(historyOf(*bob.store, theirs) == aliceWrote);
    CHECK(aliceWrote.contains(u"priority by Alice 李"_s));
    CHECK(aliceWrote.contains(u"tag_add by Alice 李"_s));

    REQUIRE(bob.store->setStatus(theirs, TicketStatus::Pending));
    REQUIRE(bob.sync());
    REQUIRE(alice.sync());
    CHECK(historyOf(*alice.store, mine).constLast() == u"status by Bob 王"_s);
    CHECK(historyOf(*alice.store, mine) == historyOf(*bob.store, theirs));

    // A merge writes on both tickets: the target's entry travels with the merge.
    const qint64 duplicate = newTicket(*alice.store, u"Refund?"_s);
    REQUIRE(alice.sync());
    REQUIRE(MergeStore(*alice.store).merge(duplicate, mine));
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    CHECK(historyOf(*bob.store, theirs).constLast() == u"merged_from by Alice 李"_s);
    CHECK(historyOf(*bob.store, bob.localTicket(alice.serverTicket(duplicate))).contains(u"merged_into by Alice 李"_s));

    // Both take an unassigned ticket; the server gives it to Alice, and Bob's desk forgets his
    // own "assigned" entry.
    Customer customer;
    customer.name = u"Ana Souza"_s;
    NewTicketInput input;
    input.customerId = *CustomerStore(*alice.store).createCustomer(customer);
    input.subject = u"Nobody's yet"_s;
    input.channel = Channel::Email;
    input.firstMessage = u"Hello?"_s;
    const auto open = alice.store->createTicket(input);
    REQUIRE(open);
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    const qint64 openThere = bob.localTicket(alice.serverTicket(*open));
    REQUIRE(alice.store->takeTicket(*open));
    REQUIRE(bob.store->takeTicket(openThere));
    CHECK(historyOf(*bob.store, openThere).constLast() == u"assign by Bob 王"_s);
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    CHECK_FALSE(historyOf(*bob.store, openThere).contains(u"assign by Bob 王"_s));
    CHECK(historyOf(*bob.store, openThere).contains(u"assign by Alice 李"_s));
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.ticket_events WHERE action = 'assign'"_s) == 1);
}

TEST_CASE("Archived tickets leave the shared database only once exported, and only by a supervisor",
          "[sync][archive][purge]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk sam(server.as(u"sam"_s)); // a supervisor
    QList<qint64> closed;
    for (const QString &subject : {u"Long ago"_s, u"Recently"_s, u"Still open"_s}) {
        const qint64 ticket = newTicket(*alice.store, subject);
        REQUIRE(alice.store->addMessage(ticket, MessageKind::Agent, u"已处理：" + subject));
        if (subject != u"Still open") {
            REQUIRE(alice.store->setStatus(ticket, TicketStatus::Solved));
            REQUIRE(alice.store->setStatus(ticket, TicketStatus::Closed));
        }
        closed << ticket;
    }
    REQUIRE(alice.sync());
    REQUIRE(sam.sync());
    REQUIRE(
        ArchiveStore(*sam.store)
            .archive({sam.localTicket(alice.serverTicket(closed[0])), sam.localTicket(alice.serverTicket(closed[1]))}));
    REQUIRE(sam.sync());
    // The first was archived 200 days ago.
    QSqlQuery age(server.admin());
    age.prepare(u"UPDATE deskline.tickets SET archived_at = archived_at - 200 * 86400000::bigint WHERE id = ?"_s);
    age.addBindValue(alice.serverTicket(closed[0]));
    REQUIRE(age.exec());
    const int before = server.scalar(u"SELECT count(*) FROM deskline.tickets"_s);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"purged.jsonl"_s);
    SystemClock clock;

    {
        // An agent is refused before anything is written.
        ServerConnection connection;
        REQUIRE(connection.open(server.as(u"alice"_s), u"purge-alice"_s));
        ServerPurge purge(QSqlDatabase::database(u"purge-alice"_s, false), clock);
        CHECK_FALSE(purge.run(120, file));
        CHECK(purge.errorString().contains(u"supervisor"_s));
        CHECK_FALSE(QFile::exists(file));
    }
    QSqlDatabase::removeDatabase(u"purge-alice"_s);
    {
        ServerConnection connection;
        REQUIRE(connection.open(server.as(u"sam"_s), u"purge-sam"_s));
        ServerPurge purge(QSqlDatabase::database(u"purge-sam"_s, false), clock);
        CHECK(purge.count(120) == 1);
        CHECK(purge.count(1) == 1);   // the other was archived just now
        CHECK(purge.count(300) == 0); // nothing is that old
        // An export that cannot be written deletes nothing.
        CHECK_FALSE(purge.run(120, dir.filePath(u"no/such/folder/purged.jsonl"_s)));
        CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == before);

        REQUIRE(purge.run(120, file));
        CHECK(purge.exportedCount() == 1);
        CHECK(purge.purgedCount() == 1);
    }
    QSqlDatabase::removeDatabase(u"purge-sam"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == before - 1);
    CHECK(server.scalar(u"SELECT tickets FROM deskline.purges"_s) == 1);

    // The export holds the whole ticket, in the form deskctl import reads.
    QFile exported(file);
    REQUIRE(exported.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = exported.readAll().trimmed().split('\n');
    REQUIRE(lines.size() == 1);
    CHECK(lines.first().contains("Long ago"));
    CHECK(QString::fromUtf8(lines.first()).contains(u"已处理：Long ago"_s));

    // The desks drop their copies; the recent archive and the open ticket stay.
    REQUIRE(alice.sync());
    CHECK_FALSE(alice.store->ticket(closed[0]));
    CHECK(alice.store->ticket(closed[1]));
    CHECK(alice.store->ticket(closed[2]));
}

TEST_CASE("The board in a team: which desks are connected, and capacities a supervisor sets for every desk",
          "[sync][board]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    QList<qint64> online;
    // Written on the engine's thread while the first sync runs; read after it returned.
    TestDesk sam(server.as(u"sam"_s), false, [&online](SyncEngine &engine) {
        QObject::connect(
            &engine, &SyncEngine::agentsOnlineChanged, &engine, [&online](const QList<qint64> &ids) { online = ids; },
            Qt::DirectConnection);
    });
    const qint64 aliceId = alice.store->currentAgentId();
    const qint64 samId = sam.store->currentAgentId();
    CHECK(online.contains(aliceId));
    CHECK(online.contains(samId));
    CHECK(online.size() == 2); // Bob and Carol have no desk running

    REQUIRE(AgentLoadQuery(*sam.store).setCapacity(aliceId, 7));
    REQUIRE(sam.sync());
    REQUIRE(alice.sync());
    CHECK(AgentLoadQuery(*alice.store).capacities() == QHash<qint64, int>{{aliceId, 7}});
    CHECK_FALSE(AgentLoadQuery(*alice.store).setCapacity(aliceId, 50)); // her own, but not hers to set
    CHECK(alice.outboxSize() == 0);
}

TEST_CASE("A supervisor moves a ticket to another team's queue; every desk sees it waiting there", "[sync][board]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk sam(server.as(u"sam"_s));     // a supervisor
    TestDesk carol(server.as(u"carol"_s)); // L2
    const qint64 mine = newTicket(*alice.store, u"Needs a specialist"_s);
    REQUIRE(alice.sync());
    REQUIRE(sam.sync());
    const qint64 onServer = alice.serverTicket(mine);
    const qint64 l2 = teamOfTier(*sam.store, 2);
    REQUIRE(sam.store->moveToTeam({sam.localTicket(onServer)}, l2));
    REQUIRE(sam.sync());
    CHECK(server.scalar(
              u"SELECT count(*) FROM deskline.tickets WHERE team_id = %1 AND assignee_id IS NULL"_s.arg(l2)) == 1);
    REQUIRE(alice.sync());
    CHECK(alice.store->ticket(mine)->teamId == l2);
    CHECK(alice.store->ticket(mine)->assigneeId == 0);
    CHECK(alice.store->auditEvents(mine).last().action == u"team"_s); // Sam's entry, shared
    REQUIRE(carol.sync());
    const qint64 carols = carol.localTicket(onServer);
    REQUIRE(carols > 0);
    CHECK(carol.store->ticket(carols)->teamId == l2);
}

TEST_CASE("An agent who leaves the keyboard is away on the supervisor's desk and gets no new tickets",
          "[sync][board][presence]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk sam(server.as(u"sam"_s));
    const qint64 aliceId = alice.store->currentAgentId();
    QEventLoop waiting;
    QList<qint64> away;
    QObject context;
    QObject::connect(sam.engine.get(), &SyncEngine::agentsAwayChanged, &context, [&](const QList<qint64> &ids) {
        away = ids;
        waiting.quit();
    });
    // A new ticket Sam only logs, for the team's queue.
    const auto queued = [&](const QString &subject) {
        Customer caller;
        caller.name = u"周杰"_s;
        const auto customerId = CustomerStore(*sam.store).createCustomer(caller);
        REQUIRE(customerId);
        NewTicketInput input;
        input.customerId = *customerId;
        input.subject = subject;
        input.channel = Channel::Phone;
        const auto id = sam.store->createTicket(input);
        REQUIRE(id);
        REQUIRE(sam.sync());
        return sam.serverTicket(*id);
    };
    QTimer::singleShot(15000, &waiting, &QEventLoop::quit); // a guard, not a wait: the signal ends it
    alice.engine->setAway(true);
    waiting.exec();
    CHECK(away == QList<qint64>{aliceId}); // told by the presence notification, not a poll

    // Handing out by turns passes her over while she is away.
    REQUIRE(QueueBoardQuery(*sam.store)
                .setAutoAssign(PeopleStore(*alice.store).agent(aliceId)->teamId, AutoAssign::RoundRobin));
    REQUIRE(sam.sync());
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets WHERE id = %1 AND assignee_id IS NULL"_s.arg(
              queued(u"While she is out"_s))) == 1);

    alice.engine->setAway(false);
    QTimer::singleShot(15000, &waiting, &QEventLoop::quit);
    waiting.exec();
    CHECK(away.isEmpty());
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets WHERE id = %1 AND assignee_id = %2"_s
                            .arg(queued(u"Back at her desk"_s))
                            .arg(server.agentId(u"alice"_s))) == 1);
}
