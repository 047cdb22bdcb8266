#pragma once

#include "intakesource.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// The team's HTTP intake sources on the shared database, as a supervisor or an administrator
// changes them (`deskctl channel add-source … --url`): the server refuses anyone else. Their
// secrets never go there (IntakeSecrets keeps them on the gateway's machine).
class ServerIntakeSources
{
    Q_DECLARE_TR_FUNCTIONS(ServerIntakeSources)

public:
    struct Listed {
        IntakeSource source;
        QString team; // empty: the default queue
    };

    explicit ServerIntakeSources(QSqlDatabase db);

    // source as IntakeSources::checkFields made it; team by name, empty for none.
    std::optional<qint64> add(const IntakeSource &source, const QString &team);
    // nullopt with errorString() when they could not be read.
    std::optional<QList<Listed>> list();
    std::optional<Listed> byName(const QString &name);
    bool remove(const QString &name);
    QString errorString() const { return m_error; }
    // The last add() was refused because the name is taken.
    bool nameTaken() const { return m_nameTaken; }

private:
    QSqlDatabase m_db;
    QString m_error;
    bool m_nameTaken = false;
};
