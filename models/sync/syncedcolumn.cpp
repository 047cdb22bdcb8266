#include "syncedcolumn.h"

using namespace Qt::StringLiterals;

SyncedColumn::SyncedColumn(QString server, QString local, Conversion conversion, Write write)
    : m_server(std::move(server))
    , m_local(std::move(local))
    , m_placeholder(u':' + m_local)
    , m_conversion(conversion)
    , m_write(write)
{}

SyncedColumn &SyncedColumn::selectedAs(QString expression)
{
    m_expression = std::move(expression);
    return *this;
}

SyncedColumn &SyncedColumn::referencing(QString localTable)
{
    m_references = std::move(localTable);
    return *this;
}

SyncedColumn &SyncedColumn::boundByApplier()
{
    m_boundByApplier = true;
    return *this;
}

QString SyncedColumn::selectItem() const
{
    return m_expression.isEmpty() ? m_server : m_expression + u" AS "_s + m_server;
}

QString SyncedColumn::valueSql() const
{
    if (m_conversion == Conversion::LocalId)
        return u"(SELECT id FROM %1 WHERE server_id = %2)"_s.arg(m_references, placeholder());
    return placeholder();
}

QVariant SyncedColumn::localValue(const QVariant &v) const
{
    switch (m_conversion) {
    case Conversion::AsIs:
        return v;
    case Conversion::Int64:
        return v.toLongLong();
    case Conversion::OptionalInt64:
    case Conversion::LocalId:
        return v.isNull() ? QVariant(QMetaType::fromType<qint64>()) : QVariant(v.toLongLong());
    case Conversion::Int:
        return v.toInt();
    case Conversion::OptionalInt:
        return v.isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(v.toInt());
    case Conversion::Text:
        return v.toString();
    case Conversion::OptionalText:
        return v.isNull() ? QVariant(QMetaType::fromType<QString>()) : v;
    case Conversion::Bool:
        return v.toBool();
    }
    return v;
}
