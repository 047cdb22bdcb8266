#include "catchcompat.h"
#include "jsonlinesexporter.h"
#include "queueboardquery.h"
#include "reportquery.h"
#include "teststore.h"

#include <QFile>
#include <QSqlQuery>

namespace {
QByteArray exported(TestStore &t)
{
    const QString path = t.dir.filePath(QStringLiteral("dump.jsonl"));
    JsonLinesExporter exporter(*t.store);
    REQUIRE(exporter.exportFile(path));
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

qint64 countOf(LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    INFO(sql.toStdString());
    REQUIRE(query.exec(sql));
    REQUIRE(query.next());
    return query.value(0).toLongLong();
}

int distinctCount(LocalStore &store, const QString &column)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(QStringLiteral("SELECT count(DISTINCT %1) FROM tickets").arg(column)));
    REQUIRE(query.next());
    return query.value(0).toInt();
}
} // namespace

TEST_CASE("Demo data is the same for the same seed and differs for another", "[seed]")
{
    TestStore a(150, 3, 42);
    TestStore b(150, 3, 42);
    TestStore c(150, 3, 43);
    const QByteArray dumpA = exported(a);
    CHECK(dumpA == exported(b));
    CHECK(dumpA != exported(c));
}

TEST_CASE("Demo data covers every channel and category, in Chinese and English", "[seed]")
{
    TestStore t(600, 4);
    const StoreStats stats = t.store->stats();
    CHECK(stats.tickets == 600);
    CHECK(stats.messages == 2400);
    CHECK(stats.customers == 300);
    CHECK(distinctCount(*t.store, QStringLiteral("channel")) == 5);
    CHECK(distinctCount(*t.store, QStringLiteral("category")) == 6);
    CHECK(distinctCount(*t.store, QStringLiteral("status")) >= 4);
    QSqlQuery query(t.store->database());
    REQUIRE(query.exec(QStringLiteral("SELECT sum(subject GLOB '*[a-zA-Z]*'), count(*) FROM tickets")));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() > 50);                          // English subjects
    CHECK(query.value(0).toInt() < query.value(1).toInt() - 50); // and Chinese ones
    REQUIRE(query.exec(QStringLiteral("SELECT count(*) FROM orders")));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() > 100);
    REQUIRE(query.exec(QStringLiteral("SELECT count(*) FROM customers c WHERE NOT EXISTS"
                                      " (SELECT 1 FROM devices d WHERE d.customer_id = c.id)")));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 0); // everyone has a device
}

TEST_CASE("Demo data dates nothing after the store's now", "[seed]")
{
    // Many tickets with long threads: the newest were opened minutes before now, and their
    // replies, solutions and closings used to spill into the next days.
    TestStore t(3000, 8);
    const qint64 now = t.clock.now().toMSecsSinceEpoch();
    QSqlQuery query(t.store->database());
    const QString checks[] = {
        QStringLiteral("SELECT count(*) FROM tickets WHERE created_at > %1 OR updated_at > %1"),
        QStringLiteral("SELECT count(*) FROM tickets WHERE solved_at > %1 OR closed_at > %1"
                       " OR first_response_at > %1"),
        QStringLiteral("SELECT count(*) FROM messages WHERE created_at > %1"),
        QStringLiteral("SELECT count(*) FROM surveys WHERE created_at > %1 OR answered_at > %1"),
        QStringLiteral("SELECT count(*) FROM escalations WHERE created_at > %1 OR handed_back_at > %1"),
        QStringLiteral("SELECT count(*) FROM audit_events WHERE at > %1"),
        QStringLiteral("SELECT count(*) FROM orders WHERE placed_at > %1"),
        QStringLiteral("SELECT count(*) FROM customers WHERE created_at > %1"),
    };
    for (const QString &check : checks) {
        INFO(check.toStdString());
        REQUIRE(query.exec(check.arg(now)));
        REQUIRE(query.next());
        CHECK(query.value(0).toInt() == 0);
    }
    // Still in order: messages after their ticket opened, a ticket solved after its last
    // message and closed after it was solved.
    REQUIRE(query.exec(QStringLiteral("SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id"
                                      " WHERE m.created_at < t.created_at OR m.created_at > t.updated_at")));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 0);
    REQUIRE(query.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE solved_at < updated_at"
                                      " OR closed_at < solved_at")));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 0);
    // Tickets opened in the last hours are there, their whole threads before now.
    REQUIRE(
        query.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE created_at > %1").arg(now - 4 * 3600 * 1000)));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() > 0);
}

TEST_CASE("A seeded store's search index, board and report totals agree with its tickets", "[seed]")
{
    // The seeder writes in bulk, the search index after each batch's other rows: what the
    // store's own writes and triggers would have made must come out all the same.
    TestStore t(700, 3);
    LocalStore &store = *t.store;
    for (const QString &word : {QStringLiteral("订单"), QStringLiteral("登录"), QStringLiteral("退款")}) {
        INFO(word.toStdString());
        const qint64 scanned = countOf(store, QStringLiteral("SELECT count(DISTINCT t.id) FROM tickets t"
                                                             " LEFT JOIN messages m ON m.ticket_id = t.id"
                                                             " WHERE t.subject LIKE '%%1%' OR m.body LIKE '%%1%'")
                                                  .arg(word));
        CHECK(scanned > 0);
        const qint64 indexed = countOf(store, QStringLiteral("SELECT count(DISTINCT d.ticket_id) FROM search_index i"
                                                             " JOIN search_docs d ON d.id = i.rowid"
                                                             " WHERE search_index MATCH '\"%1\"'")
                                                  .arg(word));
        CHECK(indexed == scanned);
    }
    // Every text has its row in the index, and every ticket and message its text.
    CHECK(countOf(store, QStringLiteral("SELECT count(*) FROM search_docs")) ==
          countOf(store, QStringLiteral("SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM messages)")));

    qint64 onBoard = 0;
    for (const TeamLoad &load : QueueBoardQuery(store).teamLoads(t.clock.now().toMSecsSinceEpoch()))
        onBoard += load.newTickets + load.open + load.pending + load.onHold;
    CHECK(onBoard == countOf(store, QStringLiteral("SELECT count(*) FROM tickets WHERE status < 4"
                                                   " AND archived_at IS NULL AND merged_into IS NULL")));

    ReportQuery reports(store);
    const QDate today = t.clock.now().toTimeZone(store.sla().calendar().timeZone()).date();
    const auto report = reports.run({today.addDays(-400), today, std::nullopt});
    REQUIRE(report);
    CHECK(report->total.created == countOf(store, QStringLiteral("SELECT count(*) FROM tickets")));
    CHECK(report->total.escalated ==
          countOf(store, QStringLiteral("SELECT count(DISTINCT ticket_id) FROM escalations")));
    qint64 ratings = 0;
    for (qint64 count : report->ratingCounts)
        ratings += count;
    CHECK(ratings == countOf(store, QStringLiteral("SELECT count(*) FROM surveys WHERE score IS NOT NULL")));
    CHECK(countOf(store, QStringLiteral("SELECT count(*) FROM escalations")) > 0);
}
