#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QString>

#include <functional>

class LocalStore;

// Copies a store's customers (with orders and devices), tickets, tags and messages into a
// shared database, for trying team mode with demo data and for the sync benchmark. Rows go
// up in batches as JSON, inserted with json_to_recordset, all in one server transaction.
// Tickets land unassigned, spread over the server's teams.
class ServerSeeder
{
    Q_DECLARE_TR_FUNCTIONS(ServerSeeder)

public:
    ServerSeeder(LocalStore &source, QSqlDatabase server);

    bool run(const std::function<void(qint64 done, qint64 total)> &progress = {});
    QString errorString() const { return m_error; }

private:
    bool copyCustomers();
    bool copyCustomerRecords(const QString &table);
    bool copyTickets(const std::function<void(qint64, qint64)> &progress);
    bool copyMessagesAndTags();
    bool insertBatch(const QString &sql, const QJsonArray &rows, QHash<qint64, qint64> *mapping);
    bool sendIfFull(const QString &sql, QJsonArray &batch, QHash<qint64, qint64> *mapping);
    bool fail(const QString &message);

    LocalStore &m_source;
    QSqlDatabase m_server;
    QHash<qint64, qint64> m_customers; // local id → server id
    QHash<qint64, qint64> m_tickets;
    QList<qint64> m_teams;
    QString m_error;
};
