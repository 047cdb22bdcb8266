#include "catchcompat.h"
#include "customerstore.h"
#include "jsonlinesexporter.h"
#include "jsonlinesimporter.h"
#include "teststore.h"

#include <QFile>

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(content);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

const QByteArray goodLine =
    R"({"external_id":"T-000001","subject":"无法登录账号","channel":"email","category":"account","priority":"normal","status":"open","created_at":"2026-01-05T09:12:00Z","customer":{"external_id":"C-000123","name":"张伟","email":"zhang.wei@example.com","phone":"+86 138 0000 0001","username":"zhangwei88","account_status":"locked","two_factor":true},"messages":[{"author":"customer","at":"2026-01-05T09:12:00Z","body":"密码输入正确也登录不了","internal":false},{"author":"agent:li.na","at":"2026-01-05T09:20:00Z","body":"已为您解锁账号","internal":false},{"author":"agent:li.na","at":"2026-01-05T09:21:00Z","body":"unlocked in admin","internal":true}],"tags":["2fa"]})";

} // namespace

TEST_CASE("Importing the design's example line creates the ticket, customer and thread", "[interchange]")
{
    TestStore t;
    const QString path = t.dir.filePath(QStringLiteral("in.jsonl"));
    writeFile(path, goodLine + "\n");
    JsonLinesImporter importer(*t.store);
    REQUIRE(importer.importFile(path));
    CHECK(importer.report().imported == 1);
    const auto id = t.store->ticketIdByExternalId(QStringLiteral("T-000001"));
    REQUIRE(id);
    const auto ticket = t.store->ticket(*id);
    CHECK(ticket->category == Category::Account);
    CHECK(ticket->status == TicketStatus::Open);
    CHECK(ticket->tags == QStringList{QStringLiteral("2fa")});
    CHECK(ticket->firstResponseAt == QDateTime(QDate(2026, 1, 5), QTime(9, 20), Qt::UTC));
    const auto customer = CustomerStore(*t.store).customer(ticket->customerId);
    CHECK(customer->accountStatus == AccountStatus::Locked);
    CHECK(customer->twoFactor);
    const auto messages = t.store->messages(*id);
    REQUIRE(messages.size() == 3);
    CHECK(messages[2].kind == MessageKind::Note);
    CHECK(messages[1].authorName == QStringLiteral("李娜"));
}

TEST_CASE("Importing the same file twice does not duplicate anything", "[interchange]")
{
    TestStore t;
    const QString path = t.dir.filePath(QStringLiteral("in.jsonl"));
    writeFile(path, goodLine + "\n");
    JsonLinesImporter first(*t.store);
    REQUIRE(first.importFile(path));
    JsonLinesImporter second(*t.store);
    REQUIRE(second.importFile(path));
    CHECK(second.report().imported == 0);
    CHECK(second.report().skipped == 1);
    const StoreStats stats = t.store->stats();
    CHECK(stats.tickets == 1);
    CHECK(stats.messages == 3);
    CHECK(stats.customers == 1);
}

TEST_CASE("A file with bad lines reports each one and imports nothing", "[interchange][bad-input]")
{
    TestStore t;
    const QString path = t.dir.filePath(QStringLiteral("bad.jsonl"));
    QByteArray second = goodLine;
    second.replace("T-000001", "T-000002");
    QByteArray wrongChannel = goodLine;
    wrongChannel.replace("T-000001", "T-000003").replace(R"("channel":"email")", R"("channel":"pigeon")");
    QByteArray noSubject = goodLine;
    noSubject.replace("T-000001", "T-000004").replace(R"("subject":"无法登录账号")", R"("subject":"")");
    QByteArray badTime = goodLine;
    badTime.replace("T-000001", "T-000005").replace("2026-01-05T09:12:00Z\",\"customer", "yesterday\",\"customer");
    writeFile(path, goodLine + "\n" + second + "\n{not json\n" + wrongChannel + "\n\n" + noSubject + "\n" + badTime +
                        "\n" + goodLine + "\n");
    JsonLinesImporter importer(*t.store);
    CHECK_FALSE(importer.importFile(path));
    const QStringList errors = importer.report().errors;
    REQUIRE(errors.size() == 5);
    CHECK(errors[0].startsWith(path + QStringLiteral(":3: not valid JSON")));
    CHECK(errors[1].startsWith(path + QStringLiteral(":4: \"channel\" must be one of email | chat")));
    CHECK(errors[1].contains(QStringLiteral("pigeon")));
    CHECK(errors[2].startsWith(path + QStringLiteral(":6: \"subject\"")));
    CHECK(errors[3].startsWith(path + QStringLiteral(":7: \"created_at\"")));
    CHECK(errors[4].startsWith(path + QStringLiteral(":8: external_id \"T-000001\" appears twice")));
    CHECK(t.store->stats().tickets == 0);
    CHECK(t.store->stats().customers == 0);
}

TEST_CASE("Export and import round-trip every ticket, message and tag", "[interchange]")
{
    TestStore source(120, 3);
    const QString file = source.dir.filePath(QStringLiteral("out.jsonl"));
    JsonLinesExporter exporter(*source.store);
    REQUIRE(exporter.exportFile(file));
    CHECK(exporter.exportedCount() == 120);

    TestStore target;
    JsonLinesImporter importer(*target.store);
    REQUIRE(importer.importFile(file));
    CHECK(importer.report().imported == 120);
    CHECK(target.store->stats().messages == source.store->stats().messages);

    // Exporting the copy gives the same file: nothing was lost or changed on the way.
    const QString again = target.dir.filePath(QStringLiteral("again.jsonl"));
    JsonLinesExporter second(*target.store);
    REQUIRE(second.exportFile(again));
    CHECK(readFile(again) == readFile(file));
}
