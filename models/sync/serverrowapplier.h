#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <initializer_list>
#include <optional>

class LocalStore;
class SyncedEntity;

// Rows as a view returns them: one value per server column of the entity's description
// (SyncedEntity::serverColumns()), read by name through it.
using ServerRows = QList<QVariantList>;

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
    using Fetched = QHash<QString, ServerRows>;
    // read: rows of some of those entities, already read in the same snapshot as the changes
    // (the pull brings a changed ticket's row with it); the rest are fetched here.
    bool apply(const Changes &changes, const Fetched &read = {});

    // The same in two halves, so that rows can be read on another connection (and thread)
    // while the previous batch is written. fetch() reads rows of one entity whose `key` column
    // is among `ids`; applyFetched() writes rows read so, parents first.
    static bool fetch(QSqlDatabase server, const QString &entity, const QString &key, const QList<qint64> &ids,
                      ServerRows &rows, QString *error);
    // ids as a PostgreSQL array literal, for "= ANY(?::bigint[])".
    static QString idArray(const QList<qint64> &ids);
    static qint64 customerOfTicketRow(const QVariantList &ticketRow);
    bool applyFetched(const Fetched &fetched);

    // Local ids of what changed since the last takeChanged(): for the views to refresh.
    QList<qint64> takeChangedTickets();
    QList<qint64> takeTicketsWithNewMessages();
    // Whether a team setting (LocalStore::sharedSettingKeys()) changed.
    bool takeSettingsChanged();
    // Fields this agent had set that another agent's later change replaced.
    struct Overwrite {
        qint64 ticketId;
        QString field; // "priority" or "category"
        qint64 byAgentId;
    };
    QList<Overwrite> takeOverwrites();

    // Every team setting as the server has it: one it lacks goes back to its default.
    bool writeSettings(const ServerRows &rows, bool complete);

    // Re-applies this desk's queued changes over a ticket just copied from the server.
    bool replayPending(qint64 localTicketId);

    // The first copy leaves the full-text index to a later pass (see SyncEngine).
    void setDeferSearchIndex(bool defer) { m_deferSearchIndex = defer; }

    QString errorString() const { return m_error; }

private:
    bool fetchAndWrite(const QString &entity, const QList<qint64> &ids, const ServerRows *read = nullptr);
    bool write(const SyncedEntity &entity, const ServerRows &rows);
    bool upsert(const SyncedEntity &entity, const ServerRows &rows);
    bool writeAgents(const SyncedEntity &entity, const ServerRows &rows);
    bool writeCustomerRecords(const SyncedEntity &entity, const ServerRows &rows);
    bool writeTickets(const SyncedEntity &entity, const ServerRows &rows);
    std::optional<QStringList> changedTicketColumns(const SyncedEntity &entity, const QList<int> &updatedColumns,
                                                    const QString &currentSql, qint64 localId, const QVariantList &row,
                                                    qint64 localCustomerId, const QVariantList &clockValues);
    bool writeTags(qint64 localTicketId, const QString &tags, bool isNew);
    bool followReplyClock(qint64 localTicketId);
    bool writeMessages(const SyncedEntity &entity, const ServerRows &rows);
    bool writeAttachments(const SyncedEntity &entity, const ServerRows &rows);
    bool writeMessageFacts(const SyncedEntity &entity, const ServerRows &rows);
    struct LocalMessage {
        qint64 id;
        qint64 ticketId;
    };
    // The local messages of rows about a message, by the server's message id (absent: not here).
    std::optional<QHash<qint64, LocalMessage>> messagesOfRows(const SyncedEntity &entity, const ServerRows &fetched);
    bool writeEscalations(const SyncedEntity &entity, const ServerRows &rows);
    bool writeSurveys(const SyncedEntity &entity, const ServerRows &rows);
    bool writeTimeEntries(const SyncedEntity &entity, const ServerRows &rows);
    bool writeChats(const SyncedEntity &entity, const ServerRows &rows);
    bool removeChats(const QSet<qint64> &serverTicketIds);
    bool writeRules(const SyncedEntity &entity, const ServerRows &rows);
    bool writeEvents(const SyncedEntity &entity, const ServerRows &rows);
    bool insertTicketPart(const SyncedEntity &entity, const QVariantList &row, qint64 localTicketId);
    bool removeTickets(const QSet<qint64> &serverIds);
    QHash<qint64, qint64> localIds(const QString &table, const QSet<qint64> &serverIds);
    bool prefetch(const QSet<qint64> &customers, const QSet<qint64> &agents, const QSet<qint64> &teams);
    std::optional<QHash<qint64, qint64>> ticketsOfRows(const SyncedEntity &entity, const ServerRows &fetched,
                                                       std::initializer_list<QString> agentColumns,
                                                       std::initializer_list<QString> teamColumns);
    bool fail(const QString &message);

    QSqlDatabase m_server;
    QHash<QString, QSqlQuery> m_serverStatements; // by entity, prepared on m_server
    LocalStore &m_local;
    QSet<qint64> m_changedTickets;
    QSet<qint64> m_ticketsWithNewMessages;
    QList<Overwrite> m_overwritten;
    QString m_error;
    // The UPDATE statements of the sets of ticket columns seen changing (writeTickets).
    static constexpr qsizetype maxTicketUpdateStatements = 64;
    QSet<QString> m_ticketUpdates;
    bool m_deferSearchIndex = false;
    bool m_settingsChanged = false;
};
