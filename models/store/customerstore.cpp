#include "customerstore.h"

#include "localstore.h"
#include "phonenumbers.h"
#include "slaschedule.h"

#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QDateTime fromMs(const QVariant &value)
{
    if (value.isNull())
        return {};
    const qint64 ms = value.toLongLong();
    if (ms == SlaSchedule::noDeadline)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// Qt binds a null QString as SQL NULL; NOT NULL text columns want ''.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

constexpr auto customerColumns = "id, external_id, name, username, email, phone, account_status, two_factor, "
                                 "created_at";

Customer readCustomer(const QSqlQuery &query)
{
    Customer c;
    c.id = query.value(0).toLongLong();
    c.externalId = query.value(1).toString();
    c.name = query.value(2).toString();
    c.username = query.value(3).toString();
    c.email = query.value(4).toString();
    c.phone = query.value(5).toString();
    c.accountStatus = fieldFromInt<AccountStatus>(query.value(6).toInt());
    c.twoFactor = query.value(7).toBool();
    c.createdAt = fromMs(query.value(8));
    return c;
}

} // namespace

CustomerStore::CustomerStore(LocalStore &store)
    : m_store(store)
{}

QString CustomerStore::phoneKey(const QString &phone)
{
    QString digits;
    for (QChar c : phone) {
        if (c.isDigit())
            digits.prepend(QChar(u'0' + c.digitValue()));
    }
    return digits;
}

std::optional<Customer> CustomerStore::customer(qint64 id) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT %1 FROM customers WHERE id = :id"_s.arg(QLatin1StringView(customerColumns)));
    query.bindValue(u":id"_s, id);
    if (query.exec() && query.next())
        return readCustomer(query);
    m_store.noteSqlError(query.lastError());
    return std::nullopt;
}

QList<Customer> CustomerStore::findCustomers(const QString &rawTerm, int limit) const
{
    const QString term = rawTerm.trimmed();
    QList<Customer> result;
    if (term.isEmpty())
        return result;

    const QString columns = QLatin1StringView(customerColumns);
    QStringList clauses;
    // Order numbers match by their start ("TP2026" finds TP20260106572283); a short or
    // digit-less start would be most of the table, so those match whole numbers only.
    const bool codeLike =
        term.size() >= 4 && std::any_of(term.cbegin(), term.cend(), [](QChar c) { return c.isDigit(); });
    if (codeLike)
        clauses << u"SELECT %1, 0 AS rank FROM customers WHERE id IN (SELECT customer_id FROM orders"
                   " WHERE number >= :term AND number < :termEnd LIMIT 200)"_s.arg(columns);
    else
        clauses
            << u"SELECT %1, 0 AS rank FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE number = :term)"_s
                   .arg(columns);
    clauses << u"SELECT %1, 1 FROM customers WHERE email = :term COLLATE NOCASE"_s.arg(columns);
    clauses << u"SELECT %1, 1 FROM customers WHERE username = :term COLLATE NOCASE"_s.arg(columns);
    clauses << u"SELECT %1, 1 FROM customers WHERE external_id = :term"_s.arg(columns);
    // A number written with a country code (+86, 0086) finds one stored without, and the other
    // way round: both end in the national number, and phone_key holds the digits reversed.
    const QString national = PhoneNumbers::nationalDigits(term, PhoneNumbers::defaultRegion());
    QString digits = phoneKey(national.isEmpty() ? term : national);
    const bool phoneLike = !national.isEmpty() || (digits.size() >= 5 && digits.size() * 2 > term.size());
    if (phoneLike)
        clauses << u"SELECT %1, 2 FROM customers WHERE phone_key >= :phone AND phone_key < :phoneEnd"_s.arg(columns);
    // "Name starts with": a range on the name index; U+FFFF sorts after every character we store.
    clauses << u"SELECT %1, 3 FROM customers WHERE name >= :term AND name < :nameEnd"_s.arg(columns);

    QSqlQuery query(m_store.database());
    query.prepare(
        u"SELECT * FROM (%1) GROUP BY id ORDER BY min(rank), name LIMIT :limit"_s.arg(clauses.join(u" UNION ALL "_s)));
    query.bindValue(u":term"_s, term);
    if (phoneLike) {
        query.bindValue(u":phone"_s, digits);
        query.bindValue(u":phoneEnd"_s, QString(digits + u':'));
    }
    query.bindValue(u":nameEnd"_s, QString(term + QChar(0xFFFF)));
    if (codeLike)
        query.bindValue(u":termEnd"_s, QString(term + QChar(0xFFFF)));
    query.bindValue(u":limit"_s, limit);
    if (!query.exec())
        return result;
    while (query.next())
        result.append(readCustomer(query));
    return result;
}

QList<CustomerOrder> CustomerStore::orders(qint64 customerId) const
{
    QList<CustomerOrder> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT id, customer_id, number, placed_at, status, amount_cents, currency, payment_state"
                  " FROM orders WHERE customer_id = :c ORDER BY placed_at DESC"_s);
    query.bindValue(u":c"_s, customerId);
    query.exec();
    while (query.next()) {
        CustomerOrder o;
        o.id = query.value(0).toLongLong();
        o.customerId = query.value(1).toLongLong();
        o.number = query.value(2).toString();
        o.placedAt = fromMs(query.value(3));
        o.status = fieldFromInt<OrderStatus>(query.value(4).toInt());
        o.amountCents = query.value(5).toLongLong();
        o.currency = query.value(6).toString();
        o.paymentState = fieldFromInt<PaymentState>(query.value(7).toInt());
        result.append(o);
    }
    return result;
}

QList<Device> CustomerStore::devices(qint64 customerId) const
{
    QList<Device> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT id, customer_id, model, os_version, app_version FROM devices WHERE customer_id = :c"
                  " ORDER BY id"_s);
    query.bindValue(u":c"_s, customerId);
    query.exec();
    while (query.next()) {
        result.append({query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toString(),
                       query.value(3).toString(), query.value(4).toString()});
    }
    return result;
}

std::optional<qint64> CustomerStore::createCustomer(const Customer &customer)
{
    if (customer.name.trimmed().isEmpty()) {
        m_store.setError(tr("A customer needs a name."));
        return std::nullopt;
    }
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(
            u"INSERT INTO customers(external_id, name, username, email, phone, phone_key, account_status,"
            " two_factor, created_at) VALUES (:ext, :name, :user, :email, :phone, :pkey, :status, :tfa, :at)"_s);
        query.bindValue(u":ext"_s, customer.externalId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                                 : QVariant(customer.externalId));
        query.bindValue(u":name"_s, customer.name.trimmed());
        query.bindValue(u":user"_s, text(customer.username.trimmed()));
        query.bindValue(u":email"_s, text(customer.email.trimmed()));
        query.bindValue(u":phone"_s, text(customer.phone.trimmed()));
        query.bindValue(u":pkey"_s, text(phoneKey(customer.phone)));
        query.bindValue(u":status"_s, int(customer.accountStatus));
        query.bindValue(u":tfa"_s, customer.twoFactor);
        query.bindValue(u":at"_s,
                        customer.createdAt.isValid() ? customer.createdAt.toMSecsSinceEpoch() : m_store.nowMs());
        if (!m_store.exec(query))
            return false;
        id = query.lastInsertId().toLongLong();
        return true;
    });
    return ok ? id : std::nullopt;
}
