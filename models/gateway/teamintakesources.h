#pragma once

#include "intakesecrets.h"
#include "serverintakesources.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// `deskctl channel add-source|list-sources|rotate-secret|remove-source --url` for a team: the
// source on the team's server (ServerIntakeSources, as a supervisor or administrator), its
// secret in the owner-only file of the gateway's machine (IntakeSecrets), which every gateway
// of the team reads. Checked as on a standalone desk (IntakeSources::checkFields) first.
class TeamIntakeSources
{
    Q_DECLARE_TR_FUNCTIONS(TeamIntakeSources)

public:
    TeamIntakeSources(QSqlDatabase db, IntakeSecrets &secrets);

    // The source added to the queue named team (empty: the default one) and its secret, made
    // now and shown this once.
    std::optional<QString> add(const IntakeSource &input, const QString &team);
    std::optional<QString> rotateSecret(const QString &name, qint64 graceMs, qint64 nowMs);
    bool remove(const QString &name);
    std::optional<QList<ServerIntakeSources::Listed>> list();

    QString errorString() const { return m_error; }

private:
    ServerIntakeSources m_server;
    IntakeSecrets &m_secrets;
    QString m_error;
};
