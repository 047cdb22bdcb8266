#pragma once

#include <QString>

// One live chat from the chat page (issue 18) and its ticket, as the gateway and the desk see it.
struct ChatSession {
    qint64 id = 0;
    qint64 ticketId = 0;
    QString language;              // "zh_CN" or "en"
    qint64 customerTypingAtMs = 0; // 0: never
    qint64 agentTypingAtMs = 0;
    QString transcriptTo;     // the address the visitor left for a transcript, or empty
    QString transcriptSentTo; // where the transcript was mailed (once the chat ended), or empty
    qint64 endedAtMs = 0;     // 0: still going
    qint64 createdAtMs = 0;
    qint64 changedAtMs = 0;

    // Typing shows for this long after the last key: the page sends a note at most every 2 s.
    static constexpr qint64 typingShowsMs = 5000;
    bool customerTyping(qint64 nowMs) const
    {
        return customerTypingAtMs > 0 && nowMs - customerTypingAtMs < typingShowsMs;
    }
    bool agentTyping(qint64 nowMs) const { return agentTypingAtMs > 0 && nowMs - agentTypingAtMs < typingShowsMs; }
    bool ended() const { return endedAtMs > 0; }
    bool transcriptDue() const { return ended() && !transcriptTo.isEmpty() && transcriptTo != transcriptSentTo; }
};
