#pragma once

#include "intakebackend.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <map>

// The HTTP intake in team mode: requests and call events go into the team's PostgreSQL
// through the functions of the deskline_gateway role (gateway_intake_request and
// gateway_intake_call: each one transaction with its webhook-id, so a repeat to this gateway
// or another one gets the first answer), their files put once per content by SHA-256. The
// words an agent reads (a subject when there was none, a call's note) are made here, in the
// gateway's language, as RequestIntake and CallIntake make them on a standalone desk.
class ServerIntakeBackend : public IntakeBackend
{
    Q_DECLARE_TR_FUNCTIONS(ServerIntakeBackend)

public:
    // The HTTP threads a team's intake serves on, each with a backend (and a connection) of its
    // own: PostgreSQL takes their transactions side by side, where one thread would queue every
    // request behind the one before it.
    static constexpr int httpThreads = 4;

    // The connection registered under connectionName (ServerConnection::open, in the thread
    // that uses this backend), logged in with a member of deskline_gateway; the backend closes
    // and removes it when it goes.
    explicit ServerIntakeBackend(QString connectionName);
    ~ServerIntakeBackend() override;
    ServerIntakeBackend(const ServerIntakeBackend &) = delete;
    ServerIntakeBackend &operator=(const ServerIntakeBackend &) = delete;

    std::optional<QList<IntakeSource>> sources() override;
    std::optional<RequestIntake::Result> take(const IntakeSource &source, const QString &webhookId,
                                              const IntakeRequest &request) override;
    std::optional<CallIntake::Result> takeCall(const IntakeSource &source, const QString &webhookId,
                                               const CallEvent &event) override;
    QString errorString() const override { return m_error; }

private:
    // The statement sql, prepared once on this connection and then run again as it is: a
    // request then costs the server one round trip rather than a prepare, an exec and a
    // deallocate. Dropped with the connection they were prepared on.
    QSqlQuery *statement(const QString &sql);
    // Runs a prepared statement; a lost connection is opened again once.
    bool run(QSqlQuery &query, const QVariantList &values);
    std::optional<QJsonObject> call(const QString &function, const QVariantList &values);

    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_error;
    std::map<QString, QSqlQuery> m_statements;
    bool m_reopened = false;
};
