#include "backupstore.h"

#include "schemamigrations.h"
#include "sqlerrortext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <filesystem>
#include <system_error>

using namespace Qt::StringLiterals;

namespace {

// 'DSKL', as LocalStore marks its files.
constexpr int applicationId = 0x44534B4C;

const QFileDevice::Permissions ownerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
const QFileDevice::Permissions ownerOnlyFolder =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

// daily-20261202-133000-123.sqlite, before-v17-…, manual-…; a second copy in the same
// millisecond gets "-2".
const QRegularExpression &backupName()
{
    static const QRegularExpression pattern(
        u"^(daily|before-v(\\d+)|manual)-(\\d{8}-\\d{6}-\\d{3})(?:-\\d+)?\\.sqlite$"_s);
    return pattern;
}

struct NamedCopy {
    QString path;
    BackupInfo::Kind kind = BackupInfo::Kind::Manual;
    QDateTime takenAt;
    int schemaVersion = 0;
};

std::optional<NamedCopy> parseName(const QFileInfo &file)
{
    const QRegularExpressionMatch match = backupName().match(file.fileName());
    if (!match.hasMatch())
        return std::nullopt;
    NamedCopy copy;
    copy.path = file.absoluteFilePath();
    const QString kind = match.captured(1);
    copy.kind = kind == u"daily"_s    ? BackupInfo::Kind::Daily
                : kind == u"manual"_s ? BackupInfo::Kind::Manual
                                      : BackupInfo::Kind::BeforeMigration;
    copy.schemaVersion = match.captured(2).toInt();
    copy.takenAt = QDateTime::fromString(match.captured(3), u"yyyyMMdd-HHmmss-zzz"_s);
    copy.takenAt.setTimeSpec(Qt::UTC);
    return copy;
}

QList<NamedCopy> namedCopies(const QString &folder)
{
    QList<NamedCopy> copies;
    const QFileInfoList files = QDir(folder).entryInfoList({u"*.sqlite"_s}, QDir::Files, QDir::Name);
    for (const QFileInfo &file : files) {
        if (auto copy = parseName(file))
            copies << *copy;
    }
    // Newest first; the name breaks a tie, so the order is the same every time.
    std::sort(copies.begin(), copies.end(), [](const NamedCopy &a, const NamedCopy &b) {
        return a.takenAt != b.takenAt ? a.takenAt > b.takenAt : a.path > b.path;
    });
    return copies;
}

// A connection of its own to a file, closed and removed when it goes.
class Connection
{
public:
    Connection(const QString &path, bool readOnly)
        : m_name(u"deskline-backup-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(readOnly ? u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s
                                      : u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open())
            m_error = sqlErrorText(db.lastError());
    }
    ~Connection()
    {
        {
            QSqlDatabase db = database();
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    bool isOpen() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

private:
    QString m_name;
    QString m_error;
};

// quick_check's findings on an open connection: empty when it answers "ok".
QString quickCheckOn(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA quick_check"_s))
        return sqlErrorText(query.lastError());
    QStringList findings;
    while (query.next()) {
        // One answer may hold several lines, under a heading naming the schema.
        for (const QString &line : query.value(0).toString().split(u'\n', Qt::SkipEmptyParts)) {
            if (!line.startsWith(u"***"_s))
                findings << line.trimmed();
        }
    }
    if (query.lastError().isValid())
        findings << sqlErrorText(query.lastError());
    if (findings == QStringList{u"ok"_s})
        return {};
    if (findings.isEmpty())
        return BackupStore::tr("the check gave no answer");
    // The first few say enough; a badly damaged file lists hundreds.
    if (findings.size() > 3)
        findings = findings.mid(0, 3) << u"…"_s;
    return findings.join(u"; "_s);
}

} // namespace

BackupStore::BackupStore(QString storePath, BackupPolicy policy)
    : m_storePath(std::move(storePath))
    , m_policy(std::move(policy))
{}

QString BackupStore::defaultFolder(const QString &storePath)
{
    const QFileInfo store(storePath);
    return store.absoluteDir().filePath(store.fileName() + u"-backups"_s);
}

QString BackupStore::folder() const
{
    return m_policy.folder.isEmpty() ? defaultFolder(m_storePath) : QDir(m_policy.folder).absolutePath();
}

QString BackupStore::lockPath(const QString &storePath)
{
    return QFileInfo(storePath).absoluteFilePath() + u".lock"_s;
}

bool BackupStore::fail(const QString &message)
{
    m_error = message;
    return false;
}

QString BackupStore::fileStamp(const QDateTime &now)
{
    return now.toUTC().toString(u"yyyyMMdd-HHmmss-zzz"_s);
}

bool BackupStore::copyTo(const QString &target)
{
    m_error.clear();
    if (!QFileInfo::exists(m_storePath))
        return fail(tr("There is no store at %1.").arg(m_storePath));
    if (QFileInfo::exists(target))
        return fail(tr("%1 exists already; a backup never replaces a file.").arg(target));
    const QFileInfo targetInfo(target);
    if (!QDir().mkpath(targetInfo.absolutePath()))
        return fail(tr("Cannot create the folder %1.").arg(targetInfo.absolutePath()));

    // Written under a temporary name, created empty and user-only before SQLite fills it
    // (VACUUM INTO takes an empty file), and renamed only once it is complete and checked.
    const QString partial = targetInfo.absoluteFilePath() + u".partial"_s;
    QFile::remove(partial);
    {
        QFile create(partial);
        if (!create.open(QIODevice::WriteOnly))
            return fail(tr("Cannot create %1: %2").arg(partial, create.errorString()));
        create.close();
        create.setPermissions(ownerOnlyFile);
    }
    const auto discard = [&partial] {
        QFile::remove(partial);
        QFile::remove(partial + u"-journal"_s);
    };

    {
        Connection source(m_storePath, false);
        if (!source.isOpen()) {
            discard();
            return fail(tr("Cannot read %1: %2").arg(m_storePath, source.errorString()));
        }
        QSqlQuery vacuum(source.database());
        vacuum.prepare(u"VACUUM INTO :target"_s);
        vacuum.bindValue(u":target"_s, partial);
        if (!vacuum.exec()) {
            const QString reason = sqlErrorText(vacuum.lastError());
            vacuum.finish();
            discard();
            return fail(tr("Cannot copy %1: %2").arg(m_storePath, reason));
        }
    }
    {
        // A copy stands alone: no write-ahead log beside it, and it must read back sound.
        Connection copy(partial, false);
        QString problem = copy.errorString();
        if (problem.isEmpty()) {
            QSqlQuery mode(copy.database());
            if (!mode.exec(u"PRAGMA journal_mode=DELETE"_s))
                problem = sqlErrorText(mode.lastError());
            mode.finish();
        }
        if (problem.isEmpty())
            problem = quickCheckOn(copy.database());
        if (!problem.isEmpty()) {
            discard();
            return fail(tr("The copy of %1 does not read back: %2").arg(m_storePath, problem));
        }
    }
    if (!QFile::rename(partial, target)) {
        discard();
        return fail(tr("Cannot write %1.").arg(target));
    }
    QFile::setPermissions(target, ownerOnlyFile);
    return true;
}

std::optional<BackupInfo> BackupStore::take(BackupInfo::Kind kind, const QDateTime &now, int schemaVersion)
{
    m_error.clear();
    const QString dir = folder();
    if (!QDir().mkpath(dir)) {
        fail(tr("Cannot create the backups folder %1.").arg(dir));
        return std::nullopt;
    }
    QFile::setPermissions(dir, ownerOnlyFolder);

    const QString prefix = kind == BackupInfo::Kind::Daily    ? u"daily"_s
                           : kind == BackupInfo::Kind::Manual ? u"manual"_s
                                                              : u"before-v%1"_s.arg(schemaVersion);
    const QString base = prefix + u'-' + fileStamp(now);
    QString target = QDir(dir).filePath(base + u".sqlite"_s);
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QDir(dir).filePath(u"%1-%2.sqlite"_s.arg(base).arg(n));
    if (!copyTo(target))
        return std::nullopt;
    BackupInfo info = inspect(target);
    if (!prune())
        return std::nullopt;
    return info;
}

bool BackupStore::hasDailyOn(const QDateTime &now) const
{
    const QDate today = now.toLocalTime().date();
    const QList<NamedCopy> copies = namedCopies(folder());
    return std::any_of(copies.cbegin(), copies.cend(), [&today](const NamedCopy &copy) {
        return copy.kind == BackupInfo::Kind::Daily && copy.takenAt.toLocalTime().date() == today;
    });
}

QList<BackupInfo> BackupStore::list() const
{
    QList<BackupInfo> backups;
    const QList<NamedCopy> copies = namedCopies(folder());
    if (copies.isEmpty())
        return backups;
    // What each would lose, counted in the store as it is (nothing when it cannot be read).
    Connection store(m_storePath, true);
    QSqlQuery count(store.database());
    qint64 storeTickets = -1;
    if (store.isOpen() && count.exec(u"SELECT count(*) FROM tickets"_s) && count.next())
        storeTickets = count.value(0).toLongLong();
    count.finish();
    const bool counting = storeTickets >= 0 && count.prepare(u"SELECT count(*) FROM tickets WHERE updated_at > :t"_s);
    for (const NamedCopy &copy : copies) {
        BackupInfo info = inspect(copy.path);
        info.kind = copy.kind;
        info.takenAt = copy.takenAt;
        info.storeTickets = storeTickets;
        if (counting) {
            count.bindValue(u":t"_s, copy.takenAt.toMSecsSinceEpoch());
            if (count.exec() && count.next())
                info.changedSince = count.value(0).toLongLong();
            count.finish();
        }
        backups << info;
    }
    return backups;
}

bool BackupStore::prune()
{
    int daily = 0;
    int beforeMigration = 0;
    for (const NamedCopy &copy : namedCopies(folder())) {
        const bool extra = copy.kind == BackupInfo::Kind::Daily ? ++daily > m_policy.keepDaily
                           : copy.kind == BackupInfo::Kind::BeforeMigration
                               ? ++beforeMigration > m_policy.keepBeforeMigration
                               : false;
        if (extra && !QFile::remove(copy.path))
            return fail(tr("Cannot remove the old backup %1.").arg(copy.path));
    }
    return true;
}

QString BackupStore::quickCheck(const QString &path)
{
    Connection connection(path, false);
    if (!connection.isOpen())
        return connection.errorString();
    return quickCheckOn(connection.database());
}

BackupInfo BackupStore::inspect(const QString &path)
{
    BackupInfo info;
    const QFileInfo file(path);
    info.path = file.absoluteFilePath();
    info.bytes = file.size();
    if (auto named = parseName(file)) {
        info.kind = named->kind;
        info.takenAt = named->takenAt;
    } else {
        info.takenAt = file.lastModified().toUTC();
    }
    if (!file.exists() || file.isDir()) {
        info.problem = tr("there is no such file");
        return info;
    }
    {
        QFile probe(path);
        if (!probe.open(QIODevice::ReadOnly)) {
            info.problem = tr("it cannot be read (%1)").arg(probe.errorString());
            return info;
        }
        if (probe.read(16) != QByteArrayView("SQLite format 3\0", 16)) {
            info.problem = tr("it is not an SQLite database");
            return info;
        }
    }
    Connection connection(path, true);
    if (!connection.isOpen()) {
        info.problem = tr("it cannot be opened (%1)").arg(connection.errorString());
        return info;
    }
    QSqlQuery query(connection.database());
    if (!query.exec(u"PRAGMA application_id"_s) || !query.next()) {
        info.problem = tr("it is damaged (%1)").arg(sqlErrorText(query.lastError()));
        return info;
    }
    if (query.value(0).toInt() != applicationId) {
        info.problem = tr("it is not a Deskline store");
        return info;
    }
    query.finish();
    const QString damage = quickCheckOn(connection.database());
    if (!damage.isEmpty()) {
        info.problem = tr("it is damaged (%1)").arg(damage);
        return info;
    }
    if (!query.exec(u"SELECT value FROM meta WHERE key = 'schema_version'"_s) || !query.next()) {
        info.problem = tr("its schema version cannot be read (%1)").arg(sqlErrorText(query.lastError()));
        return info;
    }
    info.schemaVersion = query.value(0).toInt();
    if (info.schemaVersion > SchemaMigrations::latestVersion()) {
        info.problem = tr("it was written by a newer Deskline (store version %1)").arg(info.schemaVersion);
        return info;
    }
    if (!query.exec(u"SELECT count(*) FROM tickets"_s) || !query.next()) {
        info.problem = tr("its tickets cannot be counted (%1)").arg(sqlErrorText(query.lastError()));
        return info;
    }
    info.tickets = query.value(0).toLongLong();
    return info;
}

bool BackupStore::restoreFrom(const QString &source, const QDateTime &now, QString *asidePath)
{
    m_error.clear();
    const QString store = QFileInfo(m_storePath).absoluteFilePath();
    if (QFileInfo(source).absoluteFilePath() == store)
        return fail(tr("%1 is the store itself; choose a backup.").arg(source));

    // While this lock is held no window opens the store, and none has it open now.
    QLockFile lock(lockPath(m_storePath));
    if (!lock.tryLock(0)) {
        qint64 pid = 0;
        QString host, application;
        lock.getLockInfo(&pid, &host, &application);
        return fail(tr("Deskline has %1 open (process %2). Close that window first, or restore from its "
                       "File → Backups…. The store was not changed.")
                        .arg(store)
                        .arg(pid));
    }

    const BackupInfo info = inspect(source);
    if (!info.usable())
        return fail(tr("%1 cannot be restored: %2. The store was not changed.").arg(source, info.problem));

    // The source is copied beside the store first (as a backup is: one snapshot, checked), so
    // that putting it in place is one rename on the same file system.
    const QString staging = store + u".restoring"_s;
    QFile::remove(staging);
    BackupStore copy(source);
    if (!copy.copyTo(staging)) {
        QFile::remove(staging);
        return fail(
            tr("Cannot copy %1 beside the store: %2. The store was not changed.").arg(source, copy.errorString()));
    }

    namespace fs = std::filesystem;
    std::error_code error;
    QString aside;
    const QString wal = store + u"-wal"_s;
    bool walMoved = false;
    if (QFileInfo::exists(store)) {
        aside = store + u".replaced-"_s + fileStamp(now);
        // The replaced file stays as it was (a hard link, else a copy), with its write-ahead log.
        fs::create_hard_link(fs::path(store.toStdU16String()), fs::path(aside.toStdU16String()), error);
        if (error && !QFile::copy(store, aside)) {
            QFile::remove(staging);
            return fail(tr("Cannot keep the current store aside as %1. The store was not changed.").arg(aside));
        }
        QFile::setPermissions(aside, ownerOnlyFile);
        if (QFileInfo::exists(wal)) {
            if (!QFile::rename(wal, aside + u"-wal"_s)) {
                QFile::remove(staging);
                return fail(tr("Cannot move %1 aside. The store was not changed.").arg(wal));
            }
            walMoved = true;
        }
        QFile::remove(store + u"-shm"_s);
    }
    // rename(2) replaces the store in one step: it is the old file or the new, never half of one.
    fs::rename(fs::path(staging.toStdU16String()), fs::path(store.toStdU16String()), error);
    if (error) {
        if (walMoved)
            QFile::rename(aside + u"-wal"_s, wal);
        QFile::remove(staging);
        return fail(tr("Cannot put the backup in place of %1: %2. The store was not changed.")
                        .arg(store, QString::fromStdString(error.message())));
    }
    QFile::setPermissions(store, ownerOnlyFile);
    if (asidePath)
        *asidePath = aside;
    return true;
}
