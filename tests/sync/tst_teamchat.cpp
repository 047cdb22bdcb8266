#include "cannedanswerservice.h"
#include "cannedanswerstore.h"
#include "catchcompat.h"
#include "chatdesk.h"
#include "chatstore.h"
#include "syncissue.h"
#include "syncissuestore.h"
#include "testdesk.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

// What the gateway does for a visitor (its functions, called as the schema owner would let the
// gateway's login call them): a chat under the hash of its token, and the visitor's actions.
qint64 startChat(const TestServer &server, const QString &tokenSha256)
{
    return server.scalar(
        u"SELECT (deskline.gateway_chat_start(jsonb_build_object('token_sha256', '%1',"
        " 'customer_name', '周杰', 'subject', '在线咨询', 'text', '订单什么时候发货？',"
        " 'language', 'zh_CN', 'client_id', gen_random_uuid())) ->> 'ticket_id')::bigint"_s.arg(tokenSha256));
}

bool visitorDoes(const TestServer &server, const QString &tokenSha256, const QString &action)
{
    return server.scalar(
               u"SELECT (deskline.gateway_chat_act('%1', '%2', NULL, NULL, gen_random_uuid()) ->> 'outcome' = 'done')::int"_s
                   .arg(tokenSha256, action)) == 1;
}

CannedAnswer refundAnswer()
{
    CannedAnswer answer;
    answer.title = u"退款多久到账"_s;
    answer.body = u"退款会在三到五个工作日内原路退回。"_s;
    answer.language = u"zh_CN"_s;
    answer.isPublic = true;
    answer.titleEn = u"When is my refund paid?"_s;
    answer.bodyEn = u"Refunds reach your account in three to five working days."_s;
    return answer;
}

QString clientIdOf(LocalStore &store, qint64 id)
{
    for (const CannedAnswer &answer : CannedAnswerStore(store).answers()) {
        if (answer.id == id)
            return answer.clientId;
    }
    FAIL("no canned answer " << id);
    return {};
}

} // namespace

TEST_CASE("A visitor's chat on the team's server reaches an agent's desk: a chat, their typing, its end",
          "[sync][chat]")
{
    TestServer server;
    const QString hash = QString(64, u'c');
    TestDesk alice(server.as(u"alice"_s));
    REQUIRE(alice.sync());
    ChatDesk watch(*alice.store);

    const qint64 onServer = startChat(server, hash);
    REQUIRE(onServer > 0);
    REQUIRE(alice.sync());
    const qint64 local = alice.localTicket(onServer);
    REQUIRE(local > 0);
    watch.checkOtherWrites();
    CHECK(watch.isChat(local));
    CHECK_FALSE(watch.isCustomerTyping(local));
    const auto session = ChatStore(*alice.store).ofTicket(local);
    REQUIRE(session);
    CHECK(session->language == u"zh_CN"_s);
    CHECK_FALSE(session->ended());
    CHECK(!ChatStore(*alice.store).byToken(hash)); // the token's hash stays on the server

    QSignalSpy typing(&watch, &ChatDesk::customerTypingChanged);
    REQUIRE(visitorDoes(server, hash, u"typing"_s));
    REQUIRE(alice.sync());
    watch.checkOtherWrites();
    CHECK(watch.isCustomerTyping(local));
    REQUIRE(typing.size() == 1);
    CHECK(typing.first().at(0).toLongLong() == local);
    CHECK(typing.first().at(1).toBool());

    REQUIRE(visitorDoes(server, hash, u"end"_s));
    REQUIRE(alice.sync());
    watch.checkOtherWrites();
    CHECK_FALSE(watch.isCustomerTyping(local));
    const auto ended = ChatStore(*alice.store).ofTicket(local);
    REQUIRE(ended);
    CHECK(ended->ended());
    REQUIRE(typing.size() == 2);
    CHECK_FALSE(typing.last().at(1).toBool());

    // A desk that starts later has the chat in its first copy.
    TestDesk bob(server.as(u"bob"_s));
    REQUIRE(bob.sync());
    const qint64 bobs = bob.localTicket(onServer);
    REQUIRE(bobs > 0);
    const auto copied = ChatStore(*bob.store).ofTicket(bobs);
    REQUIRE(copied);
    CHECK(copied->ended());
    CHECK(copied->language == u"zh_CN"_s);

    // A chat the server no longer has goes from the desks too; its ticket stays.
    server.scalar(u"WITH gone AS (DELETE FROM deskline.chat_sessions RETURNING 1) SELECT count(*) FROM gone"_s);
    REQUIRE(alice.sync());
    CHECK_FALSE(ChatStore(*alice.store).ofTicket(local));
    CHECK(alice.store->ticket(local));
}

TEST_CASE("An agent typing in a chat's composer is noted on the team's server, every 2 s at most", "[sync][chat]")
{
    TestServer server;
    const QString hash = QString(64, u'd');
    const qint64 onServer = startChat(server, hash);
    REQUIRE(onServer > 0);
    TestDesk alice(server.as(u"alice"_s));
    REQUIRE(alice.sync());
    const qint64 local = alice.localTicket(onServer);
    REQUIRE(local > 0);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.chat_sessions WHERE agent_typing_at IS NULL"_s) == 1);

    ChatDesk watch(*alice.store);
    watch.noteAgentTyping(local);
    CHECK(alice.outboxSize() == 1);
    watch.noteAgentTyping(local); // the next key, at once: no second note
    CHECK(alice.outboxSize() == 1);
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.chat_sessions WHERE ticket_id = %1"
                        " AND deskline.now_ms() - agent_typing_at BETWEEN 0 AND 60000"_s.arg(onServer)) == 1);
    CHECK(SyncIssueStore(*alice.store).syncIssues().isEmpty());
    // The server's note comes back to the desk (in this pull or the next).
    REQUIRE(alice.sync());
    const auto session = ChatStore(*alice.store).ofTicket(local);
    REQUIRE(session);
    CHECK(session->agentTypingAtMs == server.scalar(u"SELECT agent_typing_at FROM deskline.chat_sessions"_s));
}

TEST_CASE("A supervisor's public canned answer is an article of the team's FAQ until it is taken back; an agent's "
          "is refused",
          "[sync][chat][faq][roles]")
{
    TestServer server;
    TestDesk sam(server.as(u"sam"_s)); // a supervisor
    REQUIRE(sam.sync());
    CannedAnswerService samAnswers(*sam.store);
    CannedAnswer answer = refundAnswer();
    const auto id = samAnswers.save(answer);
    INFO(samAnswers.errorString().toStdString());
    REQUIRE(id);
    answer.id = *id;
    const QString clientId = clientIdOf(*sam.store, *id);
    REQUIRE_FALSE(clientId.isEmpty());
    REQUIRE(sam.sync());
    CHECK(sam.outboxSize() == 0);
    const QString article = u"SELECT count(*) FROM deskline.faq_articles WHERE client_id = '%1'"_s.arg(clientId);
    CHECK(server.scalar(article + u" AND title = '退款多久到账' AND body = '退款会在三到五个工作日内原路退回。'"
                                  " AND title_en = 'When is my refund paid?' AND title_zh = '' AND agent_id = %1"_s.arg(
                                      server.agentId(u"sam"_s))) == 1);

    // Saved again with new words: the article has them.
    answer.bodyZh = u"一般三到五个工作日。"_s;
    REQUIRE(samAnswers.save(answer));
    REQUIRE(sam.sync());
    CHECK(server.scalar(article + u" AND body_zh = '一般三到五个工作日。'"_s) == 1);

    // No longer public: it leaves the FAQ; public again and then removed: gone again.
    answer.isPublic = false;
    REQUIRE(samAnswers.save(answer));
    REQUIRE(sam.sync());
    CHECK(server.scalar(article) == 0);
    answer.isPublic = true;
    REQUIRE(samAnswers.save(answer));
    REQUIRE(sam.sync());
    CHECK(server.scalar(article) == 1);
    REQUIRE(samAnswers.remove(*id));
    REQUIRE(sam.sync());
    CHECK(server.scalar(article) == 0);
    CHECK(SyncIssueStore(*sam.store).syncIssues().isEmpty());

    // An agent's desk refuses to publish; one that tried anyway (its store written directly) is
    // refused by the server and told so.
    TestDesk alice(server.as(u"alice"_s));
    REQUIRE(alice.sync());
    CHECK_FALSE(CannedAnswerService(*alice.store).save(refundAnswer()));
    QSignalSpy refused(alice.engine.get(), &SyncEngine::mutationRejected);
    REQUIRE(CannedAnswerStore(*alice.store).save(refundAnswer()));
    CHECK(alice.outboxSize() == 1);
    REQUIRE(alice.sync());
    REQUIRE(refused.size() == 1);
    CHECK(refused.first().at(1).toString() == u"faq.publish"_s);
    CHECK(refused.first().at(2).toString() == u"not_allowed"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.faq_articles"_s) == 0);
    const QList<SyncIssue> issues = SyncIssueStore(*alice.store).syncIssues();
    REQUIRE(issues.size() == 1);
    CHECK(issues.first().mutation == u"faq.publish"_s);
    CHECK(SyncIssue::actionText(issues.first().mutation) != issues.first().mutation); // in words
    CHECK(SyncIssue::actionText(u"faq.withdraw"_s) != u"faq.withdraw"_s);
    CHECK(SyncIssue::actionText(u"chat.typing"_s) != u"chat.typing"_s);
}
