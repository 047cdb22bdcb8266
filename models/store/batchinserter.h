#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariantList>

// Inserts many rows with multi-row INSERT statements prepared once. Bulk writers
// (seeding, import) spend their time in SQLite instead of in per-statement overhead.
// Callers own the transaction; flush() before committing.
class BatchInserter
{
public:
    BatchInserter(QSqlDatabase db, const QString &table, const QStringList &columns, int rowsPerStatement = 64);

    bool add(const QVariantList &row);
    bool flush();
    // Rows of parent go in before each statement of this table's, so a child row never waits
    // for its parent. With deferred foreign keys that matters: while any violation is counted,
    // SQLite searches the child tables for every parent row inserted, which is a full scan of
    // each table whose referencing column has no index (the seeder drops the tickets' indexes,
    // and tickets refer to tickets), and seeding turned quadratic.
    void insertAfter(BatchInserter *parent) { m_parent = parent; }
    QString errorString() const { return m_error; }

private:
    QString statement(int rows) const;
    bool execute(QSqlQuery &query, int rows);

    QSqlDatabase m_db;
    BatchInserter *m_parent = nullptr;
    QString m_table;
    QStringList m_columns;
    int m_rowsPerStatement;
    QSqlQuery m_full;
    QHash<int, QSqlQuery> m_partial; // by row count
    QVariantList m_pending;
    QString m_error;
};
