#include "localpostgres.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QUuid>
#include <QVersionNumber>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

// PostgreSQL refuses to run as root; on Unix the server then runs as the postgres account
// that the distribution's package created.
bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

constexpr auto serviceAccount = "postgres";

bool giveToServiceAccount(const QString &path)
{
#ifdef Q_OS_UNIX
    const passwd *account = ::getpwnam(serviceAccount);
    if (!account)
        return false;
    return ::chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid) == 0;
#else
    Q_UNUSED(path);
    return true;
#endif
}

QString randomPassword()
{
    static const QString alphabet = u"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"_s;
    QString password;
    for (int i = 0; i < 24; ++i)
        password += alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())));
    return password;
}

} // namespace

LocalPostgres::LocalPostgres(const QString &folder)
    : m_folder(QDir(folder).absolutePath())
{}

QString LocalPostgres::administratorLogin()
{
    return u"deskline"_s;
}

QString LocalPostgres::binaryFolder()
{
    const QString fromEnvironment = qEnvironmentVariable("DESKLINE_PG_BINDIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // Debian keeps each major version in its own folder, with only client wrappers on PATH.
    QStringList candidates;
    for (const QString &root : {u"/usr/lib/postgresql"_s, u"/opt/homebrew/opt"_s, u"/usr/local/opt"_s}) {
        QDir dir(root);
        QList<std::pair<QVersionNumber, QString>> versions;
        for (const QString &entry : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QString version = entry.startsWith(u"postgresql@"_s) ? entry.mid(11) : entry;
            if (QFile::exists(dir.filePath(entry + u"/bin/pg_ctl"_s)))
                versions.append({QVersionNumber::fromString(version), dir.filePath(entry + u"/bin"_s)});
        }
        std::sort(versions.begin(), versions.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        for (const auto &[version, path] : versions)
            candidates << path;
    }
    if (!candidates.isEmpty())
        return candidates.first();
    const QString onPath = QStandardPaths::findExecutable(u"pg_ctl"_s);
    if (!onPath.isEmpty())
        return QFileInfo(onPath).absolutePath();
    return {};
}

// Where the server's own files live. As root, in the postgres account's home, since the
// folder given may sit where that account cannot reach (under /root, say); the folder
// keeps the administrator's password either way.
QString LocalPostgres::serverFolder() const
{
#ifdef Q_OS_UNIX
    if (runningAsRoot()) {
        const passwd *account = ::getpwnam(serviceAccount);
        const QString home = account && account->pw_dir ? QFile::decodeName(account->pw_dir) : u"/var/lib/postgresql"_s;
        const QByteArray id = QCryptographicHash::hash(m_folder.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
        return home + u"/deskline/"_s + QString::fromLatin1(id);
    }
#endif
    return m_folder;
}

QString LocalPostgres::clusterPath() const
{
    return serverFolder() + u"/cluster"_s;
}

QString LocalPostgres::passwordPath() const
{
    return m_folder + u"/admin.password"_s;
}

bool LocalPostgres::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool LocalPostgres::run(const QString &tool, const QStringList &arguments, int timeoutMs, QString *output) const
{
    const QString folder = binaryFolder();
    QString program = QDir(folder).filePath(tool);
    QStringList args = arguments;
    if (runningAsRoot()) {
        args.prepend(program);
        args = QStringList{u"-u"_s, QString::fromLatin1(serviceAccount), u"--"_s} + args;
        program = u"runuser"_s;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForStarted(10000) || !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        if (output)
            *output = process.errorString();
        return false;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

QString LocalPostgres::logTail() const
{
    QFile log(serverFolder() + u"/server.log"_s);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const qint64 size = log.size();
    log.seek(std::max<qint64>(0, size - 2000));
    QStringList lines = QString::fromUtf8(log.readAll()).split(u'\n', Qt::SkipEmptyParts);
    while (lines.size() > 6)
        lines.removeFirst();
    return lines.join(u'\n');
}

bool LocalPostgres::initialize()
{
    if (!QDir().mkpath(m_folder))
        return fail(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(m_folder)));
    QFile::setPermissions(m_folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    {
        QSaveFile password(passwordPath());
        if (!password.open(QIODevice::WriteOnly) || password.write(randomPassword().toUtf8()) < 0 || !password.commit())
            return fail(tr("Cannot write %1.").arg(QDir::toNativeSeparators(passwordPath())));
        QFile::setPermissions(passwordPath(), QFile::ReadOwner | QFile::WriteOwner);
    }
    // initdb reads the password as the account the server runs as: give it a copy it can read.
    QString passwordForInitdb = passwordPath();
    if (runningAsRoot()) {
        const QString base = serverFolder();
        if (!QDir().mkpath(base) || !giveToServiceAccount(QFileInfo(base).absolutePath()) ||
            !giveToServiceAccount(base))
            return fail(tr("Running as root, the server must run as the \"postgres\" account, which does not "
                           "exist here. Run deskctl as an ordinary user."));
        passwordForInitdb = base + u"/initdb.password"_s;
        QFile::remove(passwordForInitdb);
        if (!QFile::copy(passwordPath(), passwordForInitdb) || !giveToServiceAccount(passwordForInitdb))
            return fail(tr("Cannot write %1.").arg(QDir::toNativeSeparators(passwordForInitdb)));
    }
    const auto removeCopy = qScopeGuard([&] {
        if (passwordForInitdb != passwordPath())
            QFile::remove(passwordForInitdb);
    });
    QString output;
    if (!run(u"initdb"_s,
             {u"-D"_s, clusterPath(), u"-U"_s, administratorLogin(), u"--pwfile"_s, passwordForInitdb, u"-A"_s,
              u"scram-sha-256"_s, u"-E"_s, u"UTF8"_s, u"--no-locale"_s},
             120000, &output))
        return fail(tr("Creating the database cluster failed:\n%1").arg(output));
    QFile conf(clusterPath() + u"/postgresql.conf"_s);
    if (!conf.open(QIODevice::Append))
        return fail(tr("Cannot change %1.").arg(QDir::toNativeSeparators(conf.fileName())));
    conf.write("\n# Deskline: the port and the rest of its settings.\ninclude_if_exists = 'deskline.conf'\n");
    return true;
}

bool LocalPostgres::writeSettings(int port)
{
    // Loopback only, and no Unix socket, whose default folder may not be writable here.
    QString settings = u"listen_addresses = '127.0.0.1'\nport = %1\nunix_socket_directories = ''\n"
                       "max_connections = %2\nlog_min_messages = warning\n"_s.arg(port)
                           .arg(m_maxConnections);
    if (!m_durable)
        settings += u"fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"_s;
    QSaveFile file(clusterPath() + u"/deskline.conf"_s);
    if (!file.open(QIODevice::WriteOnly) || file.write(settings.toUtf8()) < 0 || !file.commit())
        return fail(tr("Cannot write %1.").arg(QDir::toNativeSeparators(file.fileName())));
    if (runningAsRoot())
        giveToServiceAccount(file.fileName());
    return true;
}

bool LocalPostgres::start(int port)
{
    m_error.clear();
    if (binaryFolder().isEmpty())
        return fail(tr("The PostgreSQL server programs (initdb, pg_ctl) were not found. Install PostgreSQL "
                       "(on Debian: apt-get install postgresql) or set DESKLINE_PG_BINDIR."));
    if (port <= 0 || port > 65535)
        return fail(tr("The port must be between 1 and 65535."));
    // A cluster without the folder's password belongs to an earlier folder of the same path
    // (deleted since): nobody can log in to it, so it goes.
    if (QFile::exists(clusterPath() + u"/PG_VERSION"_s) && !QFile::exists(passwordPath())) {
        if (isRunning())
            run(u"pg_ctl"_s, {u"-D"_s, clusterPath(), u"-m"_s, u"immediate"_s, u"-w"_s, u"stop"_s}, 60000);
        if (!QDir(clusterPath()).removeRecursively())
            return fail(tr("Cannot remove the old cluster in %1.").arg(QDir::toNativeSeparators(clusterPath())));
    }
    if (!QFile::exists(clusterPath() + u"/PG_VERSION"_s) && !initialize())
        return false;
    if (isRunning())
        stop();
    if (!writeSettings(port))
        return false;
    m_port = port;
    QString output;
    if (!run(
            u"pg_ctl"_s,
            {u"-D"_s, clusterPath(), u"-l"_s, serverFolder() + u"/server.log"_s, u"-w"_s, u"-t"_s, u"60"_s, u"start"_s},
            90000, &output))
        return fail(
            tr("The server did not start on port %1:\n%2").arg(port).arg(logTail().isEmpty() ? output : logTail()));
    return createDatabase();
}

bool LocalPostgres::stop()
{
    QString output;
    if (!isRunning())
        return true;
    if (!run(u"pg_ctl"_s, {u"-D"_s, clusterPath(), u"-m"_s, u"fast"_s, u"-w"_s, u"stop"_s}, 60000, &output))
        return fail(tr("The server did not stop:\n%1").arg(output));
    return true;
}

bool LocalPostgres::remove()
{
    if (!stop())
        return false;
    const bool server = QDir(serverFolder()).removeRecursively();
    const bool folder = QDir(m_folder).removeRecursively();
    if (!server || !folder)
        return fail(tr("Cannot delete %1.").arg(QDir::toNativeSeparators(server ? m_folder : serverFolder())));
    return true;
}

bool LocalPostgres::isRunning() const
{
    if (!QFile::exists(clusterPath() + u"/PG_VERSION"_s))
        return false;
    return run(u"pg_ctl"_s, {u"-D"_s, clusterPath(), u"status"_s}, 10000);
}

QString LocalPostgres::adminUrl() const
{
    QFile file(passwordPath());
    const QString password = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_port);
    url.setUserName(administratorLogin());
    url.setPassword(password);
    url.setPath(u"/deskline"_s);
    return url.toString();
}

bool LocalPostgres::createDatabase()
{
    QFile file(passwordPath());
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read %1.").arg(QDir::toNativeSeparators(passwordPath())));
    const QString connection = u"deskline-local-postgres-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_port);
        db.setDatabaseName(u"postgres"_s);
        db.setUserName(administratorLogin());
        db.setPassword(QString::fromUtf8(file.readAll()).trimmed());
        if (!db.open()) {
            m_error = tr("Cannot connect to the new server: %1").arg(db.lastError().text());
        } else {
            QSqlQuery query(db);
            ok = query.exec(u"SELECT 1 FROM pg_database WHERE datname = 'deskline'"_s);
            if (ok && !query.next())
                ok = query.exec(u"CREATE DATABASE deskline"_s);
            if (!ok)
                m_error = tr("Cannot create the database: %1").arg(query.lastError().text());
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}
