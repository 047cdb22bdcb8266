#pragma once

#include "serverconnection.h"

#include <QSqlDatabase>
#include <QString>

// A fresh shared database on a real PostgreSQL for one test: the server is the one CTest's
// "postgres" fixture started (`deskctl server start`, which writes its URL to a file in the build folder),
// or $DESKLINE_TEST_PG_URL. Each test gets its own database with the schema applied and
// four agents; logins carry the database name, since roles are shared by the whole server.
class TestServer
{
public:
    TestServer();
    ~TestServer();

    // alice and bob: agents of team "L1"; carol: agent of "L2"; sam: supervisor of "L1".
    ServerAddress as(const QString &agent) const;
    QString login(const QString &agent) const { return m_database + u'_' + agent; }
    qint64 agentId(const QString &agent) const;
    // A superuser connection to the test's database, registered under this name.
    QSqlDatabase admin() const;
    // The first column of the first row of sql, run as the superuser (REQUIREd to run).
    qint64 scalar(const QString &sql) const;
    QString database() const { return m_database; }
    ServerAddress adminAddress() const { return m_admin; }

    static ServerAddress serverAdmin(); // the whole server's administrator
    // Stops and starts the server CTest started (false, with nothing done, for a server
    // given by $DESKLINE_TEST_PG_URL, which a test must not restart).
    static bool canRestart();
    static void stopServer();
    static void startServer();
    // The admin connection again, after a restart.
    void reconnect();

private:
    ServerAddress m_admin;
    QString m_database;
    QString m_connection;
};
