#include "catchcompat.h"
#include "jsonlinesexporter.h"
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
