#include "batchinserter.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

BatchInserter::BatchInserter(QSqlDatabase db, const QString &table, const QStringList &columns, int rowsPerStatement)
    : m_db(db)
    , m_columnCount(columns.size())
    , m_rowsPerStatement(rowsPerStatement)
    , m_insert(db)
{
    QStringList values;
    for (qsizetype i = 0; i < columns.size(); ++i)
        values << u"json_extract(value, '$[%1]')"_s.arg(i);
    if (!m_insert.prepare(
            u"INSERT INTO %1(%2) SELECT %3 FROM json_each(?)"_s.arg(table, columns.join(u','), values.join(u','))))
        m_error = m_insert.lastError().text();
}

void BatchInserter::appendJson(QByteArray &out, const QVariant &value)
{
    if (value.isNull()) {
        out += "null";
        return;
    }
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        out += value.toBool() ? '1' : '0';
        return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        out += QByteArray::number(value.toLongLong());
        return;
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        out += QByteArray::number(value.toULongLong());
        return;
    case QMetaType::Double:
    case QMetaType::Float:
        out += QByteArray::number(value.toDouble(), 'g', 17);
        return;
    case QMetaType::QString:
        if (static_cast<const QString *>(value.constData())->isNull()) {
            out += "null";
            return;
        }
        break;
    default:
        break;
    }
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray text = value.toString().toUtf8();
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (uchar(c) < 0x20) {
            out += "\\u00";
            out += hex[uchar(c) >> 4];
            out += hex[uchar(c) & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

bool BatchInserter::add(const QVariantList &row)
{
    if (!m_error.isEmpty())
        return false;
    Q_ASSERT(row.size() == m_columnCount);
    m_rows += m_pendingRows == 0 ? "[[" : ",[";
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (i > 0)
            m_rows += ',';
        appendJson(m_rows, row.at(i));
    }
    m_rows += ']';
    if (++m_pendingRows >= m_rowsPerStatement)
        return flush();
    return true;
}

bool BatchInserter::flush()
{
    if (!m_error.isEmpty())
        return false;
    if (m_pendingRows == 0)
        return true;
    if (m_parent && !m_parent->flush()) {
        m_error = m_parent->errorString();
        m_rows.clear();
        m_pendingRows = 0;
        return false;
    }
    m_rows += ']';
    m_insert.bindValue(0, QString::fromUtf8(m_rows));
    const bool ok = m_insert.exec();
    if (!ok)
        m_error = m_insert.lastError().databaseText().isEmpty() ? m_insert.lastError().text()
                                                                : m_insert.lastError().databaseText();
    m_rows.resize(0); // keeps its room for the next batch
    m_pendingRows = 0;
    return ok;
}
