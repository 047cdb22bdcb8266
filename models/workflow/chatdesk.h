#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

class LocalStore;

// A desk's side of the live chats (issue 18), and its eye on what other processes write to its
// file. The chat page is served by the gateway (`deskctl gateway`, its own process beside the
// window): it writes the visitors' chats, messages and typing notes on a connection of its
// own. Every 200 ms this reads SQLite's PRAGMA data_version (a counter in memory, no I/O when
// nothing changed); when another connection committed, it reads the messages after the last
// one it knew, the tickets changed since it last looked and the chats changed since then, and
// announces them on the window's store as if it had written them, so the list, the open
// conversation and the typing line follow within a fraction of a second; so does a reply
// webhook's try that the gateway recorded. The agent's replies go
// the other way by the store alone (the gateway watches data_version the same way).
// In team mode the sync engine is the other connection: its tickets and messages are announced
// by SyncRelay already, so only the chats it copied from the server (the visitor's typing, the
// end) are read here.
class ChatDesk : public QObject
{
    Q_OBJECT

public:
    static constexpr int watchIntervalMs = 200;

    explicit ChatDesk(LocalStore &store, QObject *parent = nullptr);

    // Looks now (the timer calls it); true when another connection had written.
    bool checkOtherWrites();
    bool isChat(qint64 ticketId) const;
    bool isCustomerTyping(qint64 ticketId) const;
    // The agent typed in the composer of this ticket: the visitor's page shows it (a note every
    // 2 s at most); nothing for a ticket that is not a live chat.
    void noteAgentTyping(qint64 ticketId);

Q_SIGNALS:
    // The visitor of a chat started or stopped typing (as far as the desk knows).
    void customerTypingChanged(qint64 ticketId, bool typing);

private:
    void expireTyping();
    // The tickets whose waiting replies another process tried since the last look.
    QList<qint64> repliesTried();

    LocalStore &m_store;
    QTimer m_timer;
    qint64 m_version = -1;
    qint64 m_lastMessageId = 0;
    qint64 m_lookedAtMs = 0;
    QHash<qint64, qint64> m_typingSince; // ticket → when the visitor last typed
    QHash<qint64, bool> m_isChat;
    QHash<qint64, qint64> m_agentNotedAtMs;
    // Replies to intake sources waiting for the gateway, as last seen (message → delivery and
    // tries), so that what the gateway's process records shows on the reply.
    struct ReplyState {
        int delivery = 0;
        int attempts = 0;
    };
    QHash<qint64, ReplyState> m_waitingReplies;
    qint64 m_lastReplyMessageId = -1; // -1: not looked yet
};
