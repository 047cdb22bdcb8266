#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

class LocalStore;

// Copies rows from the shared database's views into the desk's store. Local ids are the
// desk's own: server_id maps tickets, customers, orders and devices, client_id matches what
// this desk created; agents and teams keep the server's ids. Writes no transaction of its
// own: the caller wraps a batch (and the cursor that goes with it) in one.
class ServerRowApplier
{
    Q_DECLARE_TR_FUNCTIONS(ServerRowApplier)

public:
    ServerRowApplier(QSqlDatabase server, LocalStore &local);

    // Entity name as in change_log ("ticket", "message", ...) → server ids to refresh.
    using Changes = QHash<QString, QSet<qint64>>;
    bool apply(const Changes &changes);

    // Local ids of what changed since the last takeChanged(): for the views to refresh.
    QList<qint64> takeChangedTickets();
    QList<qint64> takeTicketsWithNewMessages();
    // Fields this agent had set that another agent's later change replaced.
    struct Overwrite {
        qint64 ticketId;
        QString field; // "priority" or "category"
        qint64 byAgentId;
    };
    QList<Overwrite> takeOverwrites();

    // Re-applies this desk's queued changes over a ticket just copied from the server.
    bool replayPending(qint64 localTicketId);

    // The first copy leaves the full-text index to a later pass (see SyncEngine).
    void setDeferSearchIndex(bool defer) { m_deferSearchIndex = defer; }

    QString errorString() const { return m_error; }

private:
    bool applyTeams(const QList<qint64> &ids);
    bool applyAgents(const QList<qint64> &ids);
    bool applyCustomers(const QList<qint64> &ids);
    bool applyOrders(const QList<qint64> &ids);
    bool applyDevices(const QList<qint64> &ids);
    bool applyCustomerRecords(const QString &view, const QString &table, const QStringList &columns,
                              const QList<qint64> &ids);
    bool applyTickets(const QList<qint64> &ids);
    bool applyMessages(const QList<qint64> &ids);
    QHash<qint64, qint64> localIds(const QString &table, const QSet<qint64> &serverIds);
    bool prefetch(const QSet<qint64> &customers, const QSet<qint64> &agents, const QSet<qint64> &teams);
    bool serverQuery(QSqlQuery &query, const QString &sql, const QList<qint64> &ids);
    bool fail(const QString &message);

    QSqlDatabase m_server;
    LocalStore &m_local;
    QSet<qint64> m_changedTickets;
    QSet<qint64> m_ticketsWithNewMessages;
    QList<Overwrite> m_overwritten;
    QString m_error;
    bool m_deferSearchIndex = false;
};
