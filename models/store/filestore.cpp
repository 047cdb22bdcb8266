#include "filestore.h"

#include "localstore.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

FileStore::FileStore(LocalStore &store)
    : m_store(store)
{}

std::optional<QByteArray> FileStore::content(const QString &sha256) const
{
    if (sha256.isEmpty())
        return std::nullopt;
    QSqlQuery query =
        m_store.prepare(u"SELECT content FROM attachments WHERE sha256 = :a AND content IS NOT NULL UNION ALL"
                        " SELECT raw FROM mail_messages WHERE raw_sha256 = :b AND raw IS NOT NULL LIMIT 1"_s);
    query.bindValue(u":a"_s, sha256);
    query.bindValue(u":b"_s, sha256);
    if (!m_store.exec(query) || !query.next())
        return std::nullopt;
    QByteArray bytes = query.value(0).toByteArray();
    // An empty file is a zero-length blob, which Qt reads as a null array.
    return bytes.isNull() ? QByteArray("", 0) : bytes;
}

std::optional<QList<qint64>> FileStore::keepContent(const QString &sha256, const QByteArray &content)
{
    if (LocalStore::contentSha256(content) != sha256) {
        m_store.setError(tr("The server sent other bytes than the file %1 has.").arg(sha256));
        return std::nullopt;
    }
    QList<qint64> tickets;
    const QByteArray bytes = content.isNull() ? QByteArray("", 0) : content;
    const bool ok = m_store.transaction([&] {
        QSqlQuery files =
            m_store.prepare(u"UPDATE attachments SET content = :content WHERE sha256 = :sha256 AND content IS NULL"
                            " RETURNING (SELECT ticket_id FROM messages m WHERE m.id = attachments.message_id)"_s);
        files.bindValue(u":content"_s, bytes);
        files.bindValue(u":sha256"_s, sha256);
        if (!m_store.exec(files))
            return false;
        while (files.next())
            tickets << files.value(0).toLongLong();
        QSqlQuery mails =
            m_store.prepare(u"UPDATE mail_messages SET raw = :content WHERE raw_sha256 = :sha256 AND raw IS NULL"
                            " RETURNING (SELECT ticket_id FROM messages m WHERE m.id = mail_messages.message_id)"_s);
        mails.bindValue(u":content"_s, bytes);
        mails.bindValue(u":sha256"_s, sha256);
        if (!m_store.exec(mails))
            return false;
        while (mails.next())
            tickets << mails.value(0).toLongLong();
        return true;
    });
    if (!ok)
        return std::nullopt;
    std::sort(tickets.begin(), tickets.end());
    tickets.erase(std::unique(tickets.begin(), tickets.end()), tickets.end());
    return tickets;
}

std::optional<QList<FileStore::File>> FileStore::filesOfMessage(const QString &clientId)
{
    QList<File> files;
    const bool ok = m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"SELECT a.id, a.name, a.mime_type, a.sha256, a.content FROM attachments a"
                                          " JOIN messages m ON m.id = a.message_id WHERE m.client_id = :c"
                                          " ORDER BY a.id"_s);
        query.bindValue(u":c"_s, clientId);
        if (!m_store.exec(query))
            return false;
        QList<std::pair<qint64, QString>> worked;
        while (query.next()) {
            File file{query.value(1).toString(), query.value(2).toString(), query.value(3).toString()};
            if (file.sha256.isEmpty() && !query.value(4).isNull()) {
                file.sha256 = LocalStore::contentSha256(query.value(4).toByteArray());
                worked.append({query.value(0).toLongLong(), file.sha256});
            }
            if (!file.sha256.isEmpty())
                files.append(file);
        }
        query.finish();
        for (const auto &[id, sha256] : std::as_const(worked)) {
            QSqlQuery write = m_store.prepare(u"UPDATE attachments SET sha256 = :s WHERE id = :id"_s);
            write.bindValue(u":s"_s, sha256);
            write.bindValue(u":id"_s, id);
            if (!m_store.exec(write))
                return false;
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return files;
}
