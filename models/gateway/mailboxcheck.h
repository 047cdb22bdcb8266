#pragma once

#include "mailbox.h"
#include "transportfailure.h"

#include <QByteArray>
#include <QString>

// What `deskctl channel test-mailbox` and Tools → Channels… ask: can this mailbox's IMAP
// folder be opened and its SMTP server take a mail, with this password? Each side names its
// failure (no such host, refused, TLS, certificate, login, no such folder) for a person.
class MailboxCheck
{
public:
    struct Side {
        bool ok = false;
        TransportFailure failure = TransportFailure::None;
        QString problem; // empty when ok
    };
    struct Report {
        Side imap;
        Side smtp;
        quint32 messages = 0; // in the IMAP folder, when it opened
        bool ok() const { return imap.ok && smtp.ok; }
    };

    // Blocking; each side gives up after timeoutMs of silence.
    static Report run(const Mailbox &mailbox, const QByteArray &password, int timeoutMs = 15000);
};
