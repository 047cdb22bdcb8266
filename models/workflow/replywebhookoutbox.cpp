#include "replywebhookoutbox.h"

#include "customerstore.h"
#include "intakereplystore.h"
#include "intakestore.h"
#include "localstore.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

ReplyWebhookOutbox::ReplyWebhookOutbox(LocalStore &store)
    : m_store(store)
{}

qint64 ReplyWebhookOutbox::nowMs() const
{
    return m_store.nowMs();
}

QList<ReplyWebhookOutbox::Outgoing> ReplyWebhookOutbox::due(int limit)
{
    QList<Outgoing> result;
    QString refused;
    IntakeReplyStore replies(m_store);
    const auto claimed = replies.claimDue(m_store.nowMs(), leaseMs, limit);
    if (!claimed) {
        m_error = m_store.errorString();
        return result;
    }
    for (const IntakeReply &reply : *claimed) {
        if (auto webhook = compose(reply))
            result.append(std::move(*webhook));
        else if (!replies.markFailed(reply.messageId, m_error))
            refused = m_store.errorString();
    }
    // Why a reply could not be composed is on the reply; only the store's refusal is ours.
    m_error = refused;
    return result;
}

std::optional<ReplyWebhookOutbox::Outgoing> ReplyWebhookOutbox::compose(const IntakeReply &reply)
{
    if (reply.sourceId <= 0) {
        m_error = tr("The source this reply was to go back to has been removed.");
        return std::nullopt;
    }
    if (reply.replyUrl.isEmpty()) {
        m_error = tr("The source %1 has no reply URL any more.").arg(reply.sourceName);
        return std::nullopt;
    }
    std::optional<Message> message;
    for (const Message &m : m_store.messages(reply.ticketId, reply.messageId - 1)) {
        if (m.id == reply.messageId)
            message = m;
    }
    const auto ticket = m_store.ticket(reply.ticketId);
    if (!message || !ticket) {
        m_error = tr("The reply no longer exists.");
        return std::nullopt;
    }
    QJsonObject customer;
    if (const auto person = CustomerStore(m_store).customer(ticket->customerId)) {
        // The source's own id for the customer, without the prefix that scopes it here.
        const QString prefix = IntakeStore::customerExternalId(reply.sourceId, u"-"_s).chopped(1);
        if (person->externalId.startsWith(prefix))
            customer.insert(u"external_id"_s, person->externalId.mid(prefix.size()));
        customer.insert(u"name"_s, person->name);
        if (!person->email.isEmpty())
            customer.insert(u"email"_s, person->email);
        if (!person->phone.isEmpty())
            customer.insert(u"phone"_s, person->phone);
        if (!person->username.isEmpty())
            customer.insert(u"username"_s, person->username);
    }
    QJsonArray files;
    for (const Attachment &listed : message->attachments) {
        if (const auto file = m_store.attachment(listed.id)) {
            files.append(QJsonObject{{u"name"_s, file->name},
                                     {u"mime_type"_s, file->mimeType},
                                     {u"size"_s, file->size},
                                     {u"content_base64"_s, QString::fromLatin1(file->content.toBase64())}});
        }
    }
    const QDateTime written = message->createdAt.isValid() ? message->createdAt : QDateTime::currentDateTimeUtc();
    Outgoing out;
    out.reply = reply;
    out.writtenAtMs = written.toMSecsSinceEpoch();
    out.body = bodyFor(reply, ticket->displayId(), customer, message->authorName, message->body, files, written);
    return out;
}

bool ReplyWebhookOutbox::sent(const Outgoing &webhook)
{
    const bool ok = IntakeReplyStore(m_store).markSent(webhook.reply.messageId, m_store.nowMs());
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

std::optional<ReplyWebhookOutbox::Failed> ReplyWebhookOutbox::failed(const Outgoing &webhook, bool permanent,
                                                                     const QString &detail)
{
    IntakeReplyStore replies(m_store);
    const bool last = givesUp(webhook, permanent, m_store.nowMs());
    const bool ok = last ? replies.markFailed(webhook.reply.messageId, detail)
                         : replies.markRetry(webhook.reply.messageId,
                                             m_store.nowMs() + retryDelayMs(webhook.reply.attempts + 1), detail);
    m_error = ok ? QString() : m_store.errorString();
    if (!ok)
        return std::nullopt;
    return last ? Failed::GaveUp : Failed::WillRetry;
}
