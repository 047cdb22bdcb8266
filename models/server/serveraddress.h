#pragma once

#include <QString>

#include <optional>

// Where the shared database is: postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE.
struct ServerAddress {
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString database = QStringLiteral("deskline");
    QString login;
    QString password;
    QString sslMode = QStringLiteral("prefer"); // disable, allow, prefer, require, verify-ca, verify-full

    static std::optional<ServerAddress> fromUrl(const QString &url, QString *error);
    QString toUrl(bool withPassword) const;
    bool operator==(const ServerAddress &) const = default;
};
