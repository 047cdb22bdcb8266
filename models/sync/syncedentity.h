#pragma once

#include "syncedcolumn.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

class QSqlQuery;

// One kind of row the desk copies from the shared database: the server's view it is read from,
// the desk's table it goes to, and its columns in pairs. The server reads, the local inserts
// and upserts and the acknowledgement of rows this desk created are built from it, so a new
// field is one column here plus a migration on each side. Rows read so (ServerRows) hold one
// value per distinct server column, in the order of serverColumns(), and are read by name.
class SyncedEntity
{
public:
    // How the server's answer to the mutation that creates such a row gives this desk its id.
    struct Acknowledgement {
        QString mutation;      // "ticket.escalate"
        QString resultKey;     // "escalation_id"
        bool byTicket = false; // matched by the mutation's local ticket id, not its client_id
        bool dropWhenRefused = false;
    };

    // conflictKey: the local column an upsert matches on; partial (unique where set) unless "id".
    SyncedEntity(QString name, QString serverView, QString localTable, QString conflictKey,
                 QList<SyncedColumn> columns);

    SyncedEntity &withVersion(QString serverColumn);
    // The server column that names a row in change_log ("id" unless set: a message's mail facts
    // are named by their message_id).
    SyncedEntity &keyedBy(QString serverColumn);
    SyncedEntity &acknowledgedBy(Acknowledgement acknowledgement);

    const QString &name() const { return m_name; } // as in change_log
    const QString &serverView() const { return m_serverView; }
    const QString &localTable() const { return m_localTable; } // empty: not one table (settings)
    const QString &conflictKey() const { return m_conflictKey; }
    const QString &versionColumn() const { return m_version; } // empty: not versioned
    const QString &serverKey() const { return m_serverKey; }
    const QList<SyncedColumn> &columns() const { return m_columns; }
    const QStringList &serverColumns() const { return m_serverColumns; }
    const Acknowledgement &acknowledgement() const { return m_acknowledgement; }

    // Position of a server column in a row read by selectSql().
    int indexOf(const QString &serverColumn) const;
    const QVariant &value(const QVariantList &row, const QString &serverColumn) const
    {
        return row[indexOf(serverColumn)];
    }
    qint64 serverId(const QVariantList &row) const { return value(row, m_serverKey).toLongLong(); }

    // Rows whose `key` column is among the ids bound (a PostgreSQL array literal), by id.
    QString selectSql(const QString &key) const;
    // The SELECT list of those rows, one item per server column.
    QString selectList() const;
    // The desk's column that holds the server's id.
    const QString &localServerIdColumn() const { return m_localServerId; }

    const QString &insertSql() const { return m_insertSql; }
    // With columns the applier derives, and their values' SQL.
    QString insertSql(const QStringList &moreColumns, const QStringList &moreValues) const;
    // Inserts, or updates the row with the same conflictKey() (leaves it, when nothing is updated).
    const QString &upsertSql() const { return m_upsertSql; }
    // Inserts unless a row with the same conflictKey() is here.
    const QString &insertNewSql() const { return m_insertNewSql; }
    // "column = :column, …" of the columns updated when a row comes again, for an UPDATE.
    const QString &assignmentsSql() const { return m_assignmentsSql; }
    // Binds every stored column but those the applier binds itself.
    void bind(QSqlQuery &query, const QVariantList &row) const;

    // For the acknowledgement: the server's id for a row this desk created, and taking such a
    // row back; :server_id, and :ticket or :client_id as acknowledgement().byTicket says.
    QString acknowledgeSql() const;
    QString dropRefusedSql() const;

private:
    QString m_name;
    QString m_serverView;
    QString m_localTable;
    QString m_conflictKey;
    QString m_version;
    QString m_serverKey = QStringLiteral("id");
    QString m_localServerId;
    QList<SyncedColumn> m_columns;
    QStringList m_serverColumns;
    QList<int> m_valueIndex; // per column, its place in a row
    QHash<QString, int> m_indexOf;
    // Built once: the applier asks for them for every batch.
    QString m_insertSql, m_upsertSql, m_insertNewSql, m_assignmentsSql;
    Acknowledgement m_acknowledgement;
};
