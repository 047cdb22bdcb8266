#include "archivestore.h"
#include "catchcompat.h"
#include "customerstore.h"
#include "serverschema.h"
#include "testdesk.h"
#include "testserver.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run deskctl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(DESKCTL_PATH), arguments);
    REQUIRE(process.waitForFinished(60000));
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

TEST_CASE("deskctl server init creates the schema once and add-agent makes a working login", "[server][cli]")
{
    TestServer server; // only for a superuser connection; init runs on a database of its own
    const QString fresh = server.database() + u"_cli"_s;
    QSqlQuery create(server.admin());
    REQUIRE(create.exec(u"CREATE DATABASE "_s + fresh));
    ServerAddress admin = server.adminAddress();
    admin.database = fresh;
    const QString url = admin.toUrl(true);

    Run first = deskctl({u"server"_s, u"init"_s, u"--url"_s, url});
    INFO(first.err.toStdString());
    CHECK(first.exitCode == 0);
    CHECK(first.out.contains(u"0 → %1"_s.arg(ServerSchema::latestVersion())));
    Run again = deskctl({u"server"_s, u"init"_s, u"--url"_s, url});
    CHECK(again.exitCode == 0);
    CHECK(again.out.contains(u"up to date"_s));

    const QString login = fresh + u"_zoe"_s;
    Run bad = deskctl({u"server"_s, u"add-agent"_s, u"--url"_s, url, login, u"--name"_s, u"Zoe"_s, u"--team"_s, u"L1"_s,
                       u"--role"_s, u"boss"_s});
    CHECK(bad.exitCode != 0);
    CHECK(bad.err.contains(u"--role"_s));

    Run made = deskctl({u"server"_s, u"add-agent"_s, u"--url"_s, url, login, u"--name"_s, u"Zoe"_s, u"--team"_s,
                        u"L1"_s, u"--role"_s, u"supervisor"_s});
    INFO(made.err.toStdString());
    REQUIRE(made.exitCode == 0);
    const qsizetype at = made.out.indexOf(u"Password: "_s);
    REQUIRE(at >= 0);
    ServerAddress zoe = admin;
    zoe.login = login;
    zoe.password = made.out.mid(at + 10).trimmed();
    ServerConnection connection;
    CHECK(connection.openAsDesk(zoe, u"zoe"_s));
    QSqlDatabase::database(u"zoe"_s, false).close();
    QSqlDatabase::removeDatabase(u"zoe"_s);

    Run wrongUrl = deskctl({u"server"_s, u"init"_s, u"--url"_s, u"http://example.com"_s});
    CHECK(wrongUrl.exitCode != 0);
    CHECK(wrongUrl.err.contains(u"postgresql://"_s));
}

TEST_CASE("deskctl server start writes the administrator URL for its owner's eyes only", "[server][cli]")
{
    // The URL file CTest's fixture had `deskctl server start --url-file` write.
    const QFileInfo urlFile(QStringLiteral(DESKLINE_TEST_PG_URL_FILE));
    REQUIRE(urlFile.exists());
    const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;
    CHECK((urlFile.permissions() & others) == QFile::Permissions());
    CHECK(urlFile.permissions().testFlag(QFile::ReadOwner));
}

TEST_CASE("deskctl server purge exports old archived tickets, then deletes them; it needs an export and a supervisor",
          "[server][cli][purge]")
{
    TestServer server;
    TestDesk sam(server.as(u"sam"_s)); // a supervisor
    Customer customer;
    customer.name = u"Ana Souza"_s;
    NewTicketInput input;
    input.customerId = *CustomerStore(*sam.store).createCustomer(customer);
    input.subject = u"Invoice copy"_s;
    input.firstMessage = u"请再发一份发票"_s;
    input.assignToMe = true;
    const auto ticket = sam.store->createTicket(input);
    REQUIRE(ticket);
    REQUIRE(sam.store->setStatus(*ticket, TicketStatus::Solved));
    REQUIRE(sam.store->setStatus(*ticket, TicketStatus::Closed));
    REQUIRE(ArchiveStore(*sam.store).archive({*ticket}));
    REQUIRE(sam.sync());
    QSqlQuery age(server.admin());
    REQUIRE(age.exec(u"UPDATE deskline.tickets SET archived_at = archived_at - 400 * 86400000::bigint"_s));

    const QString samUrl = server.as(u"sam"_s).toUrl(true);
    const QString aliceUrl = server.as(u"alice"_s).toUrl(true);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"purged.csv"_s);

    Run noExport = deskctl({u"server"_s, u"purge"_s, u"--url"_s, samUrl, u"--older-than"_s, u"365"_s});
    CHECK(noExport.exitCode != 0);
    CHECK(noExport.err.contains(u"--export"_s));
    Run agent =
        deskctl({u"server"_s, u"purge"_s, u"--url"_s, aliceUrl, u"--older-than"_s, u"365"_s, u"--export"_s, file});
    CHECK(agent.exitCode != 0);
    CHECK(agent.err.contains(u"supervisor"_s));
    Run dry = deskctl({u"server"_s, u"purge"_s, u"--url"_s, samUrl, u"--older-than"_s, u"365"_s, u"--dry-run"_s});
    INFO(dry.err.toStdString());
    CHECK(dry.exitCode == 0);
    CHECK(dry.out.contains(u"1 archived tickets would be purged"_s));

    Run purge =
        deskctl({u"server"_s, u"purge"_s, u"--url"_s, samUrl, u"--older-than"_s, u"365"_s, u"--export"_s, file});
    INFO(purge.err.toStdString());
    REQUIRE(purge.exitCode == 0);
    CHECK(purge.out.contains(u"purged 1"_s));
    QFile csv(file);
    REQUIRE(csv.open(QIODevice::ReadOnly));
    CHECK(QString::fromUtf8(csv.readAll()).contains(u"Invoice copy"_s));
    QSqlQuery left(server.admin());
    REQUIRE(left.exec(u"SELECT count(*) FROM deskline.tickets"_s));
    REQUIRE(left.next());
    CHECK(left.value(0).toInt() == 0);
}
