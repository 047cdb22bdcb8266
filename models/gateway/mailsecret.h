#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

// The installation's key for the HMAC in our Message-IDs (MailThreading), so that a reply
// finds its ticket and a forged header finds nothing. It lives in a file beside the store,
// readable by its owner only, and never in the store itself: a copied or exported store
// does not carry it.
class MailSecret
{
    Q_DECLARE_TR_FUNCTIONS(MailSecret)

public:
    static constexpr int size = 32;

    // "<store>.mailkey": next to the store file, named after it.
    static QString pathFor(const QString &storePath);

    // The key in that file, made (random, owner-only) when there is none yet; nullopt with
    // *error when it cannot be read or written, or when others may read it.
    static std::optional<QByteArray> loadOrCreate(const QString &storePath, QString *error);
};
