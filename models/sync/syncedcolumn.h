#pragma once

#include <QString>
#include <QVariant>

// One column of a synced entity (see SyncedEntity): what the server's view calls it, where it
// goes in the desk's table and what its value becomes on the way.
class SyncedColumn
{
public:
    enum class Conversion {
        AsIs,          // the driver's value
        Int64,         // ids and times in ms
        OptionalInt64, // NULL stays NULL
        Int,           // the closed vocabularies (fieldcodes.h), counts
        OptionalInt,
        Text,
        OptionalText,
        Bool,
        // A server id of a row of references(): the desk's SQL finds that row's local id by its
        // server_id (NULL when the row is not here yet).
        LocalId,
    };
    enum class Write {
        Always,     // inserted, and updated when the row comes again
        InsertOnly, // the desk keeps its own value once the row is here
        ReadOnly,   // read from the server only; ServerRowApplier uses it its own way
    };

    SyncedColumn(QString server, QString local, Conversion conversion, Write write = Write::Always);

    // An expression instead of the plain column, read under the server name (a cast, say).
    SyncedColumn &selectedAs(QString expression);
    SyncedColumn &referencing(QString localTable);
    // In the statements, but ServerRowApplier binds the value: a local id it looked up, since a
    // row whose parent is not on this desk is left out.
    SyncedColumn &boundByApplier();

    const QString &server() const { return m_server; }
    const QString &local() const { return m_local; }
    Conversion conversion() const { return m_conversion; }
    Write write() const { return m_write; }
    // The entry of a SELECT list that reads it.
    QString selectItem() const;
    const QString &references() const { return m_references; }
    bool stored() const { return m_write != Write::ReadOnly; }
    bool updated() const { return m_write == Write::Always; }
    bool isBoundByApplier() const { return m_boundByApplier; }
    // The placeholder of an INSERT's VALUES or of an UPDATE's SET.
    const QString &placeholder() const { return m_placeholder; }
    QString valueSql() const;

    QVariant localValue(const QVariant &serverValue) const;

private:
    QString m_server;
    QString m_local;
    QString m_placeholder;
    Conversion m_conversion;
    Write m_write;
    QString m_expression;
    QString m_references;
    bool m_boundByApplier = false;
};
