#include "catchcompat.h"
#include "schemamigrations.h"
#include "teststore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// sqlite_master as the sqlite3 shell lists it (one object a line: type|name|tbl_name|sql), the form
// the fixtures in data/ were written in.
QStringList schemaListing(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    REQUIRE(query.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")));
    QStringList rows;
    while (query.next()) {
        QStringList fields;
        for (int column = 0; column < 4; ++column)
            fields << query.value(column).toString();
        rows << fields.join(u'|');
    }
    // A statement written over several lines is kept so, and listed so by the shell.
    return rows.join(u'\n').split(u'\n', Qt::SkipEmptyParts);
}

QStringList fixtureLines(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

// The first line that differs, so that a failure shows one object instead of the whole schema.
void checkSameListing(const QStringList &actual, const QStringList &expected)
{
    for (qsizetype i = 0; i < std::max(actual.size(), expected.size()); ++i) {
        if (actual.value(i) != expected.value(i)) {
            INFO("line " << i + 1);
            CHECK(actual.value(i) == expected.value(i));
            return;
        }
    }
}

// A file brought to `version` by the steps alone, run one statement at a time as LocalStore does.
QStringList schemaAfterSteps(const QString &path, int version)
{
    const QString name = QStringLiteral("steps-") + path;
    QStringList listing;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        for (const SchemaMigration &step : SchemaMigrations::all()) {
            if (step.version > version)
                break;
            for (const QString &statement : step.statements) {
                INFO("step " << step.version << ": " << statement.toStdString());
                REQUIRE(query.exec(statement));
            }
        }
        listing = schemaListing(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return listing;
}

} // namespace

TEST_CASE("Each released schema comes out of its steps byte for byte, and a new store has the latest",
          "[store][migrations]")
{
    // data/schema-vN.txt is what version N's steps created when N was released; a step is never
    // edited afterwards, so these listings never change and each new version adds one.
    const QDir fixtures(QStringLiteral(DESKLINE_SOURCE_DIR "/tests/unit/data"));
    const QString latest = QStringLiteral("schema-v%1.txt").arg(SchemaMigrations::latestVersion());
    const QStringList files = fixtures.entryList({QStringLiteral("schema-v*.txt")}, QDir::Files, QDir::Name);
    REQUIRE(files.contains(latest));
    for (const QString &file : files) {
        INFO(file.toStdString());
        const int version = file.mid(8, file.size() - 12).toInt();
        REQUIRE(version > 0);
        QTemporaryDir dir;
        checkSameListing(schemaAfterSteps(dir.filePath(QStringLiteral("steps.sqlite")), version),
                         fixtureLines(fixtures.filePath(file)));
    }

    TestStore t;
    checkSameListing(schemaListing(t.store->database()), fixtureLines(fixtures.filePath(latest)));
}

TEST_CASE("The steps are the files 0001 to the latest, each cut into statements", "[store][migrations]")
{
    const QList<SchemaMigration> &steps = SchemaMigrations::all();
    REQUIRE(steps.size() == SchemaMigrations::latestVersion());
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const SchemaMigration &step = steps[i];
        INFO(step.source.toStdString());
        CHECK(step.version == i + 1);
        CHECK(QFileInfo(step.source).fileName().startsWith(QStringLiteral("%1_").arg(i + 1, 4, 10, QChar(u'0'))));
        CHECK(step.source.endsWith(QStringLiteral(".sql")));
        CHECK(step.problem.isEmpty());
        CHECK_FALSE(step.statements.isEmpty());
    }
}

TEST_CASE("A script is cut where SQLite would end each statement", "[store][migrations]")
{
    const auto cut = [](const QString &script) { return SchemaMigrations::splitStatements(script); };
    CHECK(cut(QStringLiteral("  -- nothing but a comment\n /* and; another */ ")) == QStringList());
    CHECK(cut(QStringLiteral("CREATE TABLE a (x);\n\n-- why b\nCREATE TABLE b (y)   ;")) ==
          QStringList{QStringLiteral("CREATE TABLE a (x)"), QStringLiteral("CREATE TABLE b (y)")});
    // Semicolons in quotes and comments end nothing; a doubled quote stays inside its string.
    CHECK(cut(QStringLiteral("INSERT INTO t VALUES ('a;b', 'it''s; fine', \"c;d\", [e;f]) -- x;\n;")) ==
          QStringList{QStringLiteral("INSERT INTO t VALUES ('a;b', 'it''s; fine', \"c;d\", [e;f]) -- x;")});
    // In a trigger only the semicolon after the body's END ends it; lines inside are kept as written.
    const QString trigger = QStringLiteral("create temp trigger t_done after update of x on t begin\n"
                                           "    update u set y = 'end;' where id = new.id;\n"
                                           "    delete from v; -- end;\n"
                                           "end");
    CHECK(cut(trigger + QStringLiteral(";\nCREATE TABLE trigger_log (id);")) ==
          QStringList{trigger, QStringLiteral("CREATE TABLE trigger_log (id)")});
    CHECK(cut(QStringLiteral("CREATE TABLE x (trigger TEXT, end TEXT); SELECT 1;")) ==
          QStringList{QStringLiteral("CREATE TABLE x (trigger TEXT, end TEXT)"), QStringLiteral("SELECT 1")});

    QString problem;
    CHECK_FALSE(SchemaMigrations::splitStatements(
        QStringLiteral("CREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  DELETE FROM a;\n"), &problem));
    CHECK(problem.contains(QStringLiteral("line 2")));
    CHECK_FALSE(SchemaMigrations::splitStatements(QStringLiteral("SELECT 'open;"), &problem));
    CHECK(problem.contains(QStringLiteral("line 1")));
    CHECK_FALSE(SchemaMigrations::splitStatements(QStringLiteral("SELECT 1;\n/* open"), &problem));
    CHECK(problem.contains(QStringLiteral("line 2")));
}

TEST_CASE("A new store gets the current schema, WAL, foreign keys and user-only permissions", "[store]")
{
    TestStore t;
    CHECK(t.store->wasCreated());
    CHECK(t.store->schemaVersion() == SchemaMigrations::latestVersion());
    QSqlQuery query(t.store->database());
    REQUIRE(query.exec(QStringLiteral("PRAGMA journal_mode")));
    REQUIRE(query.next());
    CHECK(query.value(0).toString() == QStringLiteral("wal"));
    REQUIRE(query.exec(QStringLiteral("PRAGMA foreign_keys")));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 1);
    const QFileDevice::Permissions permissions = QFileInfo(t.path()).permissions();
    CHECK_FALSE(permissions.testFlag(QFileDevice::ReadGroup));
    CHECK_FALSE(permissions.testFlag(QFileDevice::ReadOther));
    CHECK(permissions.testFlag(QFileDevice::ReadOwner));
}

TEST_CASE("Reopening a store keeps its data and does not migrate again", "[store]")
{
    TestStore t;
    const qint64 customer = t.addCustomer(QStringLiteral("王芳"));
    const qint64 ticket = t.addTicket(customer, QStringLiteral("订单没有收到"), QStringLiteral("快递一直没到"));
    t.store->close();

    LocalStore again(t.clock);
    REQUIRE(again.open(t.path()));
    CHECK_FALSE(again.wasCreated());
    const auto loaded = again.ticket(ticket);
    REQUIRE(loaded);
    CHECK(loaded->subject == QStringLiteral("订单没有收到"));
    CHECK(again.messages(ticket).size() == 1);
    CHECK(again.currentAgentId() > 0); // the desk's agent is remembered
}

TEST_CASE("A store written by a newer Deskline is refused and left unchanged", "[store]")
{
    TestStore t;
    t.store->close();
    TestStore::rawSql(t.path(), {QStringLiteral("UPDATE meta SET value = '999' WHERE key = 'schema_version'"),
                                 QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")});
    const QByteArray before = fileHash(t.path());

    LocalStore store(t.clock);
    CHECK_FALSE(store.open(t.path()));
    CHECK(store.openError() == LocalStore::OpenError::NewerSchema);
    CHECK(store.errorString().contains(QStringLiteral("newer Deskline")));
    CHECK(store.errorString().contains(QStringLiteral("999")));
    CHECK(fileHash(t.path()) == before);
}

TEST_CASE("A file that is not a database is refused without being touched", "[store][bad-input]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.sqlite"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("These are my meeting notes, not a database.\n");
    file.close();
    const QByteArray before = fileHash(path);

    ManualClock clock(QDateTime::currentDateTimeUtc());
    LocalStore store(clock);
    CHECK_FALSE(store.open(path));
    CHECK(store.openError() == LocalStore::OpenError::NotADatabase);
    CHECK(store.errorString().contains(QStringLiteral("not an SQLite database")));
    CHECK(fileHash(path) == before);
}

TEST_CASE("A damaged store gives a clear error, not a crash", "[store][bad-input]")
{
    TestStore t(50, 2);
    t.store->close();
    // Keep the SQLite header, destroy the pages after it.
    QFile file(t.path());
    REQUIRE(file.open(QIODevice::ReadWrite));
    REQUIRE(file.size() > 8192);
    file.seek(100);
    file.write(QByteArray(8192, '\xA5'));
    file.close();
    const QByteArray before = fileHash(t.path());

    LocalStore store(t.clock);
    CHECK_FALSE(store.open(t.path()));
    CHECK(store.openError() == LocalStore::OpenError::Corrupt);
    CHECK(store.errorString().contains(QStringLiteral("damaged")));
    CHECK(fileHash(t.path()) == before);
}

TEST_CASE("Another program's SQLite database is not taken over", "[store][bad-input]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.db"));
    TestStore::rawSql(path, {QStringLiteral("CREATE TABLE recipes (name TEXT)"),
                             QStringLiteral("INSERT INTO recipes VALUES ('soup')")});
    ManualClock clock(QDateTime::currentDateTimeUtc());
    LocalStore store(clock);
    CHECK_FALSE(store.open(path));
    CHECK(store.openError() == LocalStore::OpenError::NotDeskline);
    TestStore::rawSql(path, {QStringLiteral("SELECT count(*) FROM recipes")});
}

TEST_CASE("A folder in place of the store file is reported", "[store][bad-input]")
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::currentDateTimeUtc());
    LocalStore store(clock);
    CHECK_FALSE(store.open(dir.path()));
    CHECK(store.openError() == LocalStore::OpenError::Unreadable);
    CHECK(store.errorString().contains(QStringLiteral("folder")));
}

TEST_CASE("A migration that fails is rolled back completely", "[store][migrations]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("half.sqlite"));
    // A Deskline file at version 0 that already has a table step 1 wants to create.
    TestStore::rawSql(path,
                      {QStringLiteral("PRAGMA application_id = 1146309452"),
                       QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"),
                       QStringLiteral("INSERT INTO meta VALUES ('schema_version', '0')"),
                       QStringLiteral("CREATE TABLE tickets (legacy TEXT)")});
    ManualClock clock(QDateTime::currentDateTimeUtc());
    LocalStore store(clock);
    CHECK_FALSE(store.open(path));
    CHECK(store.openError() == LocalStore::OpenError::MigrationFailed);

    const QString name = QStringLiteral("check-half");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        REQUIRE(query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")));
        REQUIRE(query.next());
        CHECK(query.value(0).toString() == QStringLiteral("0"));
        REQUIRE(query.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'customers'")));
        REQUIRE(query.next());
        CHECK(query.value(0).toInt() == 0);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}
