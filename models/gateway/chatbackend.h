#pragma once

#include "faqarticle.h"
#include "livechat.h"

#include <QList>
#include <QString>

#include <chrono>
#include <optional>

// Where the chat page's chats live: a standalone desk's store (LocalChatBackend) or the team's
// server (ServerChatBackend). Called from the chat server's threads, several at once; each
// visitor's field is checked and cleaned by the backend (LiveChat's rules on both) before it is
// written. Long polls wait on a chat's generation, which moves when something the page shows of
// that chat may have changed.
class ChatBackend
{
public:
    enum class Outcome {
        Done,
        Refused,     // the visitor's mistake: errorText says which
        Unknown,     // no chat has this token
        Ended,       // a message or typing note after the chat ended
        Unavailable, // the store or the server could not be reached: try again later
    };
    enum class Action { Message, Typing, Transcript, Rating, End };

    struct Started {
        Outcome outcome = Outcome::Unavailable;
        bool closed = false; // a chat asked for outside service hours: nothing was written
        LiveChat::Started started;
        QString errorText;
    };
    struct Polled {
        Outcome outcome = Outcome::Unavailable;
        qint64 ticketId = 0;
        LiveChat::Update update;
    };
    struct Acted {
        Outcome outcome = Outcome::Unavailable;
        qint64 messageId = 0;
        QString errorText;
    };

    virtual ~ChatBackend() = default;

    // false with errorString() when the store or server cannot be used.
    virtual bool start() = 0;
    // Wakes every waiter; later calls are Unavailable.
    virtual void stop() = 0;
    virtual bool stopping() const = 0;
    virtual QString errorString() const = 0;

    // nullopt: unavailable.
    virtual std::optional<bool> isOpenNow() = 0;
    virtual std::optional<QList<FaqArticle>> searchFaq(const QString &query, const QString &language) = 0;
    // A chat (or, leaveMessage, a message left outside service hours, which needs no token).
    virtual Started startChat(const LiveChat::Start &start, bool leaveMessage) = 0;
    // What the page shows after the message id.
    virtual Polled since(const QString &token, qint64 afterMessageId) = 0;
    // text: the message, the transcript's address or the rating's comment; score: the rating.
    virtual Acted act(const QString &token, Action action, const QString &text, int score) = 0;

    // The generation of what a chat's page shows (ticketId from since()).
    virtual quint64 generation(qint64 ticketId) const = 0;
    // Until the chat's generation is past `seen`, `until` comes or stop(); the generation then.
    virtual quint64 waitPast(qint64 ticketId, quint64 seen, std::chrono::steady_clock::time_point until) = 0;
};
