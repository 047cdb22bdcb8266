#include "catchcompat.h"
#include "serveradmin.h"
#include "serverconnection.h"
#include "serverschema.h"
#include "testserver.h"
#include "ticketlifecycle.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QUuid>

#include <atomic>
#include <latch>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

// Calls the mutation function as the login of `address` on its own connection.
QJsonObject mutate(const QString &connection, const QString &name, const QJsonObject &args,
                   const QString &mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlQuery call(QSqlDatabase::database(connection, false));
    call.prepare(u"SELECT deskline.apply_mutation(?::uuid, ?, ?::jsonb)::text"_s);
    call.addBindValue(mutationId);
    call.addBindValue(name);
    call.addBindValue(QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact)));
    INFO(call.lastError().text().toStdString());
    REQUIRE(call.exec());
    REQUIRE(call.next());
    return QJsonDocument::fromJson(call.value(0).toString().toUtf8()).object();
}

struct Login {
    Login(const ServerAddress &address, const QString &name)
        : name(name)
    {
        ServerConnection connection;
        INFO(connection.errorString().toStdString());
        REQUIRE(connection.openAsDesk(address, name));
    }
    ~Login()
    {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
    QString name;
};

qint64 createTicket(const QString &connection, const QString &subject)
{
    const QJsonObject outcome = mutate(connection, u"ticket.create"_s,
                                       {{u"client_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                        {u"subject"_s, subject},
                                        {u"channel"_s, 1},
                                        {u"category"_s, 0},
                                        {u"priority"_s, 1},
                                        {u"body"_s, u"客户说无法登录"_s},
                                        {u"customer"_s, QJsonObject{{u"name"_s, u"王芳"_s}}}});
    REQUIRE(outcome.value(u"status"_s).toString() == u"applied"_s);
    return outcome.value(u"result"_s).toObject().value(u"ticket_id"_s).toInteger();
}

QString metaValue(const QSqlDatabase &db, const QString &key)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT value FROM deskline.meta WHERE key = ?"_s);
    query.addBindValue(key);
    REQUIRE(query.exec());
    return query.next() ? query.value(0).toString() : QString();
}

// Every function of schema deskline, by signature: its whole definition, its privileges and owner.
QMap<QString, QString> functionCatalog(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    INFO(query.lastError().text().toStdString());
    REQUIRE(query.exec(u"SELECT format('%s(%s)', p.proname, pg_get_function_identity_arguments(p.oid)),"
                       "       format(E'%s\\n-- acl %s\\n-- owner %s', pg_get_functiondef(p.oid),"
                       "              coalesce(p.proacl::text, 'default'), pg_get_userbyid(p.proowner))"
                       "  FROM pg_proc p WHERE p.pronamespace = 'deskline'::regnamespace"_s));
    QMap<QString, QString> functions;
    while (query.next())
        functions.insert(query.value(0).toString(), query.value(1).toString());
    REQUIRE(functions.size() > 40);
    return functions;
}

QMap<QString, QString> mutationHandlers(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    REQUIRE(query.exec(u"SELECT h.name, coalesce(p.proname, '(none)') FROM deskline.mutation_handlers h"
                       "  LEFT JOIN pg_proc p ON p.oid = h.handler::oid"_s));
    QMap<QString, QString> handlers;
    while (query.next())
        handlers.insert(query.value(0).toString(), query.value(1).toString());
    REQUIRE(handlers.size() > 20);
    return handlers;
}

// The signatures whose definition, privileges or owner differ, or that only one side has.
QStringList differences(const QMap<QString, QString> &a, const QMap<QString, QString> &b)
{
    QStringList keys = a.keys() + b.keys();
    keys.removeDuplicates();
    QStringList differing;
    for (const QString &key : std::as_const(keys)) {
        if (a.value(key, u"(missing)"_s) != b.value(key, u"(missing)"_s))
            differing << key;
    }
    return differing;
}

bool canExecute(const QSqlDatabase &db, const QString &role, const QString &function)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT has_function_privilege(?, ?, 'execute')"_s);
    query.addBindValue(role);
    query.addBindValue(function);
    INFO(query.lastError().text().toStdString());
    REQUIRE(query.exec());
    REQUIRE(query.next());
    return query.value(0).toBool();
}

// Another database on the test's server, whose schema a test brings up its own way.
struct ScratchDatabase {
    ScratchDatabase(const TestServer &server, const QString &suffix)
        : name(server.database() + u'_' + suffix)
    {
        QSqlQuery create(server.admin());
        INFO(create.lastError().text().toStdString());
        REQUIRE(create.exec(u"CREATE DATABASE %1"_s.arg(name)));
        ServerAddress owner = server.adminAddress();
        owner.database = name;
        ServerConnection connection;
        INFO(connection.errorString().toStdString());
        REQUIRE(connection.open(owner, name));
    }
    ~ScratchDatabase()
    {
        db().close();
        QSqlDatabase::removeDatabase(name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(name, false); }
    QString name;
};

// The built-in steps and function files, copied to a folder where a test changes them.
struct SqlCopy {
    SqlCopy()
    {
        REQUIRE(dir.isValid());
        const QDir from(ServerSchema::builtInSqlDir());
        QDirIterator files(from.path(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString source = files.next();
            const QString target = dir.filePath(from.relativeFilePath(source));
            REQUIRE(QDir().mkpath(QFileInfo(target).path()));
            REQUIRE(QFile::copy(source, target));
            // Copies of resources are read-only.
            REQUIRE(QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner));
        }
        REQUIRE(QFile::exists(dir.filePath(u"functions/apply_mutation.sql"_s)));
    }
    QString path() const { return dir.path(); }
    // Replaces text in one of the files, which must contain it.
    void edit(const QString &file, const QString &before, const QString &after)
    {
        QFile sql(dir.filePath(file));
        REQUIRE(sql.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(sql.readAll());
        sql.close();
        INFO(file.toStdString() << " has no " << before.toStdString());
        REQUIRE(text.contains(before));
        text.replace(before, after);
        REQUIRE(sql.open(QIODevice::WriteOnly | QIODevice::Truncate));
        REQUIRE(sql.write(text.toUtf8()) > 0);
    }
    void append(const QString &file, const QString &text)
    {
        QFile sql(dir.filePath(file));
        REQUIRE(sql.open(QIODevice::Append));
        REQUIRE(sql.write(text.toUtf8()) > 0);
    }
    void removeFunctions() { REQUIRE(QDir(dir.filePath(u"functions"_s)).removeRecursively()); }

    QTemporaryDir dir;
};

} // namespace

TEST_CASE("The shared schema is applied once and a newer one is refused", "[server]")
{
    TestServer server;
    ServerSchema schema(server.admin());
    CHECK(schema.installedVersion() == ServerSchema::latestVersion());
    CHECK(schema.migrate() == ServerSchema::latestVersion()); // nothing to do the second time

    QSqlQuery query(server.admin());
    REQUIRE(query.exec(u"UPDATE deskline.meta SET value = '99' WHERE key = 'schema_version'"_s));
    CHECK_FALSE(schema.migrate());
    CHECK(schema.errorString().contains(u"newer"_s));
    CHECK(schema.installedVersion() == 99);

    ServerConnection desk;
    CHECK_FALSE(desk.openAsDesk(server.as(u"alice"_s), u"newer-schema"_s));
    CHECK(desk.problem() == ServerConnection::Problem::NewerSchema);
    QSqlDatabase::removeDatabase(u"newer-schema"_s);
}

TEST_CASE("A database at schema version 1 is upgraded with its tickets, and its desks can escalate", "[server]")
{
    TestServer server;
    const QString old = server.database() + u"_v1"_s;
    QSqlQuery create(server.admin());
    REQUIRE(create.exec(u"CREATE DATABASE %1"_s.arg(old)));
    ServerAddress owner = server.adminAddress();
    owner.database = old;
    ServerConnection ownerConnection;
    REQUIRE(ownerConnection.open(owner, u"v1-owner"_s));
    ServerSchema schema(QSqlDatabase::database(u"v1-owner"_s, false));
    REQUIRE(schema.migrate(1) == 0);
    REQUIRE(schema.installedVersion() == 1);

    ServerAdmin people(QSqlDatabase::database(u"v1-owner"_s, false));
    const QString login = old + u"_li"_s;
    ServerAdmin::NewAgent agent{login, u"李娜"_s, AgentRole::Agent, u"L1"_s, 1, u"pw-li-na-1"_s};
    REQUIRE(people.addAgent(agent));
    ServerAdmin::NewAgent specialist{old + u"_liu"_s, u"刘洋"_s, AgentRole::Agent, u"L2"_s, 2, u"pw-liu-yang-2"_s};
    REQUIRE(people.addAgent(specialist));
    ServerAddress desk = owner;
    desk.login = login;
    desk.password = agent.password;
    ServerConnection v1Desk; // a desk of this version refuses an old schema, so a plain login writes
    REQUIRE(v1Desk.open(desk, u"v1-desk"_s));
    CHECK_FALSE(ServerConnection().openAsDesk(desk, u"v1-refused"_s));
    const qint64 ticket = createTicket(u"v1-desk"_s, u"Before the upgrade"_s);
    for (const QString &name : {u"v1-desk"_s, u"v1-refused"_s}) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }

    REQUIRE(schema.migrate() == 1);
    CHECK(schema.installedVersion() == ServerSchema::latestVersion());
    Login after(desk, u"v2-desk"_s);
    QSqlQuery read(QSqlDatabase::database(after.name, false));
    REQUIRE(read.exec(u"SELECT subject, escalation_tier FROM deskline.v_tickets WHERE id = %1"_s.arg(ticket)));
    REQUIRE(read.next());
    CHECK(read.value(0).toString() == u"Before the upgrade"_s);
    CHECK(read.value(1).toInt() == 0);
    // The mutations of step 1 still work through the new dispatch, and step 2's are there.
    CHECK(mutate(after.name, u"ticket.set_priority"_s, {{u"ticket_id"_s, ticket}, {u"priority"_s, 2}})
              .value(u"status"_s)
              .toString() == u"applied"_s);
    REQUIRE(read.exec(u"SELECT id FROM deskline.v_teams WHERE tier = 2"_s));
    REQUIRE(read.next());
    const QJsonObject escalated = mutate(after.name, u"ticket.escalate"_s,
                                         {{u"ticket_id"_s, ticket},
                                          {u"kind"_s, 0},
                                          {u"to_team_id"_s, read.value(0).toLongLong()},
                                          {u"reason"_s, u"Needs L2"_s},
                                          {u"urgency"_s, 3}});
    CHECK(escalated.value(u"status"_s).toString() == u"applied"_s);
    CHECK(escalated.value(u"result"_s).toObject().value(u"to_tier"_s).toInt() == 2);
    CHECK(mutate(after.name, u"ticket.no_such_thing"_s, {}).value(u"reason"_s).toString() == u"unknown_mutation"_s);
    // An agent still cannot call a mutation's function directly.
    QSqlQuery direct(QSqlDatabase::database(after.name, false));
    CHECK_FALSE(direct.exec(u"SELECT deskline.mut_ticket_hand_back(NULL, '{}'::jsonb)"_s));
    QSqlDatabase::database(u"v1-owner"_s, false).close();
    QSqlDatabase::removeDatabase(u"v1-owner"_s);
}

TEST_CASE("A database brought up step by step from schema version 9 ends with the functions of a new one",
          "[server][functions]")
{
    TestServer server; // its database is the new one
    ScratchDatabase old(server, u"v9"_s);
    ServerSchema schema(old.db());
    for (int version = 1; version <= 9; ++version) {
        INFO("step " << version << ": " << schema.errorString().toStdString());
        REQUIRE(schema.migrate(version) == version - 1);
        // As a Deskline of that version left it: only the steps' own functions.
        CHECK_FALSE(schema.functionsUpdated());
    }
    CHECK(metaValue(old.db(), u"functions_hash"_s).isEmpty());
    CHECK_FALSE(differences(functionCatalog(old.db()), functionCatalog(server.admin())).isEmpty());

    INFO(schema.errorString().toStdString());
    REQUIRE(schema.migrate() == 9);
    CHECK(schema.functionsUpdated());
    CHECK(schema.installedVersion() == ServerSchema::latestVersion());
    const QStringList differing = differences(functionCatalog(old.db()), functionCatalog(server.admin()));
    INFO("differ: " << differing.join(u", "_s).toStdString());
    CHECK(differing.isEmpty());
    CHECK(mutationHandlers(old.db()) == mutationHandlers(server.admin()));
    CHECK(metaValue(old.db(), u"functions_hash"_s) == metaValue(server.admin(), u"functions_hash"_s));
    CHECK(metaValue(old.db(), u"functions_deskline_version"_s) == QStringLiteral(DESKLINE_VERSION));
}

TEST_CASE("Function files are applied once per change, and the built-in ones put everything back",
          "[server][functions]")
{
    TestServer server;
    Login sam(server.as(u"sam"_s), u"sam"_s);
    const QString alice = QString::number(server.agentId(u"alice"_s));
    const auto capacity = [&](int tickets) {
        return mutate(sam.name, u"setting.save"_s,
                      {{u"key"_s, u"agent_capacity"_s}, {u"value"_s, QJsonObject{{alice, tickets}}}})
            .value(u"status"_s)
            .toString();
    };
    const QString setting = u"deskline.mut_setting_save(deskline.agents, jsonb)"_s;
    const QMap<QString, QString> fresh = functionCatalog(server.admin());
    const QString hash = metaValue(server.admin(), u"functions_hash"_s);
    REQUIRE(hash.size() == 64);

    ServerSchema schema(server.admin());
    REQUIRE(schema.migrate() == ServerSchema::latestVersion());
    CHECK_FALSE(schema.functionsUpdated()); // unchanged: nothing to write

    // Applied again over themselves: the same functions, privileges and mutations.
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"DELETE FROM deskline.meta WHERE key = 'functions_hash'"_s));
    REQUIRE(schema.migrate() == ServerSchema::latestVersion());
    CHECK(schema.functionsUpdated());
    CHECK(metaValue(server.admin(), u"functions_hash"_s) == hash);
    CHECK(differences(functionCatalog(server.admin()), fresh).isEmpty());
    CHECK(capacity(5) == u"applied"_s);
    CHECK(capacity(700) == u"rejected"_s);

    // A changed file, with a privilege it should not have, goes in with the next init, once.
    SqlCopy copy;
    copy.edit(u"functions/mut_setting_save.sql"_s, u"not between 1 and 500"_s, u"not between 1 and 900"_s);
    copy.append(u"functions/mut_setting_save.sql"_s,
                u"grant execute on function %1 to deskline_agent;\n"_s.arg(setting));
    ServerSchema edited(server.admin(), copy.path());
    INFO(edited.errorString().toStdString());
    REQUIRE(edited.migrate() == ServerSchema::latestVersion());
    CHECK(edited.functionsUpdated());
    CHECK(metaValue(server.admin(), u"functions_hash"_s) != hash);
    CHECK(capacity(700) == u"applied"_s);
    CHECK(canExecute(server.admin(), u"deskline_agent"_s, setting));
    REQUIRE(edited.migrate() == ServerSchema::latestVersion());
    CHECK_FALSE(edited.functionsUpdated());

    // The built-in files again: the function as it was, and the grant taken back.
    REQUIRE(schema.migrate() == ServerSchema::latestVersion());
    CHECK(schema.functionsUpdated());
    CHECK(metaValue(server.admin(), u"functions_hash"_s) == hash);
    const QStringList differing = differences(functionCatalog(server.admin()), fresh);
    INFO("differ: " << differing.join(u", "_s).toStdString());
    CHECK(differing.isEmpty());
    CHECK_FALSE(canExecute(server.admin(), u"deskline_agent"_s, setting));
    CHECK(capacity(700) == u"rejected"_s);
}

TEST_CASE("A function its file drops and creates again keeps its privileges and its mutation", "[server][functions]")
{
    TestServer server;
    Login sam(server.as(u"sam"_s), u"sam"_s);
    const QString restore = u"deskline.mut_ticket_restore(deskline.agents, jsonb)"_s;
    const auto oid = [&] {
        QSqlQuery query(server.admin());
        REQUIRE(query.exec(u"SELECT '%1'::regprocedure::oid"_s.arg(restore)));
        REQUIRE(query.next());
        return query.value(0).toLongLong();
    };
    const qint64 before = oid();
    SqlCopy copy;
    copy.edit(u"functions/mut_ticket_restore.sql"_s, u"create or replace function"_s,
              u"drop function if exists %1;\ncreate or replace function"_s.arg(restore));
    ServerSchema recreated(server.admin(), copy.path());
    INFO(recreated.errorString().toStdString());
    REQUIRE(recreated.migrate() == ServerSchema::latestVersion());
    CHECK(oid() != before);
    CHECK_FALSE(canExecute(server.admin(), u"public"_s, restore));
    CHECK_FALSE(canExecute(server.admin(), u"deskline_supervisor"_s, restore));

    const qint64 ticket = createTicket(sam.name, u"Archived by mistake"_s);
    CHECK(mutate(sam.name, u"ticket.archive"_s, {{u"ticket_id"_s, ticket}}).value(u"status"_s) == u"applied"_s);
    const QJsonObject restored = mutate(sam.name, u"ticket.restore"_s, {{u"ticket_id"_s, ticket}});
    CHECK(restored.value(u"status"_s) == u"applied"_s);
    CHECK(restored.value(u"result"_s).toObject().value(u"ticket_id"_s).toInteger() == ticket);
}

TEST_CASE("Every function of the schema has a file named after it that defines it", "[server][functions]")
{
    TestServer server;
    // Steps only, up to the latest: every function as the steps left it, then the files alone.
    SqlCopy stepsOnly;
    stepsOnly.removeFunctions();
    ScratchDatabase db(server, u"steps"_s);
    ServerSchema steps(db.db(), stepsOnly.path());
    INFO(steps.errorString().toStdString());
    REQUIRE(steps.migrate() == 0);
    ServerSchema schema(db.db());
    INFO(schema.errorString().toStdString());
    REQUIRE(schema.migrate() == ServerSchema::latestVersion());
    REQUIRE(schema.functionsUpdated());

    // Each catalog row is rewritten by create or replace: one left with another transaction's
    // xmin was not in the files.
    QSqlQuery query(db.db());
    REQUIRE(query.exec(u"SELECT coalesce(string_agg(p.oid::regprocedure::text, ', '), '') FROM pg_proc p"
                       " WHERE p.pronamespace = 'deskline'::regnamespace AND p.xmin <> (SELECT xmin FROM pg_proc"
                       " WHERE oid = 'deskline.apply_mutation(uuid, text, jsonb)'::regprocedure)"_s));
    REQUIRE(query.next());
    CHECK(query.value(0).toString() == QString());

    REQUIRE(query.exec(u"SELECT DISTINCT proname FROM pg_proc WHERE pronamespace = 'deskline'::regnamespace"_s));
    QStringList functions;
    while (query.next())
        functions << query.value(0).toString();
    REQUIRE(functions.size() > 60);
    for (const QString &name : std::as_const(functions)) {
        QFile file(ServerSchema::builtInSqlDir() + u"/functions/"_s + name + u".sql"_s);
        INFO(name.toStdString());
        REQUIRE(file.open(QIODevice::ReadOnly));
        CHECK(QString::fromUtf8(file.readAll()).contains(u"create or replace function deskline.%1("_s.arg(name)));
    }
    QStringList files = QDir(ServerSchema::builtInSqlDir() + u"/functions"_s).entryList({u"*.sql"_s}, QDir::Files);
    for (QString &file : files)
        file.chop(4);
    functions.sort();
    CHECK(files == functions); // and no file for a function that is not there
}

TEST_CASE("A function file may call a function of a later file", "[server][functions]")
{
    TestServer server;
    SqlCopy copy;
    const auto add = [&](const QString &name, const QString &body) {
        QFile file(copy.path() + u"/functions/"_s + name + u".sql"_s);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(u"create or replace function deskline.%1() returns int language sql as $$ %2 $$;\n"
                   "revoke all on function deskline.%1() from public;\n"_s.arg(name, body)
                       .toUtf8());
    };
    add(u"aaa_first"_s, u"select deskline.zzz_second() + 1"_s);
    add(u"zzz_second"_s, u"select 41"_s);
    ServerSchema schema(server.admin(), copy.path());
    INFO(schema.errorString().toStdString());
    REQUIRE(schema.migrate() == ServerSchema::latestVersion());
    QSqlQuery query(server.admin());
    REQUIRE(query.exec(u"SELECT deskline.aaa_first()"_s));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 42);
}

TEST_CASE("A step that restates a function still ends with the function of its file", "[server][functions]")
{
    TestServer server;
    const QMap<QString, QString> fresh = functionCatalog(server.admin());
    SqlCopy copy;
    const int next = ServerSchema::latestVersion() + 1;
    QFile step(copy.path() + u"/%1_restates.sql"_s.arg(next, 4, 10, QLatin1Char('0')));
    REQUIRE(step.open(QIODevice::WriteOnly));
    step.write("create or replace function deskline.trimmed(p_text text) returns text\n"
               "language sql immutable parallel safe as $$ select p_text $$;\n");
    step.close();
    ServerSchema schema(server.admin(), copy.path());
    INFO(schema.errorString().toStdString());
    REQUIRE(schema.migrate() == ServerSchema::latestVersion());
    CHECK(schema.installedVersion() == next);
    CHECK(schema.functionsUpdated()); // the files are unchanged, but a step ran
    const QStringList differing = differences(functionCatalog(server.admin()), fresh);
    INFO("differ: " << differing.join(u", "_s).toStdString());
    CHECK(differing.isEmpty());
}

TEST_CASE("Function files that fail, or leave a mutation without its function, change nothing", "[server][functions]")
{
    TestServer server;
    const QMap<QString, QString> fresh = functionCatalog(server.admin());
    const QString hash = metaValue(server.admin(), u"functions_hash"_s);

    // A body that does not parse, though the first round does not check bodies.
    SqlCopy broken;
    broken.edit(u"functions/mut_ticket_claim.sql"_s, u"    end loop;"_s, u"    end lop;"_s);
    ServerSchema schema(server.admin(), broken.path());
    CHECK_FALSE(schema.migrate());
    CHECK(schema.errorString().contains(u"mut_ticket_claim.sql"_s));
    CHECK_FALSE(schema.functionsUpdated());
    CHECK(metaValue(server.admin(), u"functions_hash"_s) == hash);
    CHECK(differences(functionCatalog(server.admin()), fresh).isEmpty());

    // With the last step: the step goes back too, so the version never says "latest" over old functions.
    ScratchDatabase older(server, u"older"_s);
    const int last = ServerSchema::latestVersion();
    REQUIRE(ServerSchema(older.db()).migrate(last - 1) == 0);
    ServerSchema upgrade(older.db(), broken.path());
    CHECK_FALSE(upgrade.migrate());
    CHECK(upgrade.installedVersion() == last - 1);
    CHECK(metaValue(older.db(), u"functions_hash"_s).isEmpty());

    // A mutation pointed at a function that cannot take it.
    SqlCopy misrouted;
    misrouted.edit(u"functions/mut_ticket_claim.sql"_s, u"('ticket.claim', 'deskline.mut_ticket_claim')"_s,
                   u"('ticket.claim', 'deskline.agent_name')"_s);
    ServerSchema routed(server.admin(), misrouted.path());
    CHECK_FALSE(routed.migrate());
    CHECK(routed.errorString().contains(u"ticket.claim"_s));
    CHECK(mutationHandlers(server.admin()).value(u"ticket.claim"_s) == u"mut_ticket_claim"_s);
    CHECK(metaValue(server.admin(), u"functions_hash"_s) == hash);
}

TEST_CASE("An older Deskline leaves the functions a newer one installed", "[server][functions]")
{
    TestServer server;
    const QMap<QString, QString> fresh = functionCatalog(server.admin());
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"UPDATE deskline.meta SET value = CASE key WHEN 'functions_hash' THEN 'a newer one'"
                       " ELSE '999.0' END WHERE key IN ('functions_hash', 'functions_deskline_version')"_s));
    REQUIRE(admin.numRowsAffected() == 2);
    ServerSchema schema(server.admin());
    CHECK_FALSE(schema.migrate());
    CHECK(schema.errorString().contains(u"999.0"_s));
    CHECK(metaValue(server.admin(), u"functions_hash"_s) == u"a newer one"_s);
    CHECK(differences(functionCatalog(server.admin()), fresh).isEmpty());
}

TEST_CASE("Connecting tells a wrong password, an unreachable server and a missing schema apart", "[server]")
{
    TestServer server;
    ServerAddress wrong = server.as(u"alice"_s);
    wrong.password = u"not-the-password"_s;
    ServerConnection connection;
    CHECK_FALSE(connection.open(wrong, u"wrong-password"_s));
    CHECK(connection.problem() == ServerConnection::Problem::WrongPassword);
    CHECK(connection.errorString().contains(wrong.login));

    ServerAddress closed = server.as(u"alice"_s);
    closed.port = 1; // nothing listens there
    CHECK_FALSE(connection.open(closed, u"unreachable"_s));
    CHECK(connection.problem() == ServerConnection::Problem::Unreachable);

    QSqlQuery query(server.admin());
    const QString empty = server.database() + u"_empty"_s;
    REQUIRE(query.exec(u"CREATE DATABASE %1"_s.arg(empty)));
    ServerAddress bare = server.adminAddress();
    bare.database = empty;
    CHECK_FALSE(connection.openAsDesk(bare, u"no-schema"_s));
    CHECK(connection.problem() == ServerConnection::Problem::NoSchema);

    ServerAddress missing = server.adminAddress();
    missing.database = server.database() + u"_missing"_s;
    CHECK_FALSE(connection.open(missing, u"no-database"_s));
    CHECK(connection.problem() == ServerConnection::Problem::NoDatabase);
    for (const QString &name : {u"wrong-password"_s, u"unreachable"_s, u"no-schema"_s, u"no-database"_s}) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

TEST_CASE("Agents write only through mutations and see only what their team may see", "[server][roles]")
{
    TestServer server;
    Login alice(server.as(u"alice"_s), u"alice"_s);
    Login carol(server.as(u"carol"_s), u"carol"_s);
    Login sam(server.as(u"sam"_s), u"sam"_s);

    const qint64 ticket = createTicket(carol.name, u"账单异常"_s);
    QSqlQuery direct(QSqlDatabase::database(alice.name, false));
    CHECK_FALSE(direct.exec(u"UPDATE deskline.tickets SET priority = 0"_s));
    CHECK(direct.lastError().databaseText().contains(u"permission denied"_s));
    CHECK_FALSE(direct.exec(u"INSERT INTO deskline.ticket_tags(ticket_id, tag) VALUES (%1, 'x')"_s.arg(ticket)));
    CHECK_FALSE(direct.exec(u"SELECT count(*) FROM deskline.messages"_s));

    // Restricted to team L2: carol (L2) and the supervisor see it, alice (L1) does not.
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"UPDATE deskline.tickets SET restricted = true WHERE id = %1"_s.arg(ticket)));
    auto sees = [ticket](const QString &connection) {
        QSqlQuery query(QSqlDatabase::database(connection, false));
        REQUIRE(query.exec(u"SELECT count(*) FROM deskline.v_tickets WHERE id = %1"_s.arg(ticket)));
        REQUIRE(query.next());
        return query.value(0).toInt() == 1;
    };
    CHECK_FALSE(sees(alice.name));
    CHECK(sees(carol.name));
    CHECK(sees(sam.name));
    CHECK(mutate(alice.name, u"ticket.claim"_s, {{u"ticket_id"_s, ticket}}).value(u"reason"_s) == u"not_found"_s);

    const QJsonObject archive = mutate(carol.name, u"ticket.archive"_s, {{u"ticket_id"_s, ticket}});
    CHECK(archive.value(u"status"_s) == u"rejected"_s);
    CHECK(archive.value(u"reason"_s) == u"not_allowed"_s);

    // Carol takes it; only a supervisor may hand it to someone else.
    CHECK(mutate(carol.name, u"ticket.claim"_s, {{u"ticket_id"_s, ticket}}).value(u"status"_s) == u"applied"_s);
    const qint64 bob = server.agentId(u"bob"_s);
    const QJsonObject grab = mutate(carol.name, u"ticket.assign"_s, {{u"ticket_id"_s, ticket}, {u"agent_id"_s, bob}});
    CHECK(grab.value(u"reason"_s) == u"not_allowed"_s);
    CHECK(mutate(sam.name, u"ticket.assign"_s, {{u"ticket_id"_s, ticket}, {u"agent_id"_s, bob}}).value(u"status"_s) ==
          u"applied"_s);
    REQUIRE(admin.exec(u"SELECT assignee_id FROM deskline.tickets WHERE id = %1"_s.arg(ticket)));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toLongLong() == bob);
}

TEST_CASE("A mutation sent twice is applied once", "[server]")
{
    TestServer server;
    Login alice(server.as(u"alice"_s), u"alice"_s);
    const qint64 ticket = createTicket(alice.name, u"Refund not received"_s);
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject reply{{u"ticket_id"_s, ticket},
                            {u"client_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                            {u"kind"_s, 1},
                            {u"body"_s, u"We sent it again."_s}};
    const QJsonObject first = mutate(alice.name, u"message.add"_s, reply, id);
    const QJsonObject again = mutate(alice.name, u"message.add"_s, reply, id);
    CHECK(first.value(u"status"_s) == u"applied"_s);
    CHECK(again == first);
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"SELECT count(*) FROM deskline.messages WHERE body = 'We sent it again.'"_s));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toInt() == 1);
}

TEST_CASE("Of 64 simultaneous claims exactly one wins and the others learn who", "[server][claim]")
{
    TestServer server;
    ServerAdmin people(server.admin());
    constexpr int claimers = 64;
    QList<ServerAddress> addresses;
    for (int i = 0; i < claimers; ++i) {
        ServerAdmin::NewAgent agent;
        agent.login = server.login(u"claimer%1"_s.arg(i));
        agent.name = u"Claimer %1"_s.arg(i);
        agent.team = u"L1"_s;
        agent.password = u"claim-password"_s;
        const auto added = people.addAgent(agent);
        INFO(people.errorString().toStdString());
        REQUIRE(added);
        ServerAddress address = server.adminAddress();
        address.login = agent.login;
        address.password = agent.password;
        addresses << address;
    }
    Login alice(server.as(u"alice"_s), u"alice"_s);
    const qint64 ticket = createTicket(alice.name, u"Everyone wants this one"_s);

    std::latch ready(claimers);
    std::atomic<int> applied{0}, refusedWithWinner{0}, failures{0};
    std::vector<std::thread> threads;
    QList<QString> winners(claimers);
    for (int i = 0; i < claimers; ++i) {
        threads.emplace_back([&, i] {
            const QString name = u"claimer-connection-%1"_s.arg(i);
            {
                ServerConnection connection;
                if (!connection.open(addresses[i], name)) {
                    ++failures;
                    ready.count_down();
                    return;
                }
                QSqlQuery call(QSqlDatabase::database(name, false));
                call.prepare(u"SELECT deskline.apply_mutation(?::uuid, 'ticket.claim', ?::jsonb)::text"_s);
                call.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
                call.addBindValue(u"{\"ticket_id\": %1}"_s.arg(ticket));
                ready.arrive_and_wait(); // all connected: now claim at once
                if (!call.exec() || !call.next()) {
                    ++failures;
                } else {
                    const QJsonObject outcome = QJsonDocument::fromJson(call.value(0).toString().toUtf8()).object();
                    if (outcome.value(u"status"_s) == u"applied"_s)
                        ++applied;
                    else if (outcome.value(u"reason"_s) == u"already_claimed"_s)
                        ++refusedWithWinner,
                            winners[i] = outcome.value(u"result"_s).toObject().value(u"assignee_name"_s).toString();
                }
                QSqlDatabase::database(name, false).close();
            }
            QSqlDatabase::removeDatabase(name);
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    CHECK(failures == 0);
    CHECK(applied == 1);
    CHECK(refusedWithWinner == claimers - 1);
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"SELECT a.name FROM deskline.tickets t JOIN deskline.agents a ON a.id = t.assignee_id"
                       " WHERE t.id = %1"_s.arg(ticket)));
    REQUIRE(admin.next());
    const QString winner = admin.value(0).toString();
    for (const QString &seen : std::as_const(winners)) {
        if (!seen.isEmpty())
            CHECK(seen == winner);
    }
}

TEST_CASE("The shared database allows the same status moves as the desks", "[server][lifecycle]")
{
    TestServer server;
    QSqlQuery rows(server.admin());
    REQUIRE(rows.exec(u"SELECT from_status, to_status FROM deskline.status_transitions ORDER BY 1, 2"_s));
    QList<TicketLifecycle::Transition> onServer;
    while (rows.next())
        onServer.append(
            {fieldFromInt<TicketStatus>(rows.value(0).toInt()), fieldFromInt<TicketStatus>(rows.value(1).toInt())});
    QList<TicketLifecycle::Transition> onDesk = TicketLifecycle::transitions();
    std::sort(onDesk.begin(), onDesk.end());
    CHECK(onServer == onDesk);
}

TEST_CASE("New tickets go to a team's online agents by turns or by load, within their capacity", "[server][assign]")
{
    TestServer server;
    Login sam(server.as(u"sam"_s), u"sam"_s); // L1's supervisor: tickets sam creates wait in L1
    Login alice(server.as(u"alice"_s), u"alice"_s);
    const qint64 aliceId = server.agentId(u"alice"_s);
    const qint64 bobId = server.agentId(u"bob"_s);
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"SELECT team_id FROM deskline.agents WHERE id = %1"_s.arg(aliceId)));
    REQUIRE(admin.next());
    const QString l1 = admin.value(0).toString();
    const auto assignee = [&](qint64 ticket) {
        QSqlQuery q(server.admin());
        REQUIRE(q.exec(u"SELECT coalesce(assignee_id, 0) FROM deskline.tickets WHERE id = %1"_s.arg(ticket)));
        REQUIRE(q.next());
        return q.value(0).toLongLong();
    };
    // Presence as the desks' heartbeats leave it: seen now, or a minute ago (gone).
    const auto seen = [&](qint64 agent, int secondsAgo) {
        QSqlQuery q(server.admin());
        REQUIRE(q.exec(u"INSERT INTO deskline.presence (agent_id, seen_at) VALUES (%1, now() - interval '%2 seconds')"
                       " ON CONFLICT (agent_id) DO UPDATE SET seen_at = excluded.seen_at"_s.arg(agent)
                           .arg(secondsAgo)));
    };
    const auto setting = [&](const QString &connection, const QString &key, const QJsonObject &value) {
        return mutate(connection, u"setting.save"_s, {{u"key"_s, key}, {u"value"_s, value}})
            .value(u"status"_s)
            .toString();
    };
    seen(aliceId, 0);
    seen(bobId, 0);

    // Without the setting a new ticket waits in the queue.
    CHECK(assignee(createTicket(u"sam"_s, u"Before"_s)) == 0);
    // Only a supervisor switches it on, and only to a known way.
    CHECK(setting(u"alice"_s, u"auto_assign"_s, {{l1, u"round_robin"_s}}) == u"rejected"_s);
    CHECK(setting(u"sam"_s, u"auto_assign"_s, {{l1, u"at_random"_s}}) == u"rejected"_s);
    REQUIRE(setting(u"sam"_s, u"auto_assign"_s, {{l1, u"round_robin"_s}}) == u"applied"_s);

    // Round robin: each online agent in turn (sam, a supervisor, is never given one).
    const qint64 first = assignee(createTicket(u"sam"_s, u"One"_s));
    const qint64 second = assignee(createTicket(u"sam"_s, u"Two"_s));
    const qint64 third = assignee(createTicket(u"sam"_s, u"Three"_s));
    CHECK(QSet<qint64>{first, second} == QSet<qint64>{aliceId, bobId});
    CHECK(third == first);
    REQUIRE(admin.exec(u"SELECT action, detail FROM deskline.ticket_events e JOIN deskline.tickets t"
                       " ON t.id = e.ticket_id WHERE t.subject = 'One'"_s));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toString() == u"auto_assign"_s);
    CHECK(admin.value(1).toString() == server.login(first == aliceId ? u"alice"_s : u"bob"_s));

    // By load: whoever holds fewer open tickets (second holds one, first two).
    REQUIRE(setting(u"sam"_s, u"auto_assign"_s, {{l1, u"by_load"_s}}) == u"applied"_s);
    CHECK(assignee(createTicket(u"sam"_s, u"Four"_s)) == second);
    // Both hold two now; a capacity of two fills `second` up, so `first` gets the next.
    REQUIRE(setting(u"sam"_s, u"agent_capacity"_s, {{QString::number(second), 2}}) == u"applied"_s);
    CHECK(assignee(createTicket(u"sam"_s, u"Five"_s)) == first);

    // An agent whose desk is gone gets nothing; nobody online leaves the ticket in the queue.
    REQUIRE(setting(u"sam"_s, u"agent_capacity"_s, {}) == u"applied"_s);
    seen(first, 60);
    CHECK(assignee(createTicket(u"sam"_s, u"Six"_s)) == second);
    // An agent away from a desk still signed in is passed over as well.
    const QString secondLogin = second == aliceId ? u"alice"_s : u"bob"_s;
    Login secondDesk(server.as(secondLogin), u"second-desk"_s);
    QSqlQuery away(QSqlDatabase::database(u"second-desk"_s, false));
    REQUIRE(away.exec(u"SELECT deskline.set_presence(NULL, false, true)"_s));
    CHECK(assignee(createTicket(u"sam"_s, u"Seven"_s)) == 0);
    REQUIRE(admin.exec(u"SELECT away FROM deskline.v_presence WHERE agent_id = %1"_s.arg(second)));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toBool());
    REQUIRE(away.exec(u"SELECT deskline.set_presence(NULL, false, false)"_s));
    CHECK(assignee(createTicket(u"sam"_s, u"Eight"_s)) == second);

    // A ticket its creator takes is not handed out: the desk's claim follows.
    seen(aliceId, 0);
    const QJsonObject mine = mutate(u"alice"_s, u"ticket.create"_s,
                                    {{u"client_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                     {u"subject"_s, u"Mine"_s},
                                     {u"channel"_s, 2},
                                     {u"category"_s, 0},
                                     {u"priority"_s, 1},
                                     {u"assign_to_me"_s, true},
                                     {u"customer"_s, QJsonObject{{u"name"_s, u"李雷"_s}}}});
    REQUIRE(mine.value(u"status"_s).toString() == u"applied"_s);
    CHECK(assignee(mine.value(u"result"_s).toObject().value(u"ticket_id"_s).toInteger()) == 0);
}
