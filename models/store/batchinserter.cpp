#include "batchinserter.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

BatchInserter::BatchInserter(QSqlDatabase db, const QString &table, const QStringList &columns, int rowsPerStatement)
    : m_db(db)
    , m_table(table)
    , m_columns(columns)
    , m_rowsPerStatement(rowsPerStatement)
    , m_full(db)
{
    if (!m_full.prepare(statement(m_rowsPerStatement)))
        m_error = m_full.lastError().text();
    m_pending.reserve(m_rowsPerStatement * columns.size());
}

QString BatchInserter::statement(int rows) const
{
    QString one = u"("_s;
    for (qsizetype i = 0; i < m_columns.size(); ++i)
        one += i == 0 ? u"?"_s : u",?"_s;
    one += u')';
    QStringList values;
    values.reserve(rows);
    for (int i = 0; i < rows; ++i)
        values << one;
    return u"INSERT INTO %1(%2) VALUES %3"_s.arg(m_table, m_columns.join(u','), values.join(u','));
}

bool BatchInserter::add(const QVariantList &row)
{
    if (!m_error.isEmpty())
        return false;
    Q_ASSERT(row.size() == m_columns.size());
    m_pending.append(row);
    if (m_pending.size() >= m_rowsPerStatement * m_columns.size())
        return execute(m_full, m_rowsPerStatement);
    return true;
}

bool BatchInserter::flush()
{
    if (!m_error.isEmpty())
        return false;
    if (m_pending.isEmpty())
        return true;
    const int rows = int(m_pending.size() / m_columns.size());
    // A child's batch flushes its parent first, a few rows at a time: each count of rows is
    // parsed once (with the table's triggers and foreign keys, that costs more than the rows).
    auto tail = m_partial.find(rows);
    if (tail == m_partial.end()) {
        QSqlQuery query(m_db);
        if (!query.prepare(statement(rows))) {
            m_error = query.lastError().text();
            return false;
        }
        tail = m_partial.insert(rows, query);
    }
    return execute(*tail, rows);
}

bool BatchInserter::execute(QSqlQuery &query, int rows)
{
    Q_UNUSED(rows);
    if (m_parent && !m_parent->flush()) {
        m_error = m_parent->errorString();
        m_pending.clear();
        return false;
    }
    for (qsizetype i = 0; i < m_pending.size(); ++i)
        query.bindValue(int(i), m_pending.at(i));
    const bool ok = query.exec();
    if (!ok)
        m_error =
            query.lastError().databaseText().isEmpty() ? query.lastError().text() : query.lastError().databaseText();
    m_pending.clear();
    return ok;
}
