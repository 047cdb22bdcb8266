#pragma once

#include "livechat.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// The transcript of a live chat that its visitor asked to be mailed (issue 18), in the chat's
// language: what the page showed (the customer's and the agents' messages, never the notes),
// each with its time in UTC. Mailed once the chat has ended, as an internal note on the ticket
// (so the agents see what went out, and it starts no service clock) with an outgoing mail to
// the address the visitor gave.
class ChatTranscript
{
    Q_DECLARE_TR_FUNCTIONS(ChatTranscript)

public:
    static QString text(const QString &language, const QString &ticketLabel, const QList<LiveChat::Line> &lines);
    // The note when no mailbox can send it, for the agents (in the program's language): why,
    // then the transcript.
    static QString unsentNote(const QString &address, const QString &transcript);
};
