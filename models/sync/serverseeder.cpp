#include "serverseeder.h"

#include "localstore.h"
#include "sqlerrortext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

constexpr int batchRows = 2000;

QJsonValue jsonOf(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    if (value.typeId() == QMetaType::QString)
        return value.toString();
    return value.toLongLong();
}

} // namespace

ServerSeeder::ServerSeeder(LocalStore &source, QSqlDatabase server)
    : m_source(source)
    , m_server(server)
{}

bool ServerSeeder::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool ServerSeeder::insertBatch(const QString &sql, const QJsonArray &rows, QHash<qint64, qint64> *mapping)
{
    if (rows.isEmpty())
        return true;
    QSqlQuery query(m_server);
    if (!query.prepare(sql))
        return fail(sqlErrorText(query.lastError()));
    query.addBindValue(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    if (!query.exec())
        return fail(sqlErrorText(query.lastError()));
    while (mapping && query.next())
        mapping->insert(query.value(0).toLongLong(), query.value(1).toLongLong());
    return true;
}

// Sends a full batch and starts the next one; a batch not yet full waits for more rows.
bool ServerSeeder::sendIfFull(const QString &sql, QJsonArray &batch, QHash<qint64, qint64> *mapping)
{
    if (batch.size() < batchRows)
        return true;
    const bool sent = insertBatch(sql, batch, mapping);
    batch = {};
    return sent;
}

bool ServerSeeder::run(const std::function<void(qint64, qint64)> &progress)
{
    QSqlQuery teams(m_server);
    if (!teams.exec(u"SELECT id FROM deskline.teams ORDER BY id"_s))
        return fail(sqlErrorText(teams.lastError()));
    while (teams.next())
        m_teams << teams.value(0).toLongLong();
    if (m_teams.isEmpty())
        return fail(tr("The server has no teams yet; add agents first (deskctl server add-agent)."));
    if (!m_server.transaction())
        return fail(sqlErrorText(m_server.lastError()));
    const bool ok = copyCustomers() && copyCustomerRecords(u"orders"_s) && copyCustomerRecords(u"devices"_s) &&
                    copyTickets(progress) && copyMessagesAndTags();
    if (!ok) {
        m_server.rollback();
        return false;
    }
    if (!m_server.commit())
        return fail(sqlErrorText(m_server.lastError()));
    return true;
}

bool ServerSeeder::copyCustomers()
{
    QSqlQuery rows(m_source.database());
    rows.setForwardOnly(true);
    if (!rows.exec(u"SELECT id, coalesce(external_id, 'C-' || id), name, username, email, phone, phone_key,"
                   " account_status, two_factor, created_at FROM customers ORDER BY id"_s))
        return fail(sqlErrorText(rows.lastError()));
    // Inserted or already there (same external id): either way the local id maps to it.
    const QString sql =
        u"WITH x AS (SELECT * FROM json_to_recordset(?::json) AS x(local bigint, external_id text, name text,"
        " username text, email text, phone text, phone_key text, account_status smallint, two_factor boolean,"
        " created_at bigint)), ins AS (INSERT INTO deskline.customers(external_id, name, username, email, phone,"
        " phone_key, account_status, two_factor, created_at) SELECT external_id, name, username, email, phone,"
        " phone_key, account_status, two_factor, created_at FROM x ON CONFLICT (external_id) DO NOTHING"
        " RETURNING id, external_id) SELECT x.local, coalesce(ins.id, c.id) FROM x LEFT JOIN ins USING (external_id)"
        " LEFT JOIN deskline.customers c ON c.external_id = x.external_id"_s;
    QJsonArray batch;
    while (rows.next()) {
        batch.append(QJsonObject{{u"local"_s, rows.value(0).toLongLong()},
                                 {u"external_id"_s, rows.value(1).toString()},
                                 {u"name"_s, rows.value(2).toString()},
                                 {u"username"_s, rows.value(3).toString()},
                                 {u"email"_s, rows.value(4).toString()},
                                 {u"phone"_s, rows.value(5).toString()},
                                 {u"phone_key"_s, rows.value(6).toString()},
                                 {u"account_status"_s, rows.value(7).toInt()},
                                 {u"two_factor"_s, rows.value(8).toBool()},
                                 {u"created_at"_s, rows.value(9).toLongLong()}});
        if (!sendIfFull(sql, batch, &m_customers))
            return false;
    }
    return insertBatch(sql, batch, &m_customers);
}

bool ServerSeeder::copyCustomerRecords(const QString &table)
{
    const bool orders = table == u"orders";
    QSqlQuery rows(m_source.database());
    rows.setForwardOnly(true);
    if (!rows.exec(orders ? u"SELECT customer_id, number, placed_at, status, amount_cents, currency, payment_state"
                            " FROM orders ORDER BY id"_s
                          : u"SELECT customer_id, model, os_version, app_version FROM devices ORDER BY id"_s))
        return fail(sqlErrorText(rows.lastError()));
    const QString sql =
        orders ? u"INSERT INTO deskline.orders(customer_id, number, placed_at, status, amount_cents, currency,"
                 " payment_state) SELECT customer_id, number, placed_at, status, amount_cents, currency, payment_state"
                 " FROM json_to_recordset(?::json) AS x(customer_id bigint, number text, placed_at bigint,"
                 " status smallint, amount_cents bigint, currency text, payment_state smallint)"
                 " ON CONFLICT (number) DO NOTHING"_s
               : u"INSERT INTO deskline.devices(customer_id, model, os_version, app_version)"
                 " SELECT customer_id, model, os_version, app_version FROM json_to_recordset(?::json)"
                 " AS x(customer_id bigint, model text, os_version text, app_version text)"_s;
    QJsonArray batch;
    while (rows.next()) {
        QJsonObject row{{u"customer_id"_s, m_customers.value(rows.value(0).toLongLong())}};
        if (orders) {
            row.insert(u"number"_s, rows.value(1).toString());
            row.insert(u"placed_at"_s, rows.value(2).toLongLong());
            row.insert(u"status"_s, rows.value(3).toInt());
            row.insert(u"amount_cents"_s, rows.value(4).toLongLong());
            row.insert(u"currency"_s, rows.value(5).toString());
            row.insert(u"payment_state"_s, rows.value(6).toInt());
        } else {
            row.insert(u"model"_s, rows.value(1).toString());
            row.insert(u"os_version"_s, rows.value(2).toString());
            row.insert(u"app_version"_s, rows.value(3).toString());
        }
        batch.append(row);
        if (!sendIfFull(sql, batch, nullptr))
            return false;
    }
    return insertBatch(sql, batch, nullptr);
}

bool ServerSeeder::copyTickets(const std::function<void(qint64, qint64)> &progress)
{
    const qint64 total = m_source.stats().tickets;
    QSqlQuery rows(m_source.database());
    rows.setForwardOnly(true);
    if (!rows.exec(u"SELECT id, coalesce(external_id, 'T-' || id), subject, channel, category, priority, status,"
                   " customer_id, created_at, updated_at, first_response_at, solved_at, closed_at, message_count"
                   " FROM tickets ORDER BY id"_s))
        return fail(sqlErrorText(rows.lastError()));
    const QString sql =
        u"WITH x AS (SELECT * FROM json_to_recordset(?::json) AS x(local bigint, external_id text, subject text,"
        " channel smallint, category smallint, priority smallint, status smallint, customer_id bigint,"
        " team_id bigint, created_at bigint, updated_at bigint, first_response_at bigint, solved_at bigint,"
        " closed_at bigint, message_count int)), ins AS (INSERT INTO deskline.tickets(client_id, external_id,"
        " subject, channel, category, priority, status, customer_id, team_id, created_at, updated_at,"
        " first_response_at, solved_at, closed_at, message_count) SELECT gen_random_uuid(), external_id, subject,"
        " channel, category, priority, status, customer_id, team_id, created_at, updated_at, first_response_at,"
        " solved_at, closed_at, message_count FROM x ON CONFLICT (external_id) DO NOTHING RETURNING id, external_id)"
        " SELECT x.local, ins.id FROM x JOIN ins USING (external_id)"_s;
    QJsonArray batch;
    qint64 done = 0;
    while (rows.next()) {
        batch.append(QJsonObject{{u"local"_s, rows.value(0).toLongLong()},
                                 {u"external_id"_s, rows.value(1).toString()},
                                 {u"subject"_s, rows.value(2).toString()},
                                 {u"channel"_s, rows.value(3).toInt()},
                                 {u"category"_s, rows.value(4).toInt()},
                                 {u"priority"_s, rows.value(5).toInt()},
                                 {u"status"_s, rows.value(6).toInt()},
                                 {u"customer_id"_s, m_customers.value(rows.value(7).toLongLong())},
                                 {u"team_id"_s, m_teams.at(int(done % m_teams.size()))},
                                 {u"created_at"_s, rows.value(8).toLongLong()},
                                 {u"updated_at"_s, rows.value(9).toLongLong()},
                                 {u"first_response_at"_s, jsonOf(rows.value(10))},
                                 {u"solved_at"_s, jsonOf(rows.value(11))},
                                 {u"closed_at"_s, jsonOf(rows.value(12))},
                                 {u"message_count"_s, rows.value(13).toInt()}});
        ++done;
        const bool full = batch.size() >= batchRows;
        if (!sendIfFull(sql, batch, &m_tickets))
            return false;
        if (full && progress)
            progress(done, total);
    }
    if (!insertBatch(sql, batch, &m_tickets))
        return false;
    if (progress)
        progress(done, total);
    return true;
}

bool ServerSeeder::copyMessagesAndTags()
{
    QSqlQuery rows(m_source.database());
    rows.setForwardOnly(true);
    if (!rows.exec(u"SELECT ticket_id, kind, author_name, body, created_at FROM messages ORDER BY id"_s))
        return fail(sqlErrorText(rows.lastError()));
    const QString messages =
        u"INSERT INTO deskline.messages(client_id, ticket_id, kind, author_name, body, created_at)"
        " SELECT gen_random_uuid(), ticket_id, kind, author_name, body, created_at FROM json_to_recordset(?::json)"
        " AS x(ticket_id bigint, kind smallint, author_name text, body text, created_at bigint)"
        " WHERE ticket_id IS NOT NULL"_s;
    QJsonArray batch;
    while (rows.next()) {
        const auto ticket = m_tickets.constFind(rows.value(0).toLongLong());
        if (ticket == m_tickets.cend())
            continue; // the server had that ticket already
        batch.append(QJsonObject{{u"ticket_id"_s, *ticket},
                                 {u"kind"_s, rows.value(1).toInt()},
                                 {u"author_name"_s, rows.value(2).toString()},
                                 {u"body"_s, rows.value(3).toString()},
                                 {u"created_at"_s, rows.value(4).toLongLong()}});
        if (!sendIfFull(messages, batch, nullptr))
            return false;
    }
    if (!insertBatch(messages, batch, nullptr))
        return false;

    QSqlQuery tags(m_source.database());
    tags.setForwardOnly(true);
    if (!tags.exec(u"SELECT ticket_id, tag FROM ticket_tags"_s))
        return fail(sqlErrorText(tags.lastError()));
    const QString insertTags = u"INSERT INTO deskline.ticket_tags(ticket_id, tag) SELECT ticket_id, tag"
                               " FROM json_to_recordset(?::json) AS x(ticket_id bigint, tag text)"
                               " ON CONFLICT DO NOTHING"_s;
    batch = {};
    while (tags.next()) {
        const auto ticket = m_tickets.constFind(tags.value(0).toLongLong());
        if (ticket == m_tickets.cend())
            continue;
        batch.append(QJsonObject{{u"ticket_id"_s, *ticket}, {u"tag"_s, tags.value(1).toString()}});
        if (!sendIfFull(insertTags, batch, nullptr))
            return false;
    }
    return insertBatch(insertTags, batch, nullptr);
}
