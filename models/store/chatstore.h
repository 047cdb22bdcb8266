#pragma once

#include "chatsession.h"

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

class LocalStore;

// The live chats of the chat page (issue 18): a row per chat beside its ticket, found by the
// SHA-256 of the token the visitor's page holds. The messages are the ticket's own. Also what a
// desk reads to notice what another process (the gateway) wrote to the same file.
class ChatStore
{
    Q_DECLARE_TR_FUNCTIONS(ChatStore)

public:
    enum class Side { Customer, Agent };

    explicit ChatStore(LocalStore &store);

    // Inside the transaction that made the ticket.
    std::optional<qint64> create(qint64 ticketId, const QString &tokenSha256, const QString &language);
    std::optional<ChatSession> byToken(const QString &tokenSha256) const;
    std::optional<ChatSession> ofTicket(qint64 ticketId) const;
    // typing: that side typed now; false: it stopped (it sent what it typed).
    bool setTyping(qint64 sessionId, Side side, bool typing);
    bool setTranscriptTo(qint64 sessionId, const QString &address);
    // Where its transcript was mailed (LiveChat, once the chat ended).
    bool setTranscriptSentTo(qint64 sessionId, const QString &address);
    bool end(qint64 sessionId);
    // Chats changed at or after the instant, oldest change first.
    QList<ChatSession> changedSince(qint64 sinceMs) const;

    // For a desk watching another process's writes: (ticket, message) of the messages after the
    // id, oldest first, and the largest message id there is.
    QList<QPair<qint64, qint64>> messagesAfter(qint64 messageId, int limit = 500) const;
    qint64 lastMessageId() const;
    // Tickets changed at or after the instant.
    QList<qint64> ticketsChangedSince(qint64 sinceMs, int limit = 500) const;

private:
    bool update(qint64 sessionId, const QString &assignments, const QString &name, const QVariant &value);

    LocalStore &m_store;
};
