#include "testserver.h"

#include "catchcompat.h"
#include "localpostgres.h"
#include "serveradmin.h"
#include "serverschema.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

const QString password = u"desk-test-password"_s;

} // namespace

ServerAddress TestServer::serverAdmin()
{
    QString url = qEnvironmentVariable("DESKLINE_TEST_PG_URL");
    if (url.isEmpty()) {
#ifdef DESKLINE_TEST_PG_URL_FILE
        QFile file(QStringLiteral(DESKLINE_TEST_PG_URL_FILE));
#else
        QFile file(qEnvironmentVariable("DESKLINE_TEST_PG_URL_FILE"));
#endif
        if (file.open(QIODevice::ReadOnly))
            url = QString::fromUtf8(file.readAll()).trimmed();
    }
    INFO("No test server: run through CTest (its postgres fixture) or set DESKLINE_TEST_PG_URL");
    REQUIRE_FALSE(url.isEmpty());
    QString error;
    const auto address = ServerAddress::fromUrl(url, &error);
    INFO(error.toStdString());
    REQUIRE(address);
    return *address;
}

TestServer::TestServer()
    : m_admin(serverAdmin())
    , m_database(u"t"_s + QUuid::createUuid().toString(QUuid::Id128).left(10))
    , m_connection(u"test-server-admin-"_s + m_database)
{
    {
        const QString setup = m_connection + u"-setup"_s;
        ServerConnection connection;
        INFO(connection.errorString().toStdString());
        REQUIRE(connection.open(m_admin, setup));
        QSqlQuery query(QSqlDatabase::database(setup, false));
        INFO(query.lastError().text().toStdString());
        REQUIRE(query.exec(u"CREATE DATABASE %1"_s.arg(m_database)));
        QSqlDatabase::database(setup, false).close();
    }
    QSqlDatabase::removeDatabase(m_connection + u"-setup"_s);

    m_admin.database = m_database;
    ServerConnection connection;
    INFO(connection.errorString().toStdString());
    REQUIRE(connection.open(m_admin, m_connection));
    ServerSchema schema(admin());
    const auto migrated = schema.migrate();
    INFO(schema.errorString().toStdString());
    REQUIRE(migrated);

    ServerAdmin people(admin());
    const struct {
        const char *agent, *name, *team;
        AgentRole role;
    } desks[] = {{"alice", "Alice 李", "L1", AgentRole::Agent},
                 {"bob", "Bob 王", "L1", AgentRole::Agent},
                 {"carol", "Carol 陈", "L2", AgentRole::Agent},
                 {"sam", "Sam 周", "L1", AgentRole::Supervisor}};
    for (const auto &desk : desks) {
        ServerAdmin::NewAgent agent;
        agent.login = login(QString::fromLatin1(desk.agent));
        agent.name = QString::fromUtf8(desk.name);
        agent.team = QString::fromLatin1(desk.team);
        agent.teamTier = agent.team == u"L2" ? 2 : 1;
        agent.role = desk.role;
        agent.password = password;
        const auto added = people.addAgent(agent);
        INFO(people.errorString().toStdString());
        REQUIRE(added);
    }
}

TestServer::~TestServer()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlDatabase TestServer::admin() const
{
    return QSqlDatabase::database(m_connection, false);
}

ServerAddress TestServer::as(const QString &agent) const
{
    ServerAddress address = m_admin;
    address.login = login(agent);
    address.password = password;
    return address;
}

qint64 TestServer::agentId(const QString &agent) const
{
    QSqlQuery query(admin());
    query.prepare(u"SELECT id FROM deskline.agents WHERE login = ?"_s);
    query.addBindValue(login(agent));
    REQUIRE(query.exec());
    REQUIRE(query.next());
    return query.value(0).toLongLong();
}

bool TestServer::canRestart()
{
    return qEnvironmentVariableIsEmpty("DESKLINE_TEST_PG_URL");
}

void TestServer::stopServer()
{
    LocalPostgres server(QStringLiteral(DESKLINE_TEST_PG_DIR));
    INFO(server.errorString().toStdString());
    REQUIRE(server.stop());
}

void TestServer::startServer()
{
    LocalPostgres server(QStringLiteral(DESKLINE_TEST_PG_DIR));
    server.setDurable(false);
    const bool started = server.start(DESKLINE_TEST_PG_PORT);
    INFO(server.errorString().toStdString());
    REQUIRE(started);
}

void TestServer::reconnect()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
    ServerConnection connection;
    const bool opened = connection.open(m_admin, m_connection);
    INFO(connection.errorString().toStdString());
    REQUIRE(opened);
}

qint64 TestServer::scalar(const QString &sql) const
{
    QSqlQuery query(admin());
    INFO(sql.toStdString());
    const bool ran = query.exec(sql);
    INFO(query.lastError().text().toStdString());
    REQUIRE(ran);
    REQUIRE(query.next());
    return query.value(0).toLongLong();
}
