#include "mailoutbox.h"

#include "localstore.h"
#include "mailcomposer.h"
#include "mailparser.h"
#include "mailstore.h"
#include "mailthreading.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

MailOutbox::MailOutbox(LocalStore &store, QByteArray secret)
    : m_store(store)
    , m_secret(std::move(secret))
{}

qint64 MailOutbox::retryDelayMs(int attempt)
{
    const int doublings = std::clamp(attempt - 1, 0, 6);
    return std::min<qint64>(60, qint64(1) << doublings) * 60 * 1000;
}

QList<MailOutbox::Outgoing> MailOutbox::due(int limit)
{
    QList<Outgoing> result;
    MailStore mails(m_store);
    for (const MailFacts &facts : mails.repliesDue(m_store.nowMs(), limit)) {
        if (auto mail = compose(facts))
            result.append(std::move(*mail));
        else if (!mails.markFailed(facts.messageId, m_error))
            m_error = m_store.errorString();
    }
    return result;
}

std::optional<MailOutbox::Outgoing> MailOutbox::compose(const MailFacts &facts)
{
    MailStore mails(m_store);
    const auto mailbox = mails.mailbox(facts.mailboxId);
    if (!mailbox) {
        m_error = tr("The mailbox this reply was to be sent from has been removed.");
        return std::nullopt;
    }
    if (facts.recipients.isEmpty()) {
        m_error = tr("The customer's mail had no sender address to answer.");
        return std::nullopt;
    }
    const qint64 messageId = facts.messageId;
    const qint64 ticketId = facts.ticketId;
    const QStringList &recipients = facts.recipients;
    std::optional<Message> reply;
    for (const Message &m : m_store.messages(ticketId, messageId - 1)) {
        if (m.id == messageId)
            reply = m;
    }
    if (!reply) {
        m_error = tr("The reply no longer exists.");
        return std::nullopt;
    }
    Outgoing out;
    out.messageId = messageId;
    out.ticketId = ticketId;
    out.mailbox = *mailbox;
    out.recipients = recipients;
    out.attempts = facts.attempts;
    out.writtenAtMs = reply->createdAt.isValid() ? reply->createdAt.toMSecsSinceEpoch() : m_store.nowMs();
    out.rfcMessageId = facts.rfcMessageId;
    if (out.rfcMessageId.isEmpty()) {
        const QString domain = mailbox->address.section(u'@', 1);
        out.rfcMessageId =
            MailThreading::newMessageId(ticketId, m_secret, domain.isEmpty() ? u"deskline.invalid"_s : domain);
        // Kept before the first try, so that every retry sends the very same mail.
        if (!mails.assignMessageId(messageId, out.rfcMessageId)) {
            m_error = m_store.errorString();
            return std::nullopt;
        }
    }

    InboundMail answered;
    if (const auto last = mails.lastReceived(ticketId))
        answered = MailParser(mailbox->maxAttachmentBytes).parse(mails.raw(last->messageId));
    QList<AttachmentInput> files;
    for (const Attachment &listed : reply->attachments) {
        if (const auto file = m_store.attachment(listed.id))
            files.append({file->name, file->mimeType, file->content});
    }
    out.bytes = composeReply(answered, recipients, {reply->authorName, mailbox->address}, reply->body, ticketId,
                             out.rfcMessageId,
                             reply->createdAt.isValid() ? reply->createdAt : QDateTime::currentDateTimeUtc(), files);
    return out;
}

QByteArray MailOutbox::composeReply(InboundMail answered, const QStringList &recipients, const MailAddress &from,
                                    const QString &text, qint64 ticketId, const QString &rfcMessageId,
                                    const QDateTime &writtenAt, const QList<AttachmentInput> &files)
{
    answered.from = {answered.from.name, recipients.value(0)};
    answered.replyTo.clear();
    MailComposer::Reply composed = MailComposer::replyTo(answered, from, text, ticketId, rfcMessageId, writtenAt);
    composed.to.clear();
    for (const QString &address : recipients)
        composed.to.append({QString(), address});
    composed.attachments = files;
    return MailComposer::compose(composed);
}

bool MailOutbox::sent(const Outgoing &mail)
{
    const bool ok = MailStore(m_store).markSent(mail.messageId, m_store.nowMs());
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

std::optional<MailOutbox::Failed> MailOutbox::failed(const Outgoing &mail, bool permanent, const QString &serverReply)
{
    MailStore mails(m_store);
    const int attempt = mail.attempts + 1;
    const bool tooLong = attempt >= maxAttempts || m_store.nowMs() - mail.writtenAtMs > giveUpAfterMs;
    const bool givesUp = permanent || tooLong;
    const bool ok = givesUp ? mails.markFailed(mail.messageId, serverReply)
                            : mails.markRetry(mail.messageId, m_store.nowMs() + retryDelayMs(attempt), serverReply);
    m_error = ok ? QString() : m_store.errorString();
    if (!ok)
        return std::nullopt;
    return givesUp ? Failed::GaveUp : Failed::WillRetry;
}
