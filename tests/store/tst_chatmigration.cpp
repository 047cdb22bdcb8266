#include "cannedanswerstore.h"
#include "catchcompat.h"
#include "chatstore.h"
#include "schemamigrations.h"
#include "teststore.h"

#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

const QString token = QString(64, u'a');

} // namespace

TEST_CASE("Step 24 keeps a store's chats and canned answers, lets a chat have no token and names every answer",
          "[store][migrations][chat]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v23.sqlite"_s);
    TestStore::rawStoreAtVersion(path, 23);
    TestStore::rawSql(
        path,
        {u"INSERT INTO customers(id, name, created_at) VALUES (1, '王芳', 1000)"_s,
         u"INSERT INTO tickets(id, subject, channel, category, priority, status, customer_id, created_at, updated_at)"
         " VALUES (1, '在线咨询', 1, 5, 1, 1, 1, 1000, 1000), (2, '在线咨询 2', 1, 5, 1, 1, 1, 1000, 1000),"
         " (3, '在线咨询 3', 1, 5, 1, 1, 1, 1000, 1000)"_s,
         u"INSERT INTO chat_sessions(id, ticket_id, token_sha256, language, customer_typing_at, transcript_to,"
         " ended_at, created_at, changed_at) VALUES (7, 1, '%1', 'zh_CN', 1500, 'wang@example.cn', 1800, 1000, 1800)"_s
             .arg(token),
         u"INSERT INTO canned_answers(id, title, body, language, position, public, title_zh, body_zh)"
         " VALUES (1, '退款', '退款三到五天到账。', 'zh_CN', 1, 1, '退款多久到账', '三到五个工作日。'),"
         " (2, 'Greeting', 'Hello!', 'en', 2, 0, '', '')"_s});

    ManualClock clock(QDateTime::currentDateTimeUtc());
    LocalStore store(clock);
    REQUIRE(store.open(path));
    CHECK(store.schemaVersion() == SchemaMigrations::latestVersion());

    // The chat as it was, by its token and by its ticket, with the same id.
    ChatStore chats(store);
    const auto kept = chats.byToken(token);
    REQUIRE(kept);
    CHECK(kept->id == 7);
    CHECK(kept->ticketId == 1);
    CHECK(kept->language == u"zh_CN"_s);
    CHECK(kept->customerTypingAtMs == 1500);
    CHECK(kept->transcriptTo == u"wang@example.cn"_s);
    CHECK(kept->endedAtMs == 1800);
    CHECK(kept->changedAtMs == 1800);
    CHECK(chats.ofTicket(1));
    CHECK(chats.changedSince(1800).size() == 1); // found by its change as before

    // A chat copied from the team's server has no token; two such never collide, a token still does.
    QSqlQuery write(store.database());
    CHECK(write.exec(u"INSERT INTO chat_sessions(ticket_id, created_at, changed_at) VALUES (2, 1, 1)"_s));
    CHECK(write.exec(u"INSERT INTO chat_sessions(ticket_id, created_at, changed_at) VALUES (3, 1, 1)"_s));
    CHECK(chats.ofTicket(2));
    CHECK_FALSE(write.exec(u"UPDATE chat_sessions SET token_sha256 = '%1' WHERE ticket_id = 2"_s.arg(token)));
    // The index and the cascade from the ticket are still there.
    QSqlQuery look(store.database());
    REQUIRE(look.exec(u"SELECT count(*) FROM sqlite_master WHERE name IN ('chat_sessions_by_changed',"
                      " 'canned_answers_by_client_id', 'chat_sessions_before_24')"_s));
    REQUIRE(look.next());
    CHECK(look.value(0).toInt() == 2);
    REQUIRE(write.exec(u"DELETE FROM tickets WHERE id = 3"_s));
    CHECK_FALSE(chats.ofTicket(3));

    // Every answer kept its words and got an id of its own, a uuid.
    CannedAnswerStore answers(store);
    const QList<CannedAnswer> all = answers.answers();
    REQUIRE(all.size() == 2);
    CHECK(all[0].title == u"退款"_s);
    CHECK(all[0].isPublic);
    CHECK(all[0].titleZh == u"退款多久到账"_s);
    CHECK(all[0].bodyZh == u"三到五个工作日。"_s);
    CHECK(all[1].title == u"Greeting"_s);
    CHECK_FALSE(all[1].isPublic);
    QSet<QString> ids;
    for (const CannedAnswer &answer : all) {
        INFO(answer.clientId.toStdString());
        const QUuid uuid = QUuid::fromString(answer.clientId);
        CHECK(!uuid.isNull());
        CHECK(uuid.version() == QUuid::Random);
        ids.insert(answer.clientId);
    }
    CHECK(ids.size() == 2);

    // A new answer gets one when it is made, and keeps it when it is saved again.
    CannedAnswer added;
    added.title = u"结束语"_s;
    added.body = u"祝您生活愉快！"_s;
    const auto id = answers.save(added);
    REQUIRE(id);
    const QString given = answers.answers().last().clientId;
    CHECK(!QUuid::fromString(given).isNull());
    CHECK(!ids.contains(given));
    added.id = *id;
    added.body = u"祝您生活愉快！再见。"_s;
    REQUIRE(answers.save(added));
    CHECK(answers.answers().last().clientId == given);
    // Standalone, nothing goes to any outbox.
    REQUIRE(look.exec(u"SELECT count(*) FROM outbox"_s));
    REQUIRE(look.next());
    CHECK(look.value(0).toInt() == 0);
}
