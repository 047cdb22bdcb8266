#pragma once

#include <QSqlError>
#include <QString>

// The database's own words when it gave any (they name the table, the constraint, the
// login), else Qt's.
inline QString sqlErrorText(const QSqlError &error)
{
    const QString database = error.databaseText().trimmed();
    return database.isEmpty() ? error.text() : database;
}
