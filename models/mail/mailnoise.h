#pragma once

#include "inboundmail.h"

#include <QString>

// Tells mail no one wrote by hand from mail a customer wrote: auto-replies and bounces never
// open a ticket and are never answered, and a bounce of one of our replies says which one
// and why the remote server refused it.
class MailNoise
{
public:
    enum class Kind { Normal, AutoReply, Bounce };

    struct Verdict {
        Kind kind = Kind::Normal;
        QString why;               // the header that decided it, "Auto-Submitted: auto-replied"
        QString originalMessageId; // of the bounced mail, without angle brackets
        QString recipient;         // Final-Recipient of the bounce, without its "rfc822;" type
        QString status;            // "5.1.1"
        QString diagnostic;        // the remote server's words, Diagnostic-Code without its type
    };

    static Verdict classify(const InboundMail &mail);
};
