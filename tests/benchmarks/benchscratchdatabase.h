#pragma once

#include "serveraddress.h"

#include <QString>
#include <QStringList>

// A throwaway team database for one benchmark run on a given PostgreSQL: created with the
// schema, and dropped with the logins the run made when this goes, however the run ends (the
// server may be a long-lived one, and each run would leave its data behind otherwise).
class BenchScratchDatabase
{
public:
    BenchScratchDatabase() = default;
    ~BenchScratchDatabase();
    BenchScratchDatabase(const BenchScratchDatabase &) = delete;
    BenchScratchDatabase &operator=(const BenchScratchDatabase &) = delete;

    // admin: a server administrator's address; false with errorString().
    bool create(const ServerAddress &admin);
    // The administrator's address on the scratch database.
    ServerAddress admin() const;
    QString database() const { return m_database; }
    // A login of this run, named after the database ("<database>_<who>"), dropped at the end.
    QString login(const QString &who);
    QString errorString() const { return m_error; }

    // The administrator URL given by --server URL, or read from the file of --server-file
    // (the test fixture's); empty when neither was given, with *error set when the file could not be read.
    static QString urlFrom(const QString &url, const QString &file, QString *error);

private:
    ServerAddress m_server;
    QString m_database;
    QStringList m_logins;
    QString m_error;
};
