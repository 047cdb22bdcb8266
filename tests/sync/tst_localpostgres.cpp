#include "catchcompat.h"
#include "localpostgres.h"
#include "serverconnection.h"

#include <QDir>
#include <QSqlDatabase>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace {

int freePort()
{
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
    return probe.serverPort();
}

bool canLogIn(const QString &url)
{
    QString error;
    const auto address = ServerAddress::fromUrl(url, &error);
    REQUIRE(address);
    bool ok = false;
    {
        ServerConnection connection;
        ok = connection.open(*address, u"local-postgres-check"_s);
        QSqlDatabase::database(u"local-postgres-check"_s, false).close();
    }
    QSqlDatabase::removeDatabase(u"local-postgres-check"_s);
    return ok;
}

} // namespace

TEST_CASE("A private server starts, stops, and starts afresh when its folder was deleted", "[server][local]")
{
    QTemporaryDir parent;
    REQUIRE(parent.isValid());
    const QString folder = parent.filePath(u"office"_s);
    const int port = freePort();
    {
        LocalPostgres server(folder);
        server.setDurable(false);
        INFO(server.errorString().toStdString());
        REQUIRE(server.start(port));
        CHECK(server.isRunning());
        CHECK(canLogIn(server.adminUrl()));
        CHECK(server.stop());
    }
    // The folder goes (with the password in it); a new start must not trip over what is left.
    REQUIRE(QDir(folder).removeRecursively());
    LocalPostgres again(folder);
    again.setDurable(false);
    const bool started = again.start(port);
    INFO(again.errorString().toStdString());
    REQUIRE(started);
    CHECK(canLogIn(again.adminUrl()));
    CHECK(again.stop());
    CHECK_FALSE(again.isRunning());
    CHECK(again.remove());
    CHECK_FALSE(QDir(folder).exists());
}
