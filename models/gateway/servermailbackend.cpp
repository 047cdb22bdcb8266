#include "servermailbackend.h"

#include "changelogretention.h"
#include "mailfacts.h"
#include "mailnoise.h"
#include "mailparser.h"
#include "mailthreading.h"
#include "satisfactionrating.h"
#include "serverconnection.h"
#include "sqlerrortext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 outboxLock = 0; // mailbox ids start at 1

const QString mailboxColumns =
    u"id, name, address, imap_url, smtp_url, coalesce(team_id, 0), ca_file, password_file, max_attachment_bytes,"
    " uid_validity, last_uid FROM deskline.gateway_mailboxes()"_s;

Mailbox readMailbox(const QSqlQuery &query)
{
    Mailbox box;
    box.id = query.value(0).toLongLong();
    box.name = query.value(1).toString();
    box.address = query.value(2).toString();
    box.imapUrl = query.value(3).toString();
    box.smtpUrl = query.value(4).toString();
    box.teamId = query.value(5).toLongLong();
    box.caFile = query.value(6).toString();
    box.passwordFile = query.value(7).toString();
    box.maxAttachmentBytes = query.value(8).toLongLong();
    box.uidValidity = quint32(query.value(9).toLongLong());
    box.lastUid = quint32(query.value(10).toLongLong());
    return box;
}

QJsonArray jsonList(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

MailIntake::Outcome outcomeOf(const QString &name)
{
    static const QHash<QString, MailIntake::Outcome> outcomes{
        {u"new_ticket"_s, MailIntake::Outcome::NewTicket},
        {u"added"_s, MailIntake::Outcome::AddedToTicket},
        {u"survey_answer"_s, MailIntake::Outcome::SurveyAnswer},
        {u"follow_up"_s, MailIntake::Outcome::FollowUp},
        {u"auto_reply"_s, MailIntake::Outcome::AutoReply},
        {u"bounce"_s, MailIntake::Outcome::Bounce},
        {u"held"_s, MailIntake::Outcome::Held},
    };
    return outcomes.value(name, MailIntake::Outcome::Duplicate);
}

} // namespace

ServerMailBackend::ServerMailBackend(QString connectionName, QByteArray secret)
    : m_connectionName(std::move(connectionName))
    , m_db(QSqlDatabase::database(m_connectionName, false))
    , m_secret(std::move(secret))
{}

ServerMailBackend::~ServerMailBackend()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlQuery ServerMailBackend::statement()
{
    // A restart of the server while it was down left the connection closed: open it again
    // (the locks it held are gone with it), or let the statement fail with the reason.
    if (!m_db.isOpen()) {
        m_claimed.clear();
        ServerConnection::ensureOpen(m_db, &m_error);
    }
    return QSqlQuery(m_db);
}

bool ServerMailBackend::run(QSqlQuery &query, const QVariantList &values)
{
    bool reopened = false;
    const bool ok = ServerConnection::execReopening(m_db, query, values, &m_error, &reopened);
    // The locks went with the old session, so they must be claimed again.
    if (reopened)
        m_claimed.clear();
    return ok;
}

QList<Mailbox> ServerMailBackend::mailboxes()
{
    QList<Mailbox> result;
    QSqlQuery query = statement();
    if (!ServerConnection::prepare(query, u"SELECT "_s + mailboxColumns, &m_error) || !run(query, {}))
        return result;
    m_error.clear();
    while (query.next())
        result.append(readMailbox(query));
    return result;
}

std::optional<Mailbox> ServerMailBackend::mailbox(qint64 id)
{
    QSqlQuery query = statement();
    if (!ServerConnection::prepare(query, u"SELECT "_s + mailboxColumns + u" WHERE id = ?"_s, &m_error) ||
        !run(query, {id}) || !query.next())
        return std::nullopt;
    return readMailbox(query);
}

bool ServerMailBackend::claim(qint64 mailboxId)
{
    if (m_claimed.contains(mailboxId))
        return true;
    QSqlQuery query = statement();
    if (!ServerConnection::prepare(query, u"SELECT deskline.gateway_lock_mailbox(?)"_s, &m_error) ||
        !run(query, {mailboxId}) || !query.next() || !query.value(0).toBool())
        return false;
    m_claimed.insert(mailboxId);
    return true;
}

void ServerMailBackend::release(qint64 mailboxId)
{
    if (!m_claimed.remove(mailboxId))
        return;
    QSqlQuery query = statement();
    if (ServerConnection::prepare(query, u"SELECT deskline.gateway_unlock_mailbox(?)"_s, &m_error))
        run(query, {mailboxId});
}

bool ServerMailBackend::claimOutbox()
{
    return claim(outboxLock);
}

bool ServerMailBackend::resetReadPosition(qint64 mailboxId, quint32 uidValidity)
{
    QSqlQuery query = statement();
    return ServerConnection::prepare(query, u"SELECT deskline.gateway_reset_position(?, ?)"_s, &m_error) &&
           run(query, {mailboxId, qint64(uidValidity)});
}

std::optional<QString> ServerMailBackend::putContent(const QByteArray &content)
{
    QSqlQuery query = statement();
    if (!ServerConnection::prepare(query, u"SELECT deskline.put_content(?)"_s, &m_error) || !run(query, {content}) ||
        !query.next())
        return std::nullopt;
    return query.value(0).toString();
}

std::optional<QByteArray> ServerMailBackend::content(const QString &sha256)
{
    QSqlQuery query = statement();
    if (!ServerConnection::prepare(query, u"SELECT deskline.fetch_content(?)"_s, &m_error) || !run(query, {sha256}) ||
        !query.next())
        return std::nullopt;
    if (query.value(0).isNull()) {
        m_error = tr("The server has no file %1.").arg(sha256);
        return std::nullopt;
    }
    return query.value(0).toByteArray();
}

std::optional<MailIntake::Result> ServerMailBackend::take(const Mailbox &mailbox, quint32 uidValidity, quint32 uid,
                                                          const InboundMail &mail)
{
    const QString sender = mail.from.address.trimmed().toLower();
    QJsonObject described{
        {u"key"_s, MailIntake::keyOf(mail)},
        {u"sender"_s, sender},
        {u"from_name"_s, mail.from.name.trimmed()},
        {u"subject"_s, mail.subject.simplified()},
        {u"message_id"_s, mail.messageId.trimmed()},
        {u"ancestors"_s, jsonList(MailIntake::ancestorsOf(mail))},
        {u"recipients"_s, jsonList(MailIntake::recipientsOf(mail))},
        {u"html"_s, mail.html},
        {u"remote_images"_s, jsonList(mail.remoteImages)},
        {u"flood_limit"_s, m_floodLimit},
        {u"flood_detail"_s, MailIntake::floodDetail(m_floodLimit, sender)},
        {u"note"_s, MailIntake::problemsNote(mailbox, mail)},
        {u"note_author"_s, tr("Mail gateway")},
        // In the words MailIntake and FollowUpStore use on a standalone desk.
        {u"unknown_sender"_s, QCoreApplication::translate("MailIntake", "Unknown sender")},
        {u"no_subject"_s, QCoreApplication::translate("MailIntake", "(no subject)")},
        {u"follow_up_subject"_s, QCoreApplication::translate("FollowUpStore", "Follow-up: %1")},
    };
    const MailNoise::Verdict noise = MailNoise::classify(mail);
    if (noise.kind == MailNoise::Kind::Bounce) {
        described.insert(u"noise"_s, u"bounce"_s);
        described.insert(u"noise_detail"_s, noise.diagnostic.isEmpty() ? noise.status : noise.diagnostic);
        described.insert(u"bounced_message_id"_s, noise.originalMessageId);
        described.insert(u"bounce_reason"_s, MailIntake::bounceReason(noise));
    } else if (noise.kind == MailNoise::Kind::AutoReply) {
        described.insert(u"noise"_s, u"auto_reply"_s);
        described.insert(u"noise_detail"_s, noise.why);
    }
    if (const auto ours = MailThreading::ticketFromReferences(mail, m_secret))
        described.insert(u"our_ticket"_s, *ours);
    if (const auto tagged = MailThreading::subjectToken(mail.subject))
        described.insert(u"subject_ticket"_s, *tagged);
    if (const auto rating = SatisfactionRating::recognise(mail.textBody))
        described.insert(u"rating"_s, QJsonObject{{u"score"_s, rating->score}, {u"comment"_s, rating->comment}});

    // The bytes as received are kept whatever becomes of the mail; the files only with a message.
    const auto raw = putContent(mail.raw);
    if (!raw)
        return std::nullopt;
    described.insert(u"raw_sha256"_s, *raw);
    QList<AttachmentInput> files;
    if (noise.kind == MailNoise::Kind::Normal)
        files = MailIntake::filesOf(mail);
    QJsonArray attachments;
    for (const AttachmentInput &file : std::as_const(files)) {
        const auto sha256 = file.content == mail.raw ? raw : putContent(file.content);
        if (!sha256)
            return std::nullopt;
        attachments.append(
            QJsonObject{{u"name"_s, file.name}, {u"mime_type"_s, file.mimeType}, {u"sha256"_s, *sha256}});
    }
    described.insert(u"attachments"_s, attachments);
    described.insert(u"body"_s, MailIntake::bodyOf(mail, !files.isEmpty()));

    QSqlQuery query = statement();
    if (!ServerConnection::prepare(query, u"SELECT deskline.gateway_receive(?, ?, ?, ?::jsonb)::text"_s, &m_error) ||
        !run(query, {mailbox.id, qint64(uidValidity), qint64(uid),
                     QString::fromUtf8(QJsonDocument(described).toJson(QJsonDocument::Compact))}) ||
        !query.next())
        return std::nullopt;
    const QJsonObject answer = QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
    MailIntake::Result result;
    result.outcome = outcomeOf(answer.value(u"outcome"_s).toString());
    result.ticketId = answer.value(u"ticket_id"_s).toInteger();
    result.messageId = answer.value(u"message_id"_s).toInteger();
    result.detail = answer.value(u"detail"_s).toString();
    m_error.clear();
    return result;
}

QString ServerMailBackend::ticketLabel(qint64 ticketId)
{
    return u'#' + QString::number(ticketId);
}

QList<MailOutbox::Outgoing> ServerMailBackend::due(int limit)
{
    QList<MailOutbox::Outgoing> result;
    QSqlQuery query = statement();
    if (!ServerConnection::prepare(query, u"SELECT deskline.gateway_due(?)::text"_s, &m_error) || !run(query, {limit}))
        return result;
    QList<QJsonObject> rows;
    while (query.next())
        rows.append(QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
    if (rows.isEmpty())
        return result;
    // Read once per batch, not once per reply.
    QHash<qint64, Mailbox> boxes;
    for (const Mailbox &box : mailboxes())
        boxes.insert(box.id, box);
    for (const QJsonObject &row : std::as_const(rows)) {
        if (auto mail = compose(row, boxes))
            result.append(std::move(*mail));
        else
            recordDelivery(row.value(u"message_id"_s).toInteger(), int(MailDelivery::Failed), m_error, 0);
    }
    return result;
}

std::optional<MailOutbox::Outgoing> ServerMailBackend::compose(const QJsonObject &due,
                                                               const QHash<qint64, Mailbox> &mailboxes)
{
    MailOutbox::Outgoing out;
    out.messageId = due.value(u"message_id"_s).toInteger();
    out.ticketId = due.value(u"ticket_id"_s).toInteger();
    out.attempts = due.value(u"attempts"_s).toInt();
    out.writtenAtMs = due.value(u"created_at"_s).toInteger();
    for (const QJsonValue &to : due.value(u"recipients"_s).toArray())
        out.recipients.append(to.toString());
    const auto box = mailboxes.constFind(due.value(u"mailbox_id"_s).toInteger());
    if (box == mailboxes.cend()) {
        m_error =
            QCoreApplication::translate("MailOutbox", "The mailbox this reply was to be sent from has been removed.");
        return std::nullopt;
    }
    if (out.recipients.isEmpty()) {
        m_error = QCoreApplication::translate("MailOutbox", "The customer's mail had no sender address to answer.");
        return std::nullopt;
    }
    out.mailbox = *box;
    out.rfcMessageId = due.value(u"rfc_message_id"_s).toString();
    if (out.rfcMessageId.isEmpty()) {
        const QString domain = box->address.section(u'@', 1);
        const QString fresh =
            MailThreading::newMessageId(out.ticketId, m_secret, domain.isEmpty() ? u"deskline.invalid"_s : domain);
        // Kept before the first try, so that every retry, by any gateway, sends the very same mail.
        QSqlQuery assign(m_db);
        if (!ServerConnection::prepare(assign, u"SELECT deskline.gateway_assign_message_id(?, ?)"_s, &m_error) ||
            !run(assign, {out.messageId, fresh}) || !assign.next())
            return std::nullopt;
        out.rfcMessageId = assign.value(0).toString();
    }

    InboundMail answered;
    if (const QString sha256 = due.value(u"answered_raw_sha256"_s).toString(); !sha256.isEmpty()) {
        const auto raw = content(sha256);
        if (!raw)
            return std::nullopt;
        answered = MailParser(box->maxAttachmentBytes).parse(*raw);
    }
    QList<AttachmentInput> files;
    for (const QJsonValue &value : due.value(u"files"_s).toArray()) {
        const QJsonObject file = value.toObject();
        const auto bytes = content(file.value(u"sha256"_s).toString());
        if (!bytes)
            return std::nullopt;
        files.append({file.value(u"name"_s).toString(), file.value(u"mime_type"_s).toString(), *bytes});
    }
    const QDateTime writtenAt = out.writtenAtMs > 0 ? QDateTime::fromMSecsSinceEpoch(out.writtenAtMs, Qt::UTC)
                                                    : QDateTime::currentDateTimeUtc();
    out.bytes =
        MailOutbox::composeReply(answered, out.recipients, {due.value(u"author_name"_s).toString(), box->address},
                                 due.value(u"body"_s).toString(), out.ticketId, out.rfcMessageId, writtenAt, files);
    return out;
}

bool ServerMailBackend::recordDelivery(qint64 messageId, int delivery, const QString &detail, qint64 nextAttemptAt)
{
    QSqlQuery query = statement();
    return ServerConnection::prepare(query, u"SELECT deskline.gateway_record_delivery(?, ?, ?, ?)"_s, &m_error) &&
           run(query, {messageId, delivery, detail,
                       nextAttemptAt > 0 ? QVariant(nextAttemptAt) : QVariant(QMetaType::fromType<qint64>())});
}

bool ServerMailBackend::sent(const MailOutbox::Outgoing &mail)
{
    return recordDelivery(mail.messageId, int(MailDelivery::Sent), QString(), 0);
}

std::optional<MailOutbox::Failed> ServerMailBackend::failed(const MailOutbox::Outgoing &mail, bool permanent,
                                                            const QString &serverReply)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int attempt = mail.attempts + 1;
    const bool givesUp =
        permanent || attempt >= MailOutbox::maxAttempts || now - mail.writtenAtMs > MailOutbox::giveUpAfterMs;
    if (!recordDelivery(mail.messageId, int(givesUp ? MailDelivery::Failed : MailDelivery::Waiting), serverReply,
                        givesUp ? 0 : now + MailOutbox::retryDelayMs(attempt)))
        return std::nullopt;
    return givesUp ? MailOutbox::Failed::GaveUp : MailOutbox::Failed::WillRetry;
}

std::optional<qint64> ServerMailBackend::pruneChangeLog()
{
    ChangeLogRetention retention(m_db);
    const auto removed = retention.prune();
    if (!removed)
        m_error = retention.errorString();
    return removed;
}
