#include "backgroundjobs.h"
#include "backupstore.h"
#include "catchcompat.h"
#include "schemamigrations.h"
#include "storedamage.h"
#include "teststore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QFileDevice::Permissions permissionsOf(const QString &path)
{
    // ReadUser and friends repeat the owner's bits for the user running the test: compare these only.
    return QFileInfo(path).permissions() & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                            QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
}

qint64 ticketCount(LocalStore &store)
{
    return store.stats().tickets;
}

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run deskctl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(DESKCTL_PATH), arguments);
    REQUIRE(process.waitForFinished(120000));
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

TEST_CASE("A backup is one consistent copy of a store in use, readable by its owner only", "[backup]")
{
    TestStore t(20, 3);
    REQUIRE(ticketCount(*t.store) == 20);
    BackupStore backups(t.path());
    CHECK(backups.folder() == QFileInfo(t.path()).absolutePath() + u"/store.sqlite-backups"_s);

    // A write under way on the window's connection is not in the copy, and does not stop it.
    QSqlQuery begin(t.store->database());
    REQUIRE(begin.exec(u"BEGIN IMMEDIATE"_s));
    REQUIRE(begin.exec(u"UPDATE tickets SET subject = 'half done' WHERE id = 1"_s));
    REQUIRE(begin.exec(u"DELETE FROM tickets WHERE id > 10 AND id NOT IN (SELECT ticket_id FROM messages)"_s));
    const auto taken = backups.take(BackupInfo::Kind::Daily, t.clock.now());
    REQUIRE(begin.exec(u"ROLLBACK"_s));
    REQUIRE(taken);
    CHECK(taken->usable());
    CHECK(taken->tickets == 20);
    CHECK(taken->kind == BackupInfo::Kind::Daily);
    CHECK(taken->takenAt == t.clock.now());
    CHECK(taken->schemaVersion == SchemaMigrations::latestVersion());
    CHECK(QFileInfo(taken->path).absolutePath() == backups.folder());
    CHECK(permissionsOf(taken->path) == ownerOnly);
    CHECK(permissionsOf(backups.folder()) == (ownerOnly | QFileDevice::ExeOwner));
    // Nothing half-written or beside it: no temporary file, no journal.
    CHECK(QDir(backups.folder()).entryList(QDir::Files) == QStringList{QFileInfo(taken->path).fileName()});

    LocalStore copy(t.clock);
    REQUIRE(copy.open(taken->path));
    const auto first = copy.ticket(1);
    REQUIRE(first);
    CHECK(first->subject != u"half done"_s);
    CHECK(ticketCount(copy) == 20);
}

TEST_CASE("Old copies go by the policy: the last 7 daily and the last 3 before a migration", "[backup]")
{
    TestStore t;
    BackupPolicy policy;
    QTemporaryDir elsewhere;
    policy.folder = elsewhere.filePath(u"kept"_s);
    BackupStore backups(t.path(), policy);
    CHECK(backups.folder() == policy.folder);
    const QDateTime start = t.clock.now();
    CHECK_FALSE(backups.hasDailyOn(start));
    for (int day = 0; day < 9; ++day)
        REQUIRE(backups.take(BackupInfo::Kind::Daily, start.addDays(day)));
    CHECK(backups.hasDailyOn(start.addDays(8)));
    for (int n = 0; n < 4; ++n)
        REQUIRE(backups.take(BackupInfo::Kind::BeforeMigration, start.addSecs(n), 10 + n));
    REQUIRE(backups.take(BackupInfo::Kind::Manual, start.addYears(-1)));

    const QList<BackupInfo> list = backups.list();
    QList<QDateTime> daily, beforeMigration;
    int manual = 0;
    for (const BackupInfo &info : list) {
        CHECK(info.usable());
        if (info.kind == BackupInfo::Kind::Daily)
            daily << info.takenAt;
        else if (info.kind == BackupInfo::Kind::BeforeMigration)
            beforeMigration << info.takenAt;
        else
            ++manual;
    }
    REQUIRE(daily.size() == 7);
    CHECK(daily.first() == start.addDays(8)); // newest first
    CHECK(daily.last() == start.addDays(2));
    REQUIRE(beforeMigration.size() == 3);
    CHECK(beforeMigration.last() == start.addSecs(1));
    CHECK(manual == 1);
    CHECK_FALSE(backups.hasDailyOn(start));
}

TEST_CASE("Restore puts a backup back, keeps the replaced store aside, and refuses a bad one", "[backup][restore]")
{
    TestStore t(12, 2);
    BackupStore backups(t.path());
    const auto taken = backups.take(BackupInfo::Kind::Daily, t.clock.now());
    REQUIRE(taken);
    const qint64 customer = t.addCustomer(u"陈静"_s);
    t.addTicket(customer, u"written after the backup"_s);
    REQUIRE(ticketCount(*t.store) == 13);

    SECTION("refused while a window holds the store")
    {
        QLockFile window(BackupStore::lockPath(t.path()));
        REQUIRE(window.tryLock(0));
        CHECK_FALSE(backups.restoreFrom(taken->path, t.clock.now()));
        CHECK(backups.errorString().contains(u"Close that window"_s));
        CHECK(ticketCount(*t.store) == 13);
    }
    SECTION("a damaged backup is refused with the reason, the store unchanged")
    {
        const QString damaged = t.dir.filePath(u"damaged.sqlite"_s);
        REQUIRE(QFile::copy(taken->path, damaged));
        damageMiddle(damaged);
        const BackupInfo info = BackupStore::inspect(damaged);
        CHECK_FALSE(info.usable());
        CHECK(info.problem.contains(u"damaged"_s));
        CHECK_FALSE(backups.restoreFrom(damaged, t.clock.now()));
        CHECK(backups.errorString().contains(u"cannot be restored: it is damaged"_s));
        CHECK(backups.errorString().contains(u"The store was not changed"_s));
        CHECK(ticketCount(*t.store) == 13);
        CHECK_FALSE(QFileInfo::exists(t.path() + u".restoring"_s));
    }
    SECTION("a file that is no store is refused")
    {
        const QString text = t.ownerOnlyFile(u"notes.sqlite"_s, "SQLite? no, a shopping list\n");
        CHECK_FALSE(backups.restoreFrom(text, t.clock.now()));
        CHECK(backups.errorString().contains(u"not an SQLite database"_s));
        const QString missing = t.dir.filePath(u"missing.sqlite"_s);
        CHECK_FALSE(backups.restoreFrom(missing, t.clock.now()));
        CHECK(backups.errorString().contains(u"no such file"_s));
        CHECK(ticketCount(*t.store) == 13);
    }
    SECTION("a sound backup replaces the closed store")
    {
        t.store->close();
        QString aside;
        REQUIRE(backups.restoreFrom(taken->path, t.clock.now(), &aside));
        CHECK(permissionsOf(t.path()) == ownerOnly);
        REQUIRE(t.store->open(t.path()));
        CHECK(ticketCount(*t.store) == 12);
        LocalStore replaced(t.clock);
        REQUIRE(replaced.open(aside));
        CHECK(ticketCount(replaced) == 13);
        CHECK(BackupStore::quickCheck(t.path()).isEmpty());
    }
}

TEST_CASE("A migration leaves its backup: the store as it was, before the new schema", "[backup][migrations]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"old.sqlite"_s);
    const int old = SchemaMigrations::latestVersion() - 1;
    TestStore::rawStoreAtVersion(path, old);
    ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(8, 0), Qt::UTC));
    {
        LocalStore store(clock);
        REQUIRE(store.open(path));
        CHECK(store.schemaVersion() == SchemaMigrations::latestVersion());
    }
    const BackupStore backups(path);
    QList<BackupInfo> list = backups.list();
    REQUIRE(list.size() == 1);
    CHECK(list.first().kind == BackupInfo::Kind::BeforeMigration);
    CHECK(list.first().schemaVersion == old);
    CHECK(list.first().usable());
    CHECK(QFileInfo(list.first().path).fileName().startsWith(u"before-v%1-20261201-080000"_s.arg(old)));

    // Opening it again migrates nothing, so copies nothing.
    {
        LocalStore store(clock);
        REQUIRE(store.open(path));
    }
    CHECK(backups.list().size() == 1);
}

TEST_CASE("A store whose pages were overwritten is found damaged and stops taking writes", "[backup][damage]")
{
    TestStore t(60, 4);
    t.store->close();
    damageTables(t.path(), {u"tickets"_s, u"messages"_s});
    CHECK(BackupStore::quickCheck(t.path()).contains(u"11"_s)); // SQLITE_CORRUPT in the findings

    // It still opens (the finding): the damage shows in its queries and its check.
    REQUIRE(t.store->open(t.path()));
    QSignalSpy damaged(t.store.get(), &LocalStore::damaged);
    // The first read of a damaged table says so: the ticket's page cannot be read.
    CHECK_FALSE(t.store->ticket(1));
    CHECK(damaged.count() == 1);
    CHECK(t.store->isDamaged());
    QSqlQuery scan(t.store->database());
    bool failed = false;
    for (const QString &table : {u"tickets"_s, u"messages"_s, u"search_docs"_s, u"customers"_s}) {
        if (!scan.exec(u"SELECT * FROM %1"_s.arg(table))) {
            failed = true;
        } else {
            while (scan.next()) {
            }
            failed = failed || scan.lastError().isValid();
        }
        if (scan.lastError().isValid()) {
            CHECK(LocalStore::isDamageError(scan.lastError()));
            t.store->noteSqlError(scan.lastError());
        }
    }
    CHECK(failed);
    CHECK(damaged.count() == 1);
    CHECK(t.store->isDamaged());
    CHECK_FALSE(t.store->setMetaValue(u"probe"_s, u"1"_s));
    CHECK(t.store->errorString().contains(u"damaged"_s));

    // A backup of it is refused rather than kept over the good ones.
    BackupStore backups(t.path());
    CHECK_FALSE(backups.take(BackupInfo::Kind::Daily, t.clock.now()));
    CHECK(backups.list().isEmpty());
}

TEST_CASE("The background jobs check the file, then take the day's copy once", "[backup][jobs]")
{
    TestStore t(10, 2);
    BackupPolicy policy;
    {
        BackgroundJobs jobs(t.path(), t.clock);
        jobs.setDailyBackups(policy);
        QSignalSpy taken(&jobs, &BackgroundJobs::backupTaken);
        QSignalSpy passed(&jobs, &BackgroundJobs::checkPassed);
        QSignalSpy caughtUp(&jobs, &BackgroundJobs::caughtUp);
        jobs.start(false, u"li.na"_s, {});
        REQUIRE((caughtUp.count() > 0 || caughtUp.wait(20000)));
        REQUIRE(taken.count() == 1);
        CHECK(passed.count() == 2); // after opening, after the backup
        jobs.stop();
    }
    {
        // The same day: no second copy.
        BackgroundJobs jobs(t.path(), t.clock);
        jobs.setDailyBackups(policy);
        QSignalSpy taken(&jobs, &BackgroundJobs::backupTaken);
        QSignalSpy caughtUp(&jobs, &BackgroundJobs::caughtUp);
        jobs.start(false, u"li.na"_s, {});
        REQUIRE((caughtUp.count() > 0 || caughtUp.wait(20000)));
        CHECK(taken.isEmpty());
        jobs.stop();
    }
    CHECK(BackupStore(t.path()).list().size() == 1);

    t.store->close();
    damageMiddle(t.path());
    BackgroundJobs jobs(t.path(), t.clock);
    jobs.setDailyBackups(policy);
    QSignalSpy found(&jobs, &BackgroundJobs::damageFound);
    QSignalSpy taken(&jobs, &BackgroundJobs::backupTaken);
    t.clock.set(t.clock.now().addDays(1)); // a copy would be due, but not of a damaged file
    jobs.start(false, u"li.na"_s, {});
    REQUIRE(found.wait(20000));
    CHECK_FALSE(found.first().first().toString().isEmpty());
    CHECK(taken.isEmpty());
    jobs.stop();
    CHECK(BackupStore(t.path()).list().size() == 1);
}

TEST_CASE("deskctl backs up, lists, checks and restores a store, and says what is wrong", "[backup][deskctl]")
{
    TestStore t(15, 2);
    const QString to = t.dir.filePath(u"copy.sqlite"_s);
    Run backup = deskctl({u"backup"_s, u"--database"_s, t.path(), u"--to"_s, to});
    INFO(backup.err);
    REQUIRE(backup.exitCode == 0);
    CHECK(BackupStore::inspect(to).tickets == 15);
    CHECK(permissionsOf(to) == ownerOnly);
    Run again = deskctl({u"backup"_s, u"--database"_s, t.path(), u"--to"_s, to});
    CHECK(again.exitCode == 1);
    CHECK(again.err.contains(u"exists already"_s));

    REQUIRE(deskctl({u"backup"_s, u"--database"_s, t.path()}).exitCode == 0);
    Run list = deskctl({u"backups"_s, u"--database"_s, t.path()});
    REQUIRE(list.exitCode == 0);
    CHECK(list.out.contains(u"manual-"_s));
    CHECK(list.out.contains(u"\t15 ticket"_s));

    Run sound = deskctl({u"check"_s, u"--database"_s, t.path()});
    CHECK(sound.exitCode == 0);
    CHECK(sound.out.contains(u"is sound: 15 tickets"_s));

    t.addTicket(t.addCustomer(u"Later"_s), u"after the copy"_s);
    {
        // The window holds its lock: restore refuses and changes nothing.
        QLockFile window(BackupStore::lockPath(t.path()));
        REQUIRE(window.tryLock(0));
        Run refused = deskctl({u"restore"_s, u"--database"_s, t.path(), u"--from"_s, to});
        CHECK(refused.exitCode == 1);
        CHECK(refused.err.contains(u"open (process"_s));
    }
    CHECK(ticketCount(*t.store) == 16);
    t.store->close();

    const QString bad = t.dir.filePath(u"bad.sqlite"_s);
    REQUIRE(QFile::copy(to, bad));
    damageMiddle(bad);
    Run badCheck = deskctl({u"check"_s, u"--database"_s, bad});
    CHECK(badCheck.exitCode == 1);
    CHECK(badCheck.err.contains(u"is not sound: it is damaged"_s));
    Run badRestore = deskctl({u"restore"_s, u"--database"_s, t.path(), u"--from"_s, bad});
    CHECK(badRestore.exitCode == 1);
    CHECK(badRestore.err.contains(u"cannot be restored"_s));
    Run badBackup = deskctl({u"backup"_s, u"--database"_s, bad, u"--to"_s, t.dir.filePath(u"bad-copy.sqlite"_s)});
    CHECK(badBackup.exitCode == 1);
    CHECK_FALSE(QFileInfo::exists(t.dir.filePath(u"bad-copy.sqlite"_s)));

    Run restore = deskctl({u"restore"_s, u"--database"_s, t.path(), u"--from"_s, to});
    INFO(restore.err);
    REQUIRE(restore.exitCode == 0);
    CHECK(restore.out.contains(u"kept as"_s));
    REQUIRE(t.store->open(t.path()));
    CHECK(ticketCount(*t.store) == 15);
}

TEST_CASE("The running window holds its store: deskctl restore refuses, the day's copy is taken", "[backup][deskline]")
{
    TestStore t(10, 2);
    t.store->close();
    const QString copy = t.dir.filePath(u"copy.sqlite"_s);
    REQUIRE(BackupStore(t.path()).copyTo(copy));

    QProcess window;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"HOME"_s, t.dir.path()); // its settings in the test's folder
    env.insert(u"XDG_CONFIG_HOME"_s, t.dir.filePath(u"config"_s));
    window.setProcessEnvironment(env);
    window.start(QStringLiteral(DESKLINE_PATH), {u"--database"_s, t.path()});
    REQUIRE(window.waitForStarted(20000));
    const QString lock = BackupStore::lockPath(t.path());
    // The background jobs take the day's copy soon after the window opens.
    const BackupStore backups(t.path());
    REQUIRE(QTest::qWaitFor(
        [&] { return QFileInfo::exists(lock) && backups.hasDailyOn(QDateTime::currentDateTimeUtc()); }, 30000));

    Run refused = deskctl({u"restore"_s, u"--database"_s, t.path(), u"--from"_s, copy});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.contains(u"Deskline has"_s));
    CHECK(refused.err.contains(QString::number(window.processId())));

    window.terminate();
    REQUIRE(window.waitForFinished(20000));
    // Its lock names a process that is gone: no longer in the way.
    Run restored = deskctl({u"restore"_s, u"--database"_s, t.path(), u"--from"_s, copy});
    INFO(restored.err);
    CHECK(restored.exitCode == 0);
}
