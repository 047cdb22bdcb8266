#pragma once

#include "serverconnection.h"

#include <QString>
#include <QTemporaryDir>

// A hot standby of the test server, for one test: pg_basebackup -R from the primary into a
// temporary folder, started on a free loopback port of its own. The primary needs nothing
// beyond PostgreSQL 15's defaults (wal_level replica, ten WAL senders) and initdb's own
// "host replication all 127.0.0.1/32" line; the administrator is a superuser, so it may
// replicate. Stopped and deleted when the object goes.
class TestStandby
{
public:
    explicit TestStandby(const ServerAddress &primaryAdmin); // REQUIREs that it starts
    ~TestStandby();

    TestStandby(const TestStandby &) = delete;
    TestStandby &operator=(const TestStandby &) = delete;

    // The same login and database, on the standby.
    ServerAddress on(const ServerAddress &primary) const;
    // Waits, bounded, until the standby has replayed what the primary had written when asked.
    bool catchUp(int timeoutMs = 20000) const;
    // Stops or resumes applying the primary's changes, so a test can commit one the standby lacks.
    void pauseReplay() const;
    void resumeReplay() const;

private:
    bool run(const QString &tool, const QStringList &arguments, QString *output) const;

    ServerAddress m_primary;
    QTemporaryDir m_dir;
    QString m_cluster;
    int m_port = 0;
    QString m_connection;
};
