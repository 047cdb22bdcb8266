#include "catchcompat.h"
#include "surveystore.h"
#include "teststore.h"
#include "tickethistorymodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

struct Solving {
    explicit Solving(Channel channel = Channel::Phone)
        : ticket(t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"密码错误"_s, channel))
    {
        REQUIRE(t.store->takeTicket(ticket));
        REQUIRE(t.store->addMessage(ticket, MessageKind::Agent, u"已为您重置密码"_s));
    }
    TestStore t;
    qint64 ticket;
};

} // namespace

TEST_CASE("Solving a phone ticket records the customer's confirmation and score at once", "[workflow][survey]")
{
    Solving s(Channel::Phone);
    SurveyStore surveys(*s.t.store);
    CHECK(SurveyStore::defaultMode(Channel::Phone) == SurveyMode::Live);
    CHECK(SurveyStore::defaultMode(Channel::Email) == SurveyMode::Queued);
    const auto id = surveys.resolve({s.ticket, Resolution::Resolved, SurveyMode::Live, 5, u"很快就解决了"_s, {}});
    INFO(s.t.store->errorString().toStdString());
    REQUIRE(id);
    CHECK(s.t.store->ticket(s.ticket)->status == TicketStatus::Solved);
    const auto recorded = surveys.surveys(s.ticket);
    REQUIRE(recorded.size() == 1);
    CHECK(recorded[0].score == 5);
    CHECK(recorded[0].comment == u"很快就解决了"_s);
    CHECK(recorded[0].agentName == u"李娜"_s);
    CHECK(recorded[0].resolution == Resolution::Resolved);
    CHECK(!recorded[0].sendAt.isValid());
    const AuditEvent last = s.t.store->auditEvents(s.ticket).last();
    CHECK(last.action == u"survey"_s);
    CHECK(TicketHistoryModel::describe(last).contains(u"5"_s));
}

TEST_CASE("A survey for an email ticket goes out after the delay, as a message, from its agent's desk only",
          "[workflow][survey]")
{
    Solving s(Channel::Email);
    SurveyStore surveys(*s.t.store);
    REQUIRE(surveys.setDelayMinutes(30));
    REQUIRE(surveys.resolve({s.ticket, Resolution::Partly, SurveyMode::Queued, 0, {}, {}}));
    const int messages = int(s.t.store->messages(s.ticket).size());
    CHECK(surveys.sendDue() == 0); // not yet
    s.t.clock.advance(29 * 60 * 1000);
    CHECK(surveys.sendDue() == 0);
    s.t.clock.advance(2 * 60 * 1000);
    // Another agent's desk does not send it.
    REQUIRE(s.t.store->setCurrentAgent(u"tom"_s));
    CHECK(surveys.sendDue() == 0);
    REQUIRE(s.t.store->setCurrentAgent(u"li.na"_s));
    CHECK(surveys.sendDue() == 1);
    CHECK(surveys.sendDue() == 0); // once
    const auto thread = s.t.store->messages(s.ticket);
    REQUIRE(thread.size() == messages + 1);
    CHECK(thread.last().kind == MessageKind::Agent);
    CHECK(thread.last().body == SurveyStore::messageText(s.t.store->ticket(s.ticket)->displayId()));
    CHECK(s.t.store->ticket(s.ticket)->status == TicketStatus::Solved); // the survey does not reopen it
    CHECK(surveys.surveys(s.ticket)[0].sentAt.isValid());

    // The customer answers later; a second answer replaces the first.
    REQUIRE(surveys.recordAnswer(s.ticket, 2, u"too slow"_s));
    REQUIRE(surveys.recordAnswer(s.ticket, 4, u"actually fine"_s));
    const Survey answered = surveys.surveys(s.ticket)[0];
    CHECK(answered.score == 4);
    CHECK(answered.comment == u"actually fine"_s);
    CHECK(answered.answeredAt.isValid());
    CHECK(s.t.store->auditEvents(s.ticket).last().action == u"survey_answer"_s);
}

TEST_CASE("A queued survey is not sent to a ticket reopened or closed before its time", "[workflow][survey]")
{
    Solving s(Channel::Social);
    SurveyStore surveys(*s.t.store);
    REQUIRE(surveys.resolve({s.ticket, Resolution::Resolved, SurveyMode::Queued, 0, {}, {}}));
    REQUIRE(s.t.store->addMessage(s.ticket, MessageKind::Customer, u"还是不行"_s)); // reopens it
    const int messages = int(s.t.store->messages(s.ticket).size());
    s.t.clock.advance(2 * 3600 * 1000);
    CHECK(surveys.sendDue() == 0);
    CHECK(s.t.store->messages(s.ticket).size() == messages);
    const Survey skipped = surveys.surveys(s.ticket)[0];
    CHECK(skipped.mode == SurveyMode::Skipped);
    CHECK(skipped.skipReason.contains(fieldLabel(TicketStatus::Open).toLower()));
}

TEST_CASE("Solving is refused without a score, a skip reason or a yes, and nothing is written",
          "[workflow][survey][bad-input]")
{
    Solving s(Channel::Chat);
    SurveyStore surveys(*s.t.store);
    CHECK(!surveys.resolve({s.ticket, Resolution::Resolved, SurveyMode::Live, 0, {}, {}}));
    CHECK(s.t.store->errorString().contains(u"1 to 5"_s));
    CHECK(!surveys.resolve({s.ticket, Resolution::Resolved, SurveyMode::Live, 6, {}, {}}));
    CHECK(!surveys.resolve({s.ticket, Resolution::Resolved, SurveyMode::Skipped, 0, {}, u"  "_s}));
    CHECK(s.t.store->errorString().contains(u"why"_s));
    CHECK(!surveys.resolve({s.ticket, Resolution::NotResolved, SurveyMode::Live, 3, {}, {}}));
    CHECK(s.t.store->errorString().contains(u"open"_s));
    CHECK(s.t.store->ticket(s.ticket)->status == TicketStatus::Open);
    CHECK(surveys.surveys(s.ticket).isEmpty());
    CHECK(!surveys.recordAnswer(s.ticket, 4, {}));
    CHECK(s.t.store->errorString().contains(u"No survey"_s));
    CHECK(!surveys.setDelayMinutes(-1));
    CHECK(surveys.delayMinutes() == SurveyStore::defaultDelayMinutes);

    // "No": the ticket stays open and the thread says why.
    REQUIRE(surveys.keepOpen(s.ticket, u"还是登录不了"_s));
    CHECK(s.t.store->ticket(s.ticket)->status == TicketStatus::Open);
    CHECK(s.t.store->messages(s.ticket).last().kind == MessageKind::Note);
    CHECK(s.t.store->messages(s.ticket).last().body.contains(u"还是登录不了"_s));

    // A score without a comment is fine; an answer without one too.
    Solving quiet(Channel::Phone);
    REQUIRE(SurveyStore(*quiet.t.store).resolve({quiet.ticket, Resolution::Partly, SurveyMode::Live, 3, {}, {}}));
    CHECK(SurveyStore(*quiet.t.store).surveys(quiet.ticket)[0].comment.isEmpty());

    // A skipped survey keeps its reason.
    REQUIRE(surveys.resolve({s.ticket, Resolution::Resolved, SurveyMode::Skipped, 0, {}, u"Customer hung up"_s}));
    CHECK(surveys.surveys(s.ticket)[0].skipReason == u"Customer hung up"_s);
    CHECK(surveys.surveys(s.ticket)[0].score == 0);
}

TEST_CASE("A closed ticket cannot be solved again with a survey", "[workflow][survey][bad-input]")
{
    Solving s;
    REQUIRE(s.t.store->setStatus(s.ticket, TicketStatus::Solved));
    REQUIRE(s.t.store->setStatus(s.ticket, TicketStatus::Closed));
    CHECK(!SurveyStore(*s.t.store).resolve({s.ticket, Resolution::Resolved, SurveyMode::Live, 4, {}, {}}));
    CHECK(!s.t.store->errorString().isEmpty());
    CHECK(SurveyStore(*s.t.store).surveys(s.ticket).isEmpty());
}

TEST_CASE("In team mode solving with a survey queues the status and the survey for the server",
          "[workflow][survey][team]")
{
    Solving s(Channel::Email);
    s.t.store->setTeamMode(true);
    REQUIRE(SurveyStore(*s.t.store).resolve({s.ticket, Resolution::Resolved, SurveyMode::Queued, 0, {}, {}}));
    QSqlQuery outbox(s.t.store->database());
    REQUIRE(outbox.exec(u"SELECT name, args FROM outbox ORDER BY id"_s));
    QStringList names;
    QJsonObject survey;
    while (outbox.next()) {
        names << outbox.value(0).toString();
        if (outbox.value(0).toString() == u"survey.record")
            survey = QJsonDocument::fromJson(outbox.value(1).toString().toUtf8()).object();
    }
    CHECK(names == QStringList{u"ticket.set_status"_s, u"survey.record"_s});
    CHECK(survey[u"mode"].toInt() == int(SurveyMode::Queued));
    CHECK(survey[u"send_at"].toInteger() > s.t.clock.now().toMSecsSinceEpoch());
    CHECK(!survey[u"client_id"].toString().isEmpty());
}
