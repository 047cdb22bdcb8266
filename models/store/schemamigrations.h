#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The local store's schema, as numbered steps. A step is never edited once released:
// a change is a new step, so every file can be brought forward from any version.
struct SchemaMigration {
    int version;
    QStringList statements;
};

class SchemaMigrations
{
public:
    static const QList<SchemaMigration> &all();
    static int latestVersion();
};
