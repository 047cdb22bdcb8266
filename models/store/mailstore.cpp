#include "mailstore.h"

#include "localstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

// The first row's id of a cached query, which is then finished so it holds no read lock.
std::optional<qint64> firstId(LocalStore &store, QSqlQuery &query)
{
    std::optional<qint64> id;
    if (store.exec(query) && query.next())
        id = query.value(0).toLongLong();
    query.finish();
    return id;
}

QString jsonList(const QStringList &values)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

QStringList listFromJson(const QString &text)
{
    QStringList result;
    for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array())
        result.append(value.toString());
    return result;
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

// Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

const QString mailboxColumns = u"id, name, address, imap_url, smtp_url, coalesce(team_id, 0), ca_file, password_file,"
                               " max_attachment_bytes, uid_validity, last_uid FROM mailboxes"_s;

Mailbox readMailbox(const QSqlQuery &query)
{
    Mailbox m;
    m.id = query.value(0).toLongLong();
    m.name = query.value(1).toString();
    m.address = query.value(2).toString();
    m.imapUrl = query.value(3).toString();
    m.smtpUrl = query.value(4).toString();
    m.teamId = query.value(5).toLongLong();
    m.caFile = query.value(6).toString();
    m.passwordFile = query.value(7).toString();
    m.maxAttachmentBytes = query.value(8).toLongLong();
    m.uidValidity = quint32(query.value(9).toLongLong());
    m.lastUid = quint32(query.value(10).toLongLong());
    return m;
}

const QString factsColumns = u"message_id, (SELECT ticket_id FROM messages WHERE id = message_id), "
                             u"coalesce(mailbox_id, 0), direction, coalesce(rfc_message_id, ''), sender,"
                             " recipients, html, remote_images, delivery, delivery_detail, attempts,"
                             " coalesce(next_attempt_at, 0), coalesce(sent_at, 0), html != '', raw IS NOT NULL,"
                             " coalesce(raw_sha256, '') FROM mail_messages"_s;

MailFacts readFacts(const QSqlQuery &query)
{
    MailFacts f;
    f.messageId = query.value(0).toLongLong();
    f.ticketId = query.value(1).toLongLong();
    f.mailboxId = query.value(2).toLongLong();
    f.direction = MailDirection(query.value(3).toInt());
    f.rfcMessageId = query.value(4).toString();
    f.sender = query.value(5).toString();
    f.recipients = listFromJson(query.value(6).toString());
    f.html = query.value(7).toString();
    f.hasHtml = query.value(14).toBool();
    f.remoteImages = listFromJson(query.value(8).toString());
    f.delivery = MailDelivery(query.value(9).toInt());
    f.deliveryDetail = query.value(10).toString();
    f.attempts = query.value(11).toInt();
    f.nextAttemptAt = query.value(12).toLongLong();
    f.sentAt = query.value(13).toLongLong();
    f.hasRaw = query.value(15).toBool();
    f.rawSha256 = query.value(16).toString();
    return f;
}

} // namespace

MailStore::MailStore(LocalStore &store)
    : m_store(store)
{}

QList<Mailbox> MailStore::mailboxes() const
{
    QList<Mailbox> result;
    QSqlQuery query(m_store.database());
    query.exec(u"SELECT "_s + mailboxColumns + u" ORDER BY name"_s);
    while (query.next())
        result.append(readMailbox(query));
    return result;
}

std::optional<Mailbox> MailStore::mailbox(qint64 id) const
{
    return mailboxWhere(u"id = :key"_s, id);
}

std::optional<Mailbox> MailStore::mailboxByName(const QString &name) const
{
    return mailboxWhere(u"name = :key"_s, name);
}

std::optional<Mailbox> MailStore::mailboxWhere(const QString &condition, const QVariant &key) const
{
    QSqlQuery query = m_store.prepare(u"SELECT "_s + mailboxColumns + u" WHERE "_s + condition);
    query.bindValue(u":key"_s, key);
    if (!m_store.exec(query) || !query.next())
        return std::nullopt;
    return readMailbox(query);
}

std::optional<qint64> MailStore::addMailbox(const Mailbox &mailbox)
{
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(
            u"INSERT INTO mailboxes(name, address, imap_url, smtp_url, team_id, ca_file, password_file,"
            " max_attachment_bytes, created_at) VALUES (:name, :address, :imap, :smtp, :team, :ca, :pw, :max, :at)"_s);
        query.bindValue(u":name"_s, mailbox.name);
        query.bindValue(u":address"_s, mailbox.address);
        query.bindValue(u":imap"_s, mailbox.imapUrl);
        query.bindValue(u":smtp"_s, mailbox.smtpUrl);
        query.bindValue(u":team"_s, idOrNull(mailbox.teamId));
        query.bindValue(u":ca"_s, text(mailbox.caFile));
        query.bindValue(u":pw"_s, text(mailbox.passwordFile));
        query.bindValue(u":max"_s, mailbox.maxAttachmentBytes);
        query.bindValue(u":at"_s, m_store.nowMs());
        if (!m_store.exec(query))
            return false;
        id = query.lastInsertId().toLongLong();
        return true;
    });
    return ok ? id : std::nullopt;
}

bool MailStore::removeMailbox(qint64 id)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"DELETE FROM mailboxes WHERE id = :id"_s);
        query.bindValue(u":id"_s, id);
        return m_store.exec(query);
    });
}

bool MailStore::setReadPosition(qint64 mailboxId, quint32 uidValidity, quint32 lastUid)
{
    return m_store.transaction([&] {
        QSqlQuery &query =
            m_store.cached(u"UPDATE mailboxes SET uid_validity = :validity, last_uid = :uid WHERE id = :id"_s);
        query.bindValue(u":validity"_s, qint64(uidValidity));
        query.bindValue(u":uid"_s, qint64(lastUid));
        query.bindValue(u":id"_s, mailboxId);
        return m_store.exec(query);
    });
}

bool MailStore::knows(const QString &rfcMessageId) const
{
    QSqlQuery &query = m_store.cached(u"SELECT EXISTS (SELECT 1 FROM mail_messages WHERE rfc_message_id = :id)"
                                      " OR EXISTS (SELECT 1 FROM mail_set_aside WHERE rfc_message_id = :id2)"_s);
    query.bindValue(u":id"_s, rfcMessageId);
    query.bindValue(u":id2"_s, rfcMessageId);
    const bool known = m_store.exec(query) && query.next() && query.value(0).toBool();
    query.finish();
    return known;
}

bool MailStore::recordReceived(const Received &mail)
{
    return m_store.transaction([&] {
        QSqlQuery &query = m_store.cached(
            u"INSERT INTO mail_messages(message_id, mailbox_id, direction, rfc_message_id, sender, recipients, html,"
            " remote_images, delivery, raw) VALUES (:m, :box, 0, :rfc, :sender, :to, :html, :images, 0, :raw)"_s);
        query.bindValue(u":m"_s, mail.messageId);
        query.bindValue(u":box"_s, idOrNull(mail.mailboxId));
        query.bindValue(u":rfc"_s, mail.rfcMessageId);
        query.bindValue(u":sender"_s, text(mail.sender.toLower()));
        query.bindValue(u":to"_s, jsonList(mail.recipients));
        query.bindValue(u":html"_s, text(mail.html));
        query.bindValue(u":images"_s, jsonList(mail.remoteImages));
        query.bindValue(u":raw"_s, mail.raw);
        if (!m_store.exec(query))
            return false;
        for (const QString &reference : mail.references) {
            QSqlQuery &named = m_store.cached(
                u"INSERT OR IGNORE INTO mail_references(rfc_message_id, message_id) VALUES (:rfc, :m)"_s);
            named.bindValue(u":rfc"_s, reference);
            named.bindValue(u":m"_s, mail.messageId);
            if (!m_store.exec(named))
                return false;
        }
        return true;
    });
}

bool MailStore::importFacts(const MailFacts &facts)
{
    return m_store.transaction([&] {
        QSqlQuery &query = m_store.cached(
            u"INSERT INTO mail_messages(message_id, direction, rfc_message_id, sender, recipients, html, delivery,"
            " delivery_detail, sent_at) VALUES (:m, :direction, :rfc, :sender, :to, :html, :delivery, :detail, :sent)"
            " ON CONFLICT (rfc_message_id) DO NOTHING"_s);
        query.bindValue(u":m"_s, facts.messageId);
        query.bindValue(u":direction"_s, int(facts.direction));
        query.bindValue(u":rfc"_s, facts.rfcMessageId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                                : QVariant(facts.rfcMessageId));
        query.bindValue(u":sender"_s, text(facts.sender.toLower()));
        query.bindValue(u":to"_s, jsonList(facts.recipients));
        query.bindValue(u":html"_s, text(facts.html));
        query.bindValue(u":delivery"_s, int(facts.delivery));
        query.bindValue(u":detail"_s, text(facts.deliveryDetail));
        query.bindValue(u":sent"_s, facts.sentAt ? QVariant(facts.sentAt) : QVariant(QMetaType::fromType<qint64>()));
        return m_store.exec(query);
    });
}

bool MailStore::setAside(qint64 mailboxId, const QString &rfcMessageId, const QString &sender, const QString &subject,
                         SetAsideReason reason, const QString &detail, const QByteArray &raw)
{
    return m_store.transaction([&] {
        QSqlQuery &query =
            m_store.cached(u"INSERT OR IGNORE INTO mail_set_aside(mailbox_id, rfc_message_id, sender, subject, reason,"
                           " detail, at, raw) VALUES (:box, :rfc, :sender, :subject, :reason, :detail, :at, :raw)"_s);
        query.bindValue(u":box"_s, idOrNull(mailboxId));
        query.bindValue(u":rfc"_s, rfcMessageId);
        query.bindValue(u":sender"_s, text(sender.toLower()));
        query.bindValue(u":subject"_s, text(subject));
        query.bindValue(u":reason"_s, int(reason));
        query.bindValue(u":detail"_s, text(detail));
        query.bindValue(u":at"_s, m_store.nowMs());
        query.bindValue(u":raw"_s, raw);
        return m_store.exec(query);
    });
}

int MailStore::mailsFromSince(const QString &sender, qint64 sinceMs) const
{
    QSqlQuery &query =
        m_store.cached(u"SELECT (SELECT count(*) FROM mail_messages mm JOIN messages m ON m.id = mm.message_id"
                       " WHERE mm.sender = :sender AND mm.direction = 0 AND m.created_at >= :since)"
                       " + (SELECT count(*) FROM mail_set_aside WHERE sender = :sender2 AND at >= :since2)"_s);
    query.bindValue(u":sender"_s, sender.toLower());
    query.bindValue(u":since"_s, sinceMs);
    query.bindValue(u":sender2"_s, sender.toLower());
    query.bindValue(u":since2"_s, sinceMs);
    const int count = m_store.exec(query) && query.next() ? query.value(0).toInt() : 0;
    query.finish();
    return count;
}

std::optional<qint64> MailStore::customerByAddress(const QString &address) const
{
    QSqlQuery &query =
        m_store.cached(u"SELECT id FROM customers WHERE email = :email COLLATE NOCASE ORDER BY id LIMIT 1"_s);
    query.bindValue(u":email"_s, address.trimmed());
    return firstId(m_store, query);
}

std::optional<MailFacts> MailStore::facts(qint64 messageId) const
{
    QSqlQuery query = m_store.prepare(u"SELECT "_s + factsColumns + u" WHERE message_id = :m"_s);
    query.bindValue(u":m"_s, messageId);
    if (!m_store.exec(query) || !query.next())
        return std::nullopt;
    return readFacts(query);
}

QHash<qint64, MailFacts> MailStore::factsOfTickets(const QList<qint64> &ticketIds) const
{
    QHash<qint64, MailFacts> result;
    for (qint64 ticketId : ticketIds) {
        QSqlQuery query = m_store.prepare(
            u"SELECT mm.message_id, m.ticket_id, coalesce(mm.mailbox_id, 0), mm.direction,"
            " coalesce(mm.rfc_message_id, ''), mm.sender, mm.recipients, '',"
            " mm.remote_images, mm.delivery, mm.delivery_detail, mm.attempts, coalesce(mm.next_attempt_at, 0),"
            " coalesce(mm.sent_at, 0), mm.html != '', mm.raw IS NOT NULL, coalesce(mm.raw_sha256, '')"
            " FROM messages m JOIN mail_messages mm ON mm.message_id = m.id"
            " WHERE m.ticket_id = :t"_s);
        query.bindValue(u":t"_s, ticketId);
        if (!m_store.exec(query))
            continue;
        while (query.next()) {
            const MailFacts facts = readFacts(query);
            result.insert(facts.messageId, facts);
        }
    }
    return result;
}

QByteArray MailStore::raw(qint64 messageId) const
{
    QSqlQuery query = m_store.prepare(u"SELECT raw FROM mail_messages WHERE message_id = :m"_s);
    query.bindValue(u":m"_s, messageId);
    if (!m_store.exec(query) || !query.next())
        return {};
    return query.value(0).toByteArray();
}

std::optional<MailStore::LastReceived> MailStore::lastReceived(qint64 ticketId) const
{
    QSqlQuery query = m_store.prepare(
        u"SELECT mm.message_id, coalesce(mm.mailbox_id, 0), mm.rfc_message_id, mm.sender FROM messages m"
        " JOIN mail_messages mm ON mm.message_id = m.id WHERE m.ticket_id = :t AND mm.direction = 0"
        " ORDER BY m.id DESC LIMIT 1"_s);
    query.bindValue(u":t"_s, ticketId);
    if (!m_store.exec(query) || !query.next())
        return std::nullopt;
    return LastReceived{query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toString(),
                        query.value(3).toString()};
}

std::optional<qint64> MailStore::ticketOfReceived(const QString &rfcMessageId, const QString &sender) const
{
    QSqlQuery &query =
        m_store.cached(u"SELECT m.ticket_id FROM mail_messages mm JOIN messages m ON m.id = mm.message_id"
                       " WHERE mm.rfc_message_id = :id AND mm.direction = 0 AND mm.sender = :sender"_s);
    query.bindValue(u":id"_s, rfcMessageId);
    query.bindValue(u":sender"_s, sender.toLower());
    return firstId(m_store, query);
}

std::optional<qint64> MailStore::ticketReferring(const QString &rfcMessageId, const QString &sender) const
{
    QSqlQuery &query = m_store.cached(
        u"SELECT m.ticket_id FROM mail_references r JOIN mail_messages mm ON mm.message_id = r.message_id"
        " JOIN messages m ON m.id = r.message_id WHERE r.rfc_message_id = :id AND mm.sender = :sender"
        " ORDER BY r.message_id LIMIT 1"_s);
    query.bindValue(u":id"_s, rfcMessageId);
    query.bindValue(u":sender"_s, sender.toLower());
    return firstId(m_store, query);
}

std::optional<qint64> MailStore::sentMessage(const QString &rfcMessageId) const
{
    QSqlQuery query =
        m_store.prepare(u"SELECT message_id FROM mail_messages WHERE rfc_message_id = :id AND direction = 1"_s);
    query.bindValue(u":id"_s, rfcMessageId);
    if (!m_store.exec(query) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

bool MailStore::queueReply(qint64 messageId, qint64 mailboxId, const QStringList &recipients)
{
    return m_store.transaction([&] {
        QSqlQuery query =
            m_store.prepare(u"INSERT INTO mail_messages(message_id, mailbox_id, direction, recipients, delivery,"
                            " next_attempt_at) VALUES (:m, :box, 1, :to, 1, :at)"_s);
        query.bindValue(u":m"_s, messageId);
        query.bindValue(u":box"_s, idOrNull(mailboxId));
        query.bindValue(u":to"_s, jsonList(recipients));
        query.bindValue(u":at"_s, m_store.nowMs());
        return m_store.exec(query);
    });
}

QList<MailFacts> MailStore::repliesDue(qint64 nowMs, int limit) const
{
    QList<MailFacts> result;
    QSqlQuery query = m_store.prepare(u"SELECT "_s + factsColumns +
                                      u" WHERE delivery = 1 AND next_attempt_at <= :now"
                                      " ORDER BY next_attempt_at, message_id LIMIT :limit"_s);
    query.bindValue(u":now"_s, nowMs);
    query.bindValue(u":limit"_s, limit);
    if (!m_store.exec(query))
        return result;
    while (query.next())
        result.append(readFacts(query));
    return result;
}

bool MailStore::assignMessageId(qint64 messageId, const QString &rfcMessageId)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"UPDATE mail_messages SET rfc_message_id = :rfc"
                                          " WHERE message_id = :m AND rfc_message_id IS NULL"_s);
        query.bindValue(u":rfc"_s, rfcMessageId);
        query.bindValue(u":m"_s, messageId);
        return m_store.exec(query);
    });
}

bool MailStore::markSent(qint64 messageId, qint64 atMs)
{
    return setDelivery(messageId, MailDelivery::Sent, {}, 0, atMs, true);
}

bool MailStore::markRetry(qint64 messageId, qint64 nextAttemptAtMs, const QString &detail)
{
    return setDelivery(messageId, MailDelivery::Waiting, detail, nextAttemptAtMs, 0, true);
}

bool MailStore::markFailed(qint64 messageId, const QString &detail)
{
    return setDelivery(messageId, MailDelivery::Failed, detail, 0, 0, true);
}

bool MailStore::markBounced(qint64 messageId, const QString &detail)
{
    return setDelivery(messageId, MailDelivery::Bounced, detail, 0, 0, false);
}

bool MailStore::setDelivery(qint64 messageId, MailDelivery delivery, const QString &detail, qint64 nextAttemptAt,
                            qint64 sentAt, bool countAttempt)
{
    return m_store.transaction([&] {
        QSqlQuery query =
            m_store.prepare(u"UPDATE mail_messages SET delivery = :delivery, delivery_detail = :detail,"
                            " next_attempt_at = :next, sent_at = coalesce(:sent, sent_at), attempts = attempts + :count"
                            " WHERE message_id = :m RETURNING (SELECT ticket_id FROM messages WHERE id = :m2)"_s);
        query.bindValue(u":delivery"_s, int(delivery));
        query.bindValue(u":detail"_s, text(detail));
        query.bindValue(u":next"_s,
                        nextAttemptAt > 0 ? QVariant(nextAttemptAt) : QVariant(QMetaType::fromType<qint64>()));
        query.bindValue(u":sent"_s, sentAt > 0 ? QVariant(sentAt) : QVariant(QMetaType::fromType<qint64>()));
        query.bindValue(u":count"_s, countAttempt ? 1 : 0);
        query.bindValue(u":m"_s, messageId);
        query.bindValue(u":m2"_s, messageId);
        if (!m_store.exec(query))
            return false;
        if (!query.next()) {
            m_store.setError(tr("That message is not a mail."));
            return false;
        }
        // The thread shows each reply's delivery.
        m_store.noteTicketsChanged({query.value(0).toLongLong()});
        return true;
    });
}
