#include "intakestore.h"

#include "customerstore.h"
#include "localstore.h"
#include "phonenumbers.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

const QString sourceColumns = u"id, name, channel, reply_url, requests_per_minute FROM intake_sources"_s;

IntakeSource readSource(const QSqlQuery &query)
{
    IntakeSource s;
    s.id = query.value(0).toLongLong();
    s.name = query.value(1).toString();
    s.channel = fieldFromInt<Channel>(query.value(2).toInt());
    s.replyUrl = query.value(3).toString();
    s.requestsPerMinute = query.value(4).toInt();
    return s;
}

} // namespace

IntakeStore::IntakeStore(LocalStore &store)
    : m_store(store)
{}

QList<IntakeSource> IntakeStore::sources() const
{
    QList<IntakeSource> result;
    QSqlQuery query = m_store.prepare(u"SELECT "_s + sourceColumns + u" ORDER BY name"_s);
    if (m_store.exec(query)) {
        while (query.next())
            result.append(readSource(query));
    }
    query.finish();
    return result;
}

std::optional<IntakeSource> IntakeStore::source(const QString &name) const
{
    QSqlQuery query = m_store.prepare(u"SELECT "_s + sourceColumns + u" WHERE name = :name"_s);
    query.bindValue(u":name"_s, name);
    std::optional<IntakeSource> result;
    if (m_store.exec(query) && query.next())
        result = readSource(query);
    query.finish();
    return result;
}

std::optional<qint64> IntakeStore::addSource(const IntakeSource &source)
{
    if (this->source(source.name)) {
        m_store.setError(tr("A source named \"%1\" exists already.").arg(source.name));
        return std::nullopt;
    }
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"INSERT INTO intake_sources(name, channel, reply_url, requests_per_minute,"
                                          " created_at) VALUES (:name, :channel, :reply, :rate, :now)"_s);
        query.bindValue(u":name"_s, source.name);
        query.bindValue(u":channel"_s, int(source.channel));
        query.bindValue(u":reply"_s, source.replyUrl.isNull() ? u""_s : source.replyUrl);
        query.bindValue(u":rate"_s, source.requestsPerMinute);
        query.bindValue(u":now"_s, m_store.nowMs());
        if (!m_store.exec(query))
            return false;
        id = query.lastInsertId().toLongLong();
        return true;
    });
    return ok ? id : std::nullopt;
}

bool IntakeStore::removeSource(qint64 id)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"DELETE FROM intake_sources WHERE id = :id"_s);
        query.bindValue(u":id"_s, id);
        return m_store.exec(query);
    });
}

std::optional<IntakeStore::Answer> IntakeStore::answered(qint64 sourceId, const QString &webhookId) const
{
    QSqlQuery query =
        m_store.prepare(u"SELECT status, answer FROM intake_requests WHERE source_id = :source AND webhook_id = :id"_s);
    query.bindValue(u":source"_s, sourceId);
    query.bindValue(u":id"_s, webhookId);
    std::optional<Answer> result;
    if (m_store.exec(query) && query.next())
        result = Answer{query.value(0).toInt(), query.value(1).toString().toUtf8()};
    query.finish();
    return result;
}

std::optional<qint64> IntakeStore::ticketOfConversation(qint64 sourceId, const QString &externalId) const
{
    if (externalId.isEmpty())
        return std::nullopt;
    QSqlQuery query = m_store.prepare(u"SELECT ticket_id FROM intake_requests WHERE source_id = :source"
                                      " AND external_id = :ext AND ticket_id IS NOT NULL ORDER BY id DESC LIMIT 1"_s);
    query.bindValue(u":source"_s, sourceId);
    query.bindValue(u":ext"_s, externalId);
    std::optional<qint64> result;
    if (m_store.exec(query) && query.next())
        result = query.value(0).toLongLong();
    query.finish();
    return result;
}

bool IntakeStore::recordRequest(qint64 sourceId, const QString &webhookId, const QString &externalId, qint64 ticketId,
                                const Answer &answer)
{
    return m_store.transaction([&] {
        QSqlQuery query =
            m_store.prepare(u"INSERT INTO intake_requests(source_id, webhook_id, external_id, ticket_id, status,"
                            " answer, received_at) VALUES (:source, :id, :ext, :ticket, :status, :answer, :now)"_s);
        query.bindValue(u":source"_s, sourceId);
        query.bindValue(u":id"_s, webhookId);
        query.bindValue(u":ext"_s, externalId.isNull() ? u""_s : externalId);
        query.bindValue(u":ticket"_s, ticketId > 0 ? QVariant(ticketId) : QVariant(QMetaType::fromType<qint64>()));
        query.bindValue(u":status"_s, answer.status);
        query.bindValue(u":answer"_s, QString::fromUtf8(answer.body));
        query.bindValue(u":now"_s, m_store.nowMs());
        return m_store.exec(query);
    });
}

QString IntakeStore::customerExternalId(qint64 sourceId, const QString &externalId)
{
    // Scoped to the source: two systems' "42" are two people, and neither may take the id an
    // import gave a customer.
    return externalId.isEmpty() ? QString() : u"intake:%1:%2"_s.arg(sourceId).arg(externalId);
}

std::optional<qint64> IntakeStore::customerFor(qint64 sourceId, const QString &externalId, const QString &email,
                                               const QString &phone) const
{
    const auto first = [this](QSqlQuery &query) -> std::optional<qint64> {
        std::optional<qint64> id;
        if (m_store.exec(query) && query.next())
            id = query.value(0).toLongLong();
        query.finish();
        return id;
    };
    if (!externalId.isEmpty()) {
        QSqlQuery query = m_store.prepare(u"SELECT id FROM customers WHERE external_id = :ext"_s);
        query.bindValue(u":ext"_s, customerExternalId(sourceId, externalId));
        if (const auto id = first(query))
            return id;
    }
    if (!email.isEmpty()) {
        QSqlQuery query =
            m_store.prepare(u"SELECT id FROM customers WHERE email = :email COLLATE NOCASE ORDER BY id LIMIT 1"_s);
        query.bindValue(u":email"_s, email);
        if (const auto id = first(query))
            return id;
    }
    const QString national = PhoneNumbers::nationalDigits(phone, PhoneNumbers::defaultRegion());
    if (!national.isEmpty()) {
        // phone_key holds the digits reversed, so the national number is a prefix of it.
        const QString key = CustomerStore::phoneKey(national);
        QSqlQuery query = m_store.prepare(
            u"SELECT id FROM customers WHERE phone_key >= :key AND phone_key < :end ORDER BY id LIMIT 1"_s);
        query.bindValue(u":key"_s, key);
        query.bindValue(u":end"_s, QString(key + u':'));
        if (const auto id = first(query))
            return id;
    }
    return std::nullopt;
}
