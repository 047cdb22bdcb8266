#pragma once

#include "intakebackend.h"

#include <QCoreApplication>
#include <QSqlDatabase>

class QSqlQuery;

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
    // Runs a prepared statement; a lost connection is opened again once.
    bool run(QSqlQuery &query, const QVariantList &values);
    std::optional<QJsonObject> call(const QString &function, const QVariantList &values);

    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_error;
};
