#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// The local store's schema, as numbered steps: store/sql/NNNN_name.sql, compiled in under
// :/deskline/store/sql (see store/sql/README.md). A step is never edited once released: a change
// is a new step, so every file can be brought forward from any version.
struct SchemaMigration {
    int version = 0;
    QString source; // the step's file
    // The file's statements, then those the program generates for this step.
    QStringList statements;
    // Why the step cannot be run (its file unreadable or not cut into statements); empty if it can.
    QString problem;
};

class SchemaMigrations
{
    Q_DECLARE_TR_FUNCTIONS(SchemaMigrations)

public:
    static const QList<SchemaMigration> &all();
    static int latestVersion();

    // An SQL script's statements in order, each without its semicolon and the blanks and comments
    // around it, as SQLite would take them one by one. A semicolon ends a statement where
    // sqlite3_complete() would see one: outside quotes and comments and, in CREATE TRIGGER, only
    // right after the END of the body. nullopt, with the reason, for a script that ends inside a
    // statement, a quote or a comment.
    static std::optional<QStringList> splitStatements(QStringView script, QString *problem = nullptr);

private:
    static QList<SchemaMigration> load();
};
