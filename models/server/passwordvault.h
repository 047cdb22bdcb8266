#pragma once

#include "serverconnection.h"

#include <QObject>

// The team server password in the operating system's keychain (Keychain on macOS, the
// Credential Manager on Windows, Secret Service or KWallet on Linux) through QtKeychain.
// Never in a settings file. Where no keychain exists the agent is told, and asked for the
// password each time instead.
class PasswordVault : public QObject
{
    Q_OBJECT

public:
    explicit PasswordVault(QObject *parent = nullptr);

    static QString keyFor(const ServerAddress &address); // login@host:port/database

    void read(const ServerAddress &address);
    void write(const ServerAddress &address, const QString &password);
    void forget(const ServerAddress &address);

Q_SIGNALS:
    // An empty error means found (read) or done (write, forget).
    void passwordRead(const QString &password, const QString &error);
    void passwordWritten(const QString &error);
    void passwordForgotten(const QString &error);
};
