#include "catchcompat.h"
#include "syncedentities.h"
#include "testserver.h"
#include "teststore.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

// What of the description the server's view lacks: its plain columns by name, and whatever
// else stops its SELECT (an expression over a column that is not there).
QStringList missingOnServer(const QSqlDatabase &server, const SyncedEntity &entity)
{
    QSqlQuery columns(server);
    columns.prepare(u"SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema || '.' || table_name = ?"_s);
    columns.addBindValue(entity.serverView());
    REQUIRE(columns.exec());
    QSet<QString> present;
    while (columns.next())
        present.insert(columns.value(0).toString());
    QStringList missing;
    if (present.isEmpty())
        missing << entity.serverView();
    for (const SyncedColumn &column : entity.columns()) {
        if (column.selectItem() == column.server() && !present.contains(column.server()))
            missing << entity.serverView() + u'.' + column.server();
    }
    QSqlQuery select(server);
    select.prepare(entity.selectSql(entity.serverKey()));
    select.addBindValue(u"{}"_s);
    if (!select.exec())
        missing << select.lastError().text();
    return missing;
}

// What the desk's migrated store lacks: the described columns, and any statement built from the
// description that SQLite refuses (an ON CONFLICT without its unique index, say).
QStringList missingLocally(const QSqlDatabase &local, const SyncedEntity &entity)
{
    QStringList missing;
    if (entity.localTable().isEmpty())
        return missing; // written by code of its own
    QSqlQuery info(local);
    REQUIRE(info.exec(u"SELECT name FROM pragma_table_info('%1')"_s.arg(entity.localTable())));
    QSet<QString> present;
    while (info.next())
        present.insert(info.value(0).toString());
    if (present.isEmpty())
        missing << entity.localTable();
    for (const SyncedColumn &column : entity.columns()) {
        if (column.stored() && !present.contains(column.local()))
            missing << entity.localTable() + u'.' + column.local();
    }
    QStringList statements{entity.insertSql(), entity.upsertSql(), entity.insertNewSql(),
                           u"UPDATE %1 SET %2 WHERE 0"_s.arg(entity.localTable(), entity.assignmentsSql())};
    if (!entity.acknowledgement().mutation.isEmpty())
        statements << entity.acknowledgeSql() << entity.dropRefusedSql();
    for (const QString &sql : std::as_const(statements)) {
        QSqlQuery statement(local);
        if (!statement.prepare(sql))
            missing << sql + u": "_s + statement.lastError().text();
    }
    return missing;
}

} // namespace

TEST_CASE("Every synced entity's columns are in the server's views and the desk's tables", "[sync][entities]")
{
    TestServer server;
    TestStore store;
    for (const SyncedEntity &entity : SyncedEntities::all()) {
        INFO(entity.name().toStdString());
        CHECK(missingOnServer(server.admin(), entity) == QStringList());
        CHECK(missingLocally(store.store->database(), entity) == QStringList());
    }
}

TEST_CASE("A description that names a column one side lacks is caught", "[sync][entities]")
{
    TestServer server;
    TestStore store;
    const SyncedEntity &ticket = SyncedEntities::get(u"ticket"_s);
    QList<SyncedColumn> columns = ticket.columns();
    columns << SyncedColumn{u"snoozed_until"_s, u"snoozed_until"_s, SyncedColumn::Conversion::OptionalInt64};
    const SyncedEntity withNewField(ticket.name(), ticket.serverView(), ticket.localTable(), ticket.conflictKey(),
                                    columns);
    CHECK(missingOnServer(server.admin(), withNewField).contains(u"deskline.v_tickets.snoozed_until"_s));
    CHECK(missingLocally(store.store->database(), withNewField).contains(u"tickets.snoozed_until"_s));

    // The two migrations add it, and the description holds again.
    QSqlQuery(server.admin()).exec(u"ALTER TABLE deskline.tickets ADD COLUMN snoozed_until bigint"_s);
    QSqlQuery view(server.admin());
    REQUIRE(view.exec(u"SELECT pg_get_viewdef('deskline.v_tickets'::regclass)"_s));
    REQUIRE(view.next());
    QString definition = view.value(0).toString().trimmed();
    if (definition.endsWith(u';'))
        definition.chop(1);
    // The view's text names its tables as the search path finds them.
    static const QRegularExpression from(u"\\s+FROM\\s+(deskline\\.)?tickets t\\b"_s);
    const QRegularExpressionMatch match = from.match(definition);
    REQUIRE(match.hasMatch());
    definition.insert(match.capturedStart(), u", t.snoozed_until"_s);
    QSqlQuery replace(server.admin());
    INFO(definition.toStdString());
    REQUIRE(replace.exec(u"SET search_path TO deskline, public"_s));
    REQUIRE(replace.exec(u"CREATE OR REPLACE VIEW deskline.v_tickets WITH (security_barrier) AS "_s + definition));
    REQUIRE(replace.exec(u"RESET search_path"_s));
    QSqlQuery local(store.store->database());
    REQUIRE(local.exec(u"ALTER TABLE tickets ADD COLUMN snoozed_until INTEGER"_s));
    CHECK(missingOnServer(server.admin(), withNewField) == QStringList());
    CHECK(missingLocally(store.store->database(), withNewField) == QStringList());
}
