#pragma once

#include "attachment.h"
#include "attachmentinput.h"
#include "draft.h"
#include "mailfacts.h"
#include "message.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// A ticket's conversation as the window reads and writes it: the thread and its attachments,
// replies to the customer and internal notes, the draft being typed, and follow-ups of a
// closed ticket. An empty message or a file too large is refused before anything is written;
// a message with its attachments, its history entry and (team mode) its mutation is one
// transaction.
class ConversationService
{
    Q_DECLARE_TR_FUNCTIONS(ConversationService)

public:
    static constexpr qint64 maxAttachmentBytes = 25 * 1024 * 1024;

    explicit ConversationService(LocalStore &store);

    QList<Message> messages(qint64 ticketId, qint64 afterMessageId = 0) const;
    qint64 lastMessageId(qint64 ticketId) const;
    std::optional<Attachment> attachment(qint64 attachmentId) const;
    // The mail behind a message that came or went by email (its sanitised HTML included), and
    // its bytes as received, to be saved as .eml.
    std::optional<MailFacts> mail(qint64 messageId) const;
    QByteArray rawMail(qint64 messageId) const;
    // Why a file of this size cannot be attached, or empty.
    static QString attachmentProblem(const QString &name, qint64 size);

    // The new message's id, or nullopt with errorString(); the ticket's draft goes with it.
    std::optional<qint64> reply(qint64 ticketId, const QString &text, const QList<AttachmentInput> &attachments = {});
    std::optional<qint64> addNote(qint64 ticketId, const QString &text, const QList<AttachmentInput> &attachments = {});

    std::optional<Draft> draft(qint64 ticketId) const;
    bool saveDraft(qint64 ticketId, const Draft &draft);

    // A new ticket continuing a closed one, taking along what was typed into the closed one;
    // both or neither.
    std::optional<qint64> followUp(qint64 closedTicketId);
    std::optional<qint64> followUpOf(qint64 ticketId) const;
    QList<qint64> followUps(qint64 ticketId) const;

    QString errorString() const { return m_error; }
    // The last reply, note or draft failed for lack of disk space (or the store's size limit):
    // nothing of it was written, and the same write can be tried again once there is room.
    bool lastFailureWasSpace() const { return m_outOfSpace; }

private:
    void noteFailure(bool ok);
    std::optional<qint64> add(qint64 ticketId, bool note, const QString &text,
                              const QList<AttachmentInput> &attachments);

    LocalStore &m_store;
    QString m_error;
    bool m_outOfSpace = false;
};
