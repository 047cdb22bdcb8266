#include "serverconnection.h"

#include "serverschema.h"
#include "sqlerrortext.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

bool ServerConnection::fail(Problem problem, const QString &message)
{
    m_problem = problem;
    m_error = message;
    return false;
}

bool ServerConnection::open(const ServerAddress &address, const QString &connectionName)
{
    m_problem = Problem::None;
    m_error.clear();
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return fail(Problem::NoDriver, tr("The PostgreSQL driver of Qt (QPSQL) is not installed."));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    db.setHostName(address.host);
    db.setPort(address.port);
    db.setDatabaseName(address.database);
    db.setUserName(address.login);
    db.setPassword(address.password);
    db.setConnectOptions(u"connect_timeout=5;sslmode=%1;application_name=deskline"_s.arg(address.sslMode));
    if (db.open())
        return true;
    // libpq reports connection failures as text only; these phrases are stable across versions.
    const QString why = db.lastError().databaseText().isEmpty() ? db.lastError().text() : db.lastError().databaseText();
    const QString where = u"%1:%2"_s.arg(address.host).arg(address.port);
    if (why.contains(u"password authentication failed"_s) || why.contains(u"no password supplied"_s) ||
        why.contains(u"fe_sendauth"_s))
        return fail(
            Problem::WrongPassword,
            tr("The server at %1 refused login \"%2\": wrong password or unknown login.").arg(where, address.login));
    if (why.contains(u"does not exist"_s) && why.contains(u"database"_s))
        return fail(Problem::NoDatabase, tr("The server at %1 has no database \"%2\".").arg(where, address.database));
    if (why.contains(u"could not connect"_s) || why.contains(u"Connection refused"_s) ||
        why.contains(u"could not translate host name"_s) || why.contains(u"timeout expired"_s) ||
        why.contains(u"No route to host"_s) || why.contains(u"Network is unreachable"_s))
        return fail(
            Problem::Unreachable,
            tr("Cannot reach the server at %1. Check the host and port, and that the server is running.").arg(where));
    return fail(Problem::Other, tr("Cannot connect to %1: %2").arg(where, why.trimmed()));
}

bool ServerConnection::openAsDesk(const ServerAddress &address, const QString &connectionName)
{
    if (!open(address, connectionName))
        return false;
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    ServerSchema schema(db);
    const std::optional<int> installed = schema.installedVersion();
    if (!installed)
        return fail(Problem::Other, schema.errorString());
    const int version = *installed;
    if (version == 0)
        return fail(Problem::NoSchema, tr("The database \"%1\" has no Deskline schema yet. An administrator "
                                          "sets it up with: deskctl server init --url URL")
                                           .arg(address.database));
    if (version < ServerSchema::latestVersion())
        return fail(Problem::OldSchema, tr("The database has Deskline schema version %1; this program needs %2. "
                                           "An administrator upgrades it with: deskctl server init --url URL")
                                            .arg(version)
                                            .arg(ServerSchema::latestVersion()));
    if (version > ServerSchema::latestVersion())
        return fail(Problem::NewerSchema, tr("The database was set up by a newer Deskline (schema version %1; this "
                                             "program knows up to %2). Install the newer version.")
                                              .arg(version)
                                              .arg(ServerSchema::latestVersion()));
    QSqlQuery who(db);
    if (!who.exec(u"SELECT agent_id FROM deskline.whoami()"_s) || !who.next())
        return fail(Problem::NotAnAgent, tr("The login \"%1\" is not a Deskline agent. An administrator adds it "
                                            "with: deskctl server add-agent")
                                             .arg(address.login));
    return true;
}

bool ServerConnection::execReopening(QSqlDatabase &db, QSqlQuery &query, const QVariantList &values, QString *error,
                                     bool *reopened)
{
    if (reopened)
        *reopened = false;
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values.at(i));
        if (query.exec())
            return true;
        *error = sqlErrorText(query.lastError());
        if (attempt > 0 || (query.lastError().type() != QSqlError::ConnectionError && db.isOpen()))
            return false;
        const QString statement = query.lastQuery();
        db.close();
        if (reopened)
            *reopened = true;
        if (!db.open()) {
            *error = sqlErrorText(db.lastError());
            return false;
        }
        query = QSqlQuery(db);
        if (!query.prepare(statement)) {
            *error = sqlErrorText(query.lastError());
            return false;
        }
    }
    return false;
}

bool ServerConnection::ensureOpen(QSqlDatabase &db, QString *error)
{
    if (db.isOpen())
        return true;
    if (db.open())
        return true;
    *error = sqlErrorText(db.lastError());
    return false;
}

bool ServerConnection::prepare(QSqlQuery &query, const QString &sql, QString *error)
{
    if (query.prepare(sql))
        return true;
    *error = sqlErrorText(query.lastError());
    return false;
}

bool ServerConnection::prepareReopening(QSqlDatabase &db, QSqlQuery &query, const QString &sql, QString *error)
{
    if (!ensureOpen(db, error))
        return false;
    query = QSqlQuery(db);
    if (query.prepare(sql))
        return true;
    db.close();
    if (!ensureOpen(db, error))
        return false;
    query = QSqlQuery(db);
    return prepare(query, sql, error);
}
