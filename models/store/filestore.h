#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The bytes of the desk's files by SHA-256 (lower-case hex), as the team's server addresses them
// (deskline.put_content, deskline.fetch_content): an attachment's content or a raw mail. A team
// desk lists a colleague's file before it has it; SyncEngine fetches the bytes when a message is
// opened and keeps them here. Each write joins the caller's transaction when there is one.
class FileStore
{
    Q_DECLARE_TR_FUNCTIONS(FileStore)

public:
    // A file of a message this desk wrote, as message.add names it.
    struct File {
        QString name;
        QString mimeType;
        QString sha256;
    };

    explicit FileStore(LocalStore &store);

    // The bytes if this desk has them, from any attachment or mail that has that content.
    std::optional<QByteArray> content(const QString &sha256) const;
    // Keeps fetched bytes in every attachment and mail that names them and lacks them, after
    // checking that they are what the name says; the local tickets they belong to.
    std::optional<QList<qint64>> keepContent(const QString &sha256, const QByteArray &content);
    // The files of a message this desk wrote (by its client id), with the SHA-256 of those kept
    // before files were shared worked out and written down.
    std::optional<QList<File>> filesOfMessage(const QString &clientId);

private:
    LocalStore &m_store;
};
