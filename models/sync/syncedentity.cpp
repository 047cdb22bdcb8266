#include "syncedentity.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

SyncedEntity::SyncedEntity(QString name, QString serverView, QString localTable, QString conflictKey,
                           QList<SyncedColumn> columns)
    : m_name(std::move(name))
    , m_serverView(std::move(serverView))
    , m_localTable(std::move(localTable))
    , m_conflictKey(std::move(conflictKey))
    , m_columns(std::move(columns))
{
    // One server column may fill two local ones (a ticket's merged_into is both a local id and
    // the server's id kept until that ticket is here): it is read once.
    for (const SyncedColumn &column : std::as_const(m_columns)) {
        auto found = m_indexOf.constFind(column.server());
        if (found == m_indexOf.cend()) {
            found = m_indexOf.insert(column.server(), int(m_serverColumns.size()));
            m_serverColumns << column.server();
        }
        m_valueIndex << *found;
        if (column.server() == m_serverKey && column.stored() && m_localServerId.isEmpty())
            m_localServerId = column.local();
    }
    // Without an "id" the description names its key with keyedBy().
    if (m_localTable.isEmpty())
        return; // written by code of its own
    m_insertSql = insertSql({}, {});
    QStringList assignments, updates;
    for (const SyncedColumn &column : std::as_const(m_columns)) {
        if (!column.updated())
            continue;
        assignments << column.local() + u" = "_s + column.valueSql();
        if (column.local() != m_conflictKey)
            updates << u"%1 = excluded.%1"_s.arg(column.local());
    }
    m_assignmentsSql = assignments.join(u", "_s);
    // Local ids are the desk's own primary key; server and client ids are unique only where set.
    const QString onConflict =
        m_conflictKey == u"id" ? u" ON CONFLICT(id)"_s : u" ON CONFLICT(%1) WHERE %1 IS NOT NULL"_s.arg(m_conflictKey);
    m_insertNewSql = m_insertSql + onConflict + u" DO NOTHING"_s;
    m_upsertSql =
        updates.isEmpty() ? m_insertNewSql : m_insertSql + onConflict + u" DO UPDATE SET "_s + updates.join(u", "_s);
}

SyncedEntity &SyncedEntity::withVersion(QString serverColumn)
{
    Q_ASSERT(m_indexOf.contains(serverColumn));
    m_version = std::move(serverColumn);
    return *this;
}

SyncedEntity &SyncedEntity::keyedBy(QString serverColumn)
{
    Q_ASSERT(m_indexOf.contains(serverColumn));
    m_serverKey = std::move(serverColumn);
    m_localServerId.clear();
    for (const SyncedColumn &column : std::as_const(m_columns)) {
        if (column.server() == m_serverKey && column.stored() && m_localServerId.isEmpty())
            m_localServerId = column.local();
    }
    return *this;
}

SyncedEntity &SyncedEntity::acknowledgedBy(Acknowledgement acknowledgement)
{
    m_acknowledgement = std::move(acknowledgement);
    return *this;
}

int SyncedEntity::indexOf(const QString &serverColumn) const
{
    const auto found = m_indexOf.constFind(serverColumn);
    Q_ASSERT_X(found != m_indexOf.cend(), "SyncedEntity::indexOf", qPrintable(m_name + u'.' + serverColumn));
    return *found;
}

QString SyncedEntity::selectList() const
{
    QStringList items;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (m_valueIndex[i] == items.size()) // the first column of that name
            items << m_columns[i].selectItem();
    }
    return items.join(u", "_s);
}

QString SyncedEntity::selectSql(const QString &key) const
{
    Q_ASSERT(m_indexOf.contains(m_serverKey));
    return u"SELECT %1 FROM %2 WHERE %3 = ANY(?::bigint[]) ORDER BY %4"_s.arg(selectList(), m_serverView, key,
                                                                              m_serverKey);
}

QString SyncedEntity::insertSql(const QStringList &moreColumns, const QStringList &moreValues) const
{
    Q_ASSERT(moreColumns.size() == moreValues.size());
    QStringList columns, values;
    for (const SyncedColumn &column : m_columns) {
        if (column.stored()) {
            columns << column.local();
            values << column.valueSql();
        }
    }
    columns << moreColumns;
    values << moreValues;
    return u"INSERT INTO %1(%2) VALUES (%3)"_s.arg(m_localTable, columns.join(u", "_s), values.join(u", "_s));
}

void SyncedEntity::bind(QSqlQuery &query, const QVariantList &row) const
{
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        const SyncedColumn &column = m_columns[i];
        if (column.stored() && !column.isBoundByApplier())
            query.bindValue(column.placeholder(), column.localValue(row[m_valueIndex[i]]));
    }
}

QString SyncedEntity::acknowledgeSql() const
{
    return m_acknowledgement.byTicket
               ? u"UPDATE %1 SET %2 = :server_id WHERE id = :ticket AND %2 IS NULL"_s.arg(m_localTable, m_localServerId)
               : u"UPDATE %1 SET %2 = :server_id WHERE client_id = :client_id"_s.arg(m_localTable, m_localServerId);
}

QString SyncedEntity::dropRefusedSql() const
{
    return u"DELETE FROM %1 WHERE client_id = :client_id AND %2 IS NULL"_s.arg(m_localTable, m_localServerId);
}
