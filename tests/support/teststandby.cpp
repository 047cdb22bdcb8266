#include "teststandby.h"

#include "catchcompat.h"
#include "localpostgres.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QThread>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

// As LocalPostgres does: PostgreSQL refuses root, so the standby runs as the postgres account.
bool asRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

int freePort()
{
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
    return probe.serverPort();
}

} // namespace

TestStandby::TestStandby(const ServerAddress &primaryAdmin)
    : m_primary(primaryAdmin)
    , m_dir(QDir::tempPath() + u"/deskline-standby-XXXXXX"_s)
    , m_connection(u"test-standby-"_s + QUuid::createUuid().toString(QUuid::Id128))
{
    REQUIRE(m_dir.isValid());
#ifdef Q_OS_UNIX
    if (asRoot()) {
        const passwd *account = ::getpwnam("postgres");
        REQUIRE(account);
        REQUIRE(::chown(QFile::encodeName(m_dir.path()).constData(), account->pw_uid, account->pw_gid) == 0);
    }
#endif
    m_cluster = m_dir.filePath(u"cluster"_s);
    m_port = freePort();
    QString output;
    // -R writes standby.signal and primary_conninfo (with the password it was given); -X stream
    // brings the WAL of the copy along, so the standby is consistent as soon as it starts.
    const bool copied =
        run(u"pg_basebackup"_s,
            {u"-h"_s, m_primary.host, u"-p"_s, QString::number(m_primary.port), u"-U"_s, m_primary.login, u"-D"_s,
             m_cluster, u"-R"_s, u"-X"_s, u"stream"_s, u"--checkpoint=fast"_s, u"--no-sync"_s},
            &output);
    INFO(output.toStdString());
    REQUIRE(copied);
    // The copy's deskline.conf names the primary's port; the command line wins over it.
    const bool started = run(u"pg_ctl"_s,
                             {u"-D"_s, m_cluster, u"-l"_s, m_dir.filePath(u"server.log"_s), u"-o"_s,
                              u"-p %1"_s.arg(m_port), u"-w"_s, u"-t"_s, u"60"_s, u"start"_s},
                             &output);
    INFO(output.toStdString());
    REQUIRE(started);
    ServerAddress admin = on(m_primary);
    ServerConnection connection;
    const bool opened = connection.open(admin, m_connection);
    INFO(connection.errorString().toStdString());
    REQUIRE(opened);
}

TestStandby::~TestStandby()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
    QString output;
    run(u"pg_ctl"_s, {u"-D"_s, m_cluster, u"-m"_s, u"immediate"_s, u"-w"_s, u"stop"_s}, &output);
}

bool TestStandby::run(const QString &tool, const QStringList &arguments, QString *output) const
{
    QString program = QDir(LocalPostgres::binaryFolder()).filePath(tool);
    QStringList args = arguments;
    if (asRoot()) {
        args.prepend(program);
        args = QStringList{u"-u"_s, u"postgres"_s, u"--"_s} + args;
        program = u"runuser"_s;
    }
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PGPASSWORD"_s, m_primary.password);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    const bool finished = process.waitForStarted(10000) && process.waitForFinished(120000);
    *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (!finished) {
        process.kill();
        process.waitForFinished(1000);
        return false;
    }
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

ServerAddress TestStandby::on(const ServerAddress &primary) const
{
    ServerAddress address = primary;
    address.host = u"127.0.0.1"_s;
    address.port = m_port;
    return address;
}

bool TestStandby::catchUp(int timeoutMs) const
{
    const QString primaryName = m_connection + u"-primary"_s;
    QString target;
    {
        ServerConnection connection;
        REQUIRE(connection.open(m_primary, primaryName));
        QSqlQuery query(QSqlDatabase::database(primaryName, false));
        REQUIRE(query.exec(u"SELECT pg_current_wal_lsn()::text"_s));
        REQUIRE(query.next());
        target = query.value(0).toString();
        QSqlDatabase::database(primaryName, false).close();
    }
    QSqlDatabase::removeDatabase(primaryName);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= ?::pg_lsn"_s);
    // A bounded poll: the standby gives no signal when it has replayed up to a point.
    QElapsedTimer clock;
    clock.start();
    query.bindValue(0, target);
    while (clock.elapsed() < timeoutMs) {
        REQUIRE(query.exec());
        if (query.next() && query.value(0).toBool())
            return true;
        QThread::msleep(5);
    }
    return false;
}

void TestStandby::pauseReplay() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    INFO(query.lastError().text().toStdString());
    REQUIRE(query.exec(u"SELECT pg_wal_replay_pause()"_s));
}

void TestStandby::resumeReplay() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    REQUIRE(query.exec(u"SELECT pg_wal_replay_resume()"_s));
}
