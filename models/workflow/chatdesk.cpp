#include "chatdesk.h"

#include "chatsession.h"
#include "chatstore.h"
#include "intakereplystore.h"
#include "livechat.h"
#include "localstore.h"

#include <QSet>

#include <algorithm>

ChatDesk::ChatDesk(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    checkOtherWrites(); // the starting point: what is there now was read by the window already
    m_timer.setInterval(watchIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        checkOtherWrites();
        expireTyping();
    });
    m_timer.start();
}

bool ChatDesk::checkOtherWrites()
{
    // In team mode the gateway writes on the server, and the sync engine's copies of its
    // tickets and messages are relayed already (SyncRelay); the visitor's typing is not a
    // ticket's change, so the chats the engine wrote are read here as another process's.
    if (!m_store.isOpen() || m_store.isDamaged())
        return false;
    const bool relayed = m_store.teamMode();
    const qint64 version = m_store.dataVersion();
    if (version < 0 || version == m_version)
        return false;
    ChatStore chats(m_store);
    if (m_version < 0) {
        m_version = version;
        m_lastMessageId = chats.lastMessageId();
        m_lookedAtMs = m_store.nowMs();
        repliesTried();
        return false;
    }
    m_version = version;
    // A margin behind the last look: the other process's clock stamps what it wrote, and a row
    // committed just before the last look may carry an earlier time.
    const qint64 since = m_lookedAtMs - 2000;
    m_lookedAtMs = m_store.nowMs();

    QSet<qint64> changed;
    QList<qint64> withMessages;
    const QList<qint64> ticketsChanged = relayed ? QList<qint64>{} : chats.ticketsChangedSince(since);
    for (const qint64 ticketId : ticketsChanged)
        changed.insert(ticketId);
    const QList<QPair<qint64, qint64>> messages =
        relayed ? QList<QPair<qint64, qint64>>{} : chats.messagesAfter(m_lastMessageId);
    for (const auto &[ticketId, messageId] : messages) {
        m_lastMessageId = std::max(m_lastMessageId, messageId);
        if (!withMessages.contains(ticketId))
            withMessages.append(ticketId);
        changed.insert(ticketId);
    }
    for (const ChatSession &session : chats.changedSince(since)) {
        const bool typing = session.customerTyping(m_lookedAtMs);
        const bool was = m_typingSince.contains(session.ticketId);
        if (typing)
            m_typingSince.insert(session.ticketId, session.customerTypingAtMs);
        else
            m_typingSince.remove(session.ticketId);
        if (typing != was)
            Q_EMIT customerTypingChanged(session.ticketId, typing);
    }
    const QList<qint64> tried = relayed ? QList<qint64>{} : repliesTried();
    for (const qint64 ticketId : tried) {
        changed.insert(ticketId);
        if (!withMessages.contains(ticketId))
            withMessages.append(ticketId); // the open conversation reads its replies' state again
    }
    if (!changed.isEmpty())
        m_store.announceTicketsChanged(QList<qint64>(changed.begin(), changed.end()));
    for (const qint64 ticketId : withMessages)
        m_store.announceMessagesAdded(ticketId);
    return true;
}

QList<qint64> ChatDesk::repliesTried()
{
    IntakeReplyStore replies(m_store);
    QList<qint64> tickets;
    QHash<qint64, ReplyState> waiting;
    // The first look only learns where things stand.
    const bool first = m_lastReplyMessageId < 0;
    const qint64 after = first ? replies.lastMessageId() : m_lastReplyMessageId;
    qint64 last = after;
    for (const IntakeReply &reply : replies.watched(m_waitingReplies.keys(), after)) {
        const ReplyState now{int(reply.delivery), reply.attempts};
        const auto before = m_waitingReplies.constFind(reply.messageId);
        // One queued since the last look was tried if it is no longer untouched.
        const bool tried =
            before != m_waitingReplies.cend()
                ? before->delivery != now.delivery || before->attempts != now.attempts
                : !first && reply.messageId > after && (reply.delivery != MailDelivery::Waiting || reply.attempts > 0);
        if (tried && !tickets.contains(reply.ticketId))
            tickets.append(reply.ticketId);
        last = std::max(last, reply.messageId);
        if (reply.delivery == MailDelivery::Waiting)
            waiting.insert(reply.messageId, now);
    }
    m_waitingReplies = waiting;
    m_lastReplyMessageId = last;
    return tickets;
}

void ChatDesk::expireTyping()
{
    const qint64 now = m_store.nowMs();
    for (auto it = m_typingSince.begin(); it != m_typingSince.end();) {
        if (now - it.value() >= ChatSession::typingShowsMs) {
            const qint64 ticketId = it.key();
            it = m_typingSince.erase(it);
            Q_EMIT customerTypingChanged(ticketId, false);
        } else {
            ++it;
        }
    }
}

bool ChatDesk::isChat(qint64 ticketId) const
{
    return ChatStore(m_store).ofTicket(ticketId).has_value();
}

bool ChatDesk::isCustomerTyping(qint64 ticketId) const
{
    return m_typingSince.contains(ticketId);
}

void ChatDesk::noteAgentTyping(qint64 ticketId)
{
    // Called on every key in the composer: a ticket is a chat or not for good, and the note
    // goes out every 2 s at most, so most keys cost no query at all.
    if (ticketId <= 0)
        return;
    auto known = m_isChat.find(ticketId);
    if (known == m_isChat.end())
        known = m_isChat.insert(ticketId, isChat(ticketId));
    const qint64 now = m_store.nowMs();
    if (!known.value() || (m_agentNotedAtMs.contains(ticketId) && now - m_agentNotedAtMs.value(ticketId) < 2000))
        return;
    m_agentNotedAtMs.insert(ticketId, now);
    LiveChat(m_store).noteAgentTyping(ticketId);
}
