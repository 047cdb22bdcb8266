#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariantList>

// Inserts many rows with one statement prepared once. Bulk writers (seeding, import) spend
// their time in SQLite instead of in per-statement overhead. The rows of a batch travel as one
// bound JSON array (INSERT … SELECT … FROM json_each(?)): Qt's binding of a value costs about a
// microsecond, more than SQLite's work for it, and a batch of 20 columns has thousands of them.
// Callers own the transaction; flush() before committing.
class BatchInserter
{
public:
    BatchInserter(QSqlDatabase db, const QString &table, const QStringList &columns, int rowsPerStatement = 256);

    bool add(const QVariantList &row);
    bool flush();
    // Rows of parent go in before each statement of this table's, so a child row never waits
    // for its parent. With deferred foreign keys that matters: while any violation is counted,
    // SQLite searches the child tables for every parent row inserted, which is a full scan of
    // each table whose referencing column has no index (the seeder drops the tickets' indexes,
    // and tickets refer to tickets), and seeding turned quadratic.
    void insertAfter(BatchInserter *parent) { m_parent = parent; }
    QString errorString() const { return m_error; }

    // A value as SQLite's json_extract() gives it back: NULL (a null QString too, as Qt binds
    // it), an integer (a bool as 0 or 1), a real, or text.
    static void appendJson(QByteArray &out, const QVariant &value);

private:
    QSqlDatabase m_db;
    BatchInserter *m_parent = nullptr;
    qsizetype m_columnCount;
    int m_rowsPerStatement;
    QSqlQuery m_insert;
    QByteArray m_rows; // "[[…],[…]" : the pending rows, the closing bracket still to come
    int m_pendingRows = 0;
    QString m_error;
};
