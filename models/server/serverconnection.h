#pragma once

#include "servercheck.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

class QSqlQuery;

// Opens connections to the shared database and tells apart why one cannot be opened, so
// the agent gets a message that says what to fix.
class ServerConnection
{
    Q_DECLARE_TR_FUNCTIONS(ServerConnection)

public:
    using Problem = ServerCheck::Problem;

    // Opens (and registers under connectionName) a connection; check problem() on failure.
    bool open(const ServerAddress &address, const QString &connectionName);
    // open() plus the schema version check and the agent lookup a desk needs.
    bool openAsDesk(const ServerAddress &address, const QString &connectionName);

    // Runs a prepared statement with values bound by position; when the connection was lost
    // (the server restarted, the network dropped) it opens db again and runs it once more, and
    // says so in *reopened (set even when opening failed): the session's locks are gone. false with *error.
    static bool execReopening(QSqlDatabase &db, QSqlQuery &query, const QVariantList &values, QString *error,
                              bool *reopened = nullptr);
    // Opens db again when an earlier execReopening closed it and could not open it (the server
    // was down then): a statement is prepared on an open connection only. false with *error.
    static bool ensureOpen(QSqlDatabase &db, QString *error);
    // query.prepare(sql), the driver's reason in *error when it fails (a lost connection shows
    // there first with QPSQL, before the statement ever runs).
    static bool prepare(QSqlQuery &query, const QString &sql, QString *error);
    // ensureOpen() and prepare(), and when the statement cannot even be prepared, db opened
    // again and the statement prepared once more: QPSQL shows a connection the server's
    // restart closed there, before any execReopening() could open it. false with *error.
    static bool prepareReopening(QSqlDatabase &db, QSqlQuery &query, const QString &sql, QString *error);

    Problem problem() const { return m_problem; }
    QString errorString() const { return m_error; }

private:
    bool fail(Problem problem, const QString &message);

    Problem m_problem = Problem::None;
    QString m_error;
};
