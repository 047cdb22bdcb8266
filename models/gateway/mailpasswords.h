#pragma once

#include "mailbox.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

// A mailbox's password, which is never in the store or a log: on a desk in the system keychain
// (QtKeychain), on a server in a file only the service's user may read. One password serves
// both servers, as providers' app passwords do. These block (the keychain answers through an
// event loop of their own), so call them from a worker thread or the command line.
class MailPasswords
{
    Q_DECLARE_TR_FUNCTIONS(MailPasswords)

public:
    static constexpr qint64 maxFileBytes = 4096;

    // What the keychain files the password under: the mailbox's IMAP login and server.
    static QString keychainKey(const Mailbox &mailbox);

    // From mailbox.passwordFile, or from the keychain when it names none.
    static std::optional<QByteArray> read(const Mailbox &mailbox, QString *error);
    // The first line of the file; refused when others may read it (as ssh does its keys).
    static std::optional<QByteArray> readFile(const QString &path, QString *error);

    static bool store(const Mailbox &mailbox, const QByteArray &password, QString *error);
    static bool forget(const Mailbox &mailbox, QString *error);
};
