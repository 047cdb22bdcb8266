#pragma once

#include <QString>

// A mailbox the gateway reads customers' mail from and sends the agents' replies through. The
// server URLs carry the login but never the password (see passwordFile).
struct Mailbox {
    static constexpr qint64 defaultMaxAttachmentBytes = 25 * 1024 * 1024;

    qint64 id = 0;
    QString name;
    QString address;      // what customers write to, and the From of replies
    QString imapUrl;      // imaps://LOGIN@HOST:PORT/FOLDER or imap:// (STARTTLS)
    QString smtpUrl;      // smtps://LOGIN@HOST:PORT or smtp:// (STARTTLS)
    qint64 teamId = 0;    // the queue new tickets go to; 0 for the desk's default
    QString caFile;       // a private CA to trust besides the system's
    QString passwordFile; // empty: the password is in the system keychain
    qint64 maxAttachmentBytes = defaultMaxAttachmentBytes;
    quint32 uidValidity = 0; // how far the mailbox was read (IMAP UIDVALIDITY and UID)
    quint32 lastUid = 0;
};
