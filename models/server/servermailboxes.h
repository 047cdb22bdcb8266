#pragma once

#include "mailbox.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// The team's mailboxes on the shared database, as a supervisor or an administrator changes
// them (`deskctl channel … --url`): the server refuses anyone else. Passwords never go there.
class ServerMailboxes
{
    Q_DECLARE_TR_FUNCTIONS(ServerMailboxes)

public:
    struct Listed {
        Mailbox mailbox;
        QString team; // empty: the default queue
    };

    explicit ServerMailboxes(QSqlDatabase db);

    // mailbox as ChannelService::checkFields made it; team by name, empty for none.
    std::optional<qint64> add(const Mailbox &mailbox, const QString &team);
    QList<Listed> list();
    std::optional<Listed> byName(const QString &name);
    bool remove(const QString &name);
    QString errorString() const { return m_error; }

private:
    QSqlDatabase m_db;
    QString m_error;
};
