#include "conversationservice.h"

#include "draftstore.h"
#include "followupstore.h"
#include "intakereplystore.h"
#include "localstore.h"
#include "mailstore.h"

#include <QLocale>

static_assert(ConversationService::maxAttachmentBytes == LocalStore::maxAttachmentBytes,
              "the window offers what the store accepts");

ConversationService::ConversationService(LocalStore &store)
    : m_store(store)
{}

QList<Message> ConversationService::messages(qint64 ticketId, qint64 afterMessageId) const
{
    return m_store.messages(ticketId, afterMessageId);
}

qint64 ConversationService::lastMessageId(qint64 ticketId) const
{
    return m_store.lastMessageId(ticketId);
}

std::optional<Attachment> ConversationService::attachment(qint64 attachmentId) const
{
    return m_store.attachment(attachmentId);
}

QString ConversationService::attachmentProblem(const QString &name, qint64 size)
{
    if (size <= maxAttachmentBytes)
        return {};
    return tr("\"%1\" is %2; attachments may be at most %3 MB.")
        .arg(name, QLocale().formattedDataSize(size, 1))
        .arg(maxAttachmentBytes / (1024 * 1024));
}

std::optional<qint64> ConversationService::reply(qint64 ticketId, const QString &text,
                                                 const QList<AttachmentInput> &attachments)
{
    return add(ticketId, false, text, attachments);
}

std::optional<qint64> ConversationService::addNote(qint64 ticketId, const QString &text,
                                                   const QList<AttachmentInput> &attachments)
{
    return add(ticketId, true, text, attachments);
}

std::optional<qint64> ConversationService::add(qint64 ticketId, bool note, const QString &text,
                                               const QList<AttachmentInput> &attachments)
{
    if (text.trimmed().isEmpty() && attachments.isEmpty()) {
        m_error =
            note ? tr("Write the note, or attach a file, first.") : tr("Write the reply, or attach a file, first.");
        return std::nullopt;
    }
    for (const AttachmentInput &a : attachments) {
        if (const QString problem = attachmentProblem(a.name, a.content.size()); !problem.isEmpty()) {
            m_error = problem;
            return std::nullopt;
        }
    }
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        id = m_store.addMessage(ticketId, note ? MessageKind::Note : MessageKind::Agent, text, attachments);
        if (!id)
            return false;
        if (note)
            return true;
        // A reply on a ticket that came by mail goes back by mail: the gateway sends what is
        // queued here, so the reply and its sending are one decision.
        MailStore mails(m_store);
        if (const auto answered = mails.lastReceived(ticketId))
            return mails.queueReply(*id, answered->mailboxId, {answered->sender});
        // One from a source with a reply URL (a social-media bridge) goes back to it.
        IntakeReplyStore webhooks(m_store);
        const auto target = webhooks.targetOf(ticketId);
        return !target || webhooks.queue(*id, *target);
    });
    noteFailure(ok);
    return ok ? id : std::nullopt;
}

std::optional<MailFacts> ConversationService::mail(qint64 messageId) const
{
    return MailStore(m_store).facts(messageId);
}

QByteArray ConversationService::rawMail(qint64 messageId) const
{
    return MailStore(m_store).raw(messageId);
}

std::optional<Draft> ConversationService::draft(qint64 ticketId) const
{
    return DraftStore(m_store).draft(ticketId);
}

bool ConversationService::saveDraft(qint64 ticketId, const Draft &draft)
{
    const bool ok = DraftStore(m_store).save(ticketId, draft);
    noteFailure(ok);
    return ok;
}

void ConversationService::noteFailure(bool ok)
{
    m_outOfSpace = !ok && m_store.lastWriteFailedForSpace();
    m_error = ok             ? QString()
              : m_outOfSpace ? tr("the disk is full, so nothing of it was saved")
                             : m_store.errorString();
}

std::optional<qint64> ConversationService::followUp(qint64 closedTicketId)
{
    const std::optional<Draft> typed = DraftStore(m_store).draft(closedTicketId);
    std::optional<qint64> created;
    const bool ok = m_store.transaction([&] {
        created = FollowUpStore(m_store).createFollowUp(closedTicketId);
        if (!created)
            return false;
        if (!typed || typed->body.trimmed().isEmpty())
            return true;
        return DraftStore(m_store).save(*created, *typed) && DraftStore(m_store).clear(closedTicketId);
    });
    m_error = ok ? QString() : m_store.errorString();
    return ok ? created : std::nullopt;
}

std::optional<qint64> ConversationService::followUpOf(qint64 ticketId) const
{
    return FollowUpStore(m_store).followUpOf(ticketId);
}

QList<qint64> ConversationService::followUps(qint64 ticketId) const
{
    return FollowUpStore(m_store).followUps(ticketId);
}
