#pragma once

#include "chatsession.h"
#include "faqarticle.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The chat page's side of a live chat (issue 18), over a store: the FAQ search, a chat started
// as a ticket in the chat channel with a random token only the visitor's page holds, the
// visitor's messages, typing notes, the address for a transcript, the rating at the end (the
// live mode of the satisfaction survey), and outside service hours a message left as a ticket.
// Everything a visitor sends is checked here (length, form) before anything is written. The
// agent's side is the normal composer; noteAgentTyping() is its typing note.
class LiveChat
{
    Q_DECLARE_TR_FUNCTIONS(LiveChat)

public:
    static constexpr int maxNameLength = 100;
    static constexpr int maxEmailLength = 254;
    static constexpr int maxTextLength = 4000;
    static constexpr int maxCommentLength = 1000;
    static constexpr int tokenLength = 43; // 32 random bytes, base64url without padding

    struct Start {
        QString name;
        QString email;
        QString language; // "zh_CN" or "en"
        QString text;     // the first question (start) or the message (leave a message)
    };
    struct Started {
        qint64 ticketId = 0;
        QString ticketLabel;
        QString token; // only for a chat; given to the page once, kept here as its SHA-256
    };
    struct Line {
        qint64 id = 0;
        bool fromCustomer = false;
        QString author;
        QString text;
        qint64 atMs = 0;
    };
    struct Update {
        QList<Line> lines;
        bool agentTyping = false;
        bool ended = false;
    };

    explicit LiveChat(LocalStore &store);

    static QString tokenHash(const QString &token);
    static bool isToken(const QString &token);
    // The chat of a token; nullopt for a token of no chat (or not a token at all).
    std::optional<ChatSession> session(const QString &token) const;
    std::optional<ChatSession> sessionOfTicket(qint64 ticketId) const;

    // Whether the desk is within its service hours now (the business calendar).
    bool isOpenNow() const;
    QList<FaqArticle> searchFaq(const QString &query, const QString &language) const;

    // nullopt with errorString() (a visitor's mistake, or the store's refusal).
    std::optional<Started> start(const Start &start);
    std::optional<qint64> post(const ChatSession &session, const QString &text);
    Update since(const ChatSession &session, qint64 afterMessageId) const;
    bool noteCustomerTyping(const ChatSession &session);
    bool requestTranscript(const ChatSession &session, const QString &address);
    bool rate(const ChatSession &session, int score, const QString &comment);
    bool end(const ChatSession &session);
    // Outside service hours: the visitor's message becomes a ticket (web channel: it is answered
    // by mail, not live).
    std::optional<Started> leaveMessage(const Start &message);

    // The desk's side: the agent typed in the composer of the chat's ticket.
    bool noteAgentTyping(qint64 ticketId);

    static bool isEmailAddress(const QString &address);
    QString errorString() const { return m_error; }

    // The rules of what a visitor sends, shared with the team's gateway, which writes to the
    // server instead. What a visitor typed, as kept: line ends made \n, other control characters
    // dropped (they have no business in a chat and could hide text from the agent), trimmed.
    static QString cleaned(const QString &text);
    static QString newToken();
    // Empty, or why the start (or the message left: needsEmail) is refused.
    static QString checkStart(const Start &start, bool needsEmail);
    // Empty, or why a message (cleaned() first) or a rating is refused.
    static QString checkMessage(const QString &text);
    static QString checkRating(int score, const QString &comment);
    // Empty, or why the address (trimmed) is no place for a transcript.
    static QString checkTranscriptAddress(const QString &address);
    // The customer's name a chat makes, and its ticket's subject.
    static QString customerNameFor(const Start &start);
    static QString subjectFor(const Start &start, bool leaveMessage);

private:
    bool refuse(const QString &message);
    std::optional<qint64> customerFor(const Start &start);
    // Inside the transaction that ended the chat: its transcript, when the visitor gave an
    // address, as a note on the ticket and a mail from the desk's first mailbox that sends
    // (ChatTranscript), once.
    bool mailTranscriptIfDue(qint64 ticketId);

    LocalStore &m_store;
    QString m_error;
};
