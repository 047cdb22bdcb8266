#include "catchcompat.h"
#include "serverschema.h"
#include "testserver.h"

#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>

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
