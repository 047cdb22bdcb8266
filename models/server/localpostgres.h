#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// A private PostgreSQL server on 127.0.0.1, kept in one folder, for a single office or a
// trial of team mode on one machine. Uses the PostgreSQL binaries installed on the system.
// The folder holds the cluster, its log and the administrator's password (readable by
// its owner only). Run as root, the server runs as the "postgres" account and keeps its
// cluster in that account's home (the folder keeps the password).
class LocalPostgres
{
    Q_DECLARE_TR_FUNCTIONS(LocalPostgres)

public:
    explicit LocalPostgres(const QString &folder);

    // A throwaway server for tests and benchmarks may skip disk flushes.
    void setDurable(bool durable) { m_durable = durable; }
    // Sessions the server accepts (PostgreSQL keeps 3 of them for superusers); each desk holds
    // two. Written with the other settings when the server starts.
    void setMaxConnections(int connections) { m_maxConnections = connections; }
    static constexpr int defaultMaxConnections = 300;

    // Creates the cluster when the folder has none, starts it on port and makes sure the
    // administrator login and the "deskline" database exist.
    bool start(int port);
    bool stop();
    // Stops the server and deletes everything it kept, the folder included.
    bool remove();
    bool isRunning() const;

    // postgresql://ADMIN:PASSWORD@127.0.0.1:PORT/deskline, for `deskctl server init`.
    QString adminUrl() const;
    int port() const { return m_port; }
    QString errorString() const { return m_error; }

    static QString administratorLogin();
    // Where pg_ctl and initdb are: $DESKLINE_PG_BINDIR, PATH, or the usual install folders.
    static QString binaryFolder();
    static constexpr int defaultPort = 5432;

private:
    bool initialize();
    bool writeSettings(int port);
    bool createDatabase();
    bool run(const QString &tool, const QStringList &arguments, int timeoutMs, QString *output = nullptr) const;
    QString serverFolder() const;
    QString clusterPath() const;
    QString passwordPath() const;
    QString logTail() const;
    bool fail(const QString &message);

    QString m_folder;
    int m_port = 0;
    bool m_durable = true;
    int m_maxConnections = defaultMaxConnections;
    QString m_error;
};
