#include "mailsecret.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace {

constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions others =
    QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;

} // namespace

QString MailSecret::pathFor(const QString &storePath)
{
    return QFileInfo(storePath).absoluteFilePath() + u".mailkey"_s;
}

std::optional<QByteArray> MailSecret::loadOrCreate(const QString &storePath, QString *error)
{
    const QString path = pathFor(storePath);
    QFile file(path);
    if (file.exists()) {
#ifndef Q_OS_WIN
        if (file.permissions() & others) {
            *error = tr("%1 may be read by other users of this computer, so the key in it is no longer "
                        "secret. Make it readable by its owner only (chmod 600) or delete it to make a new one; "
                        "replies to earlier mails then thread by sender and subject only.")
                         .arg(path);
            return std::nullopt;
        }
#endif
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("Could not read the mail key %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        const QByteArray key = file.read(size + 1);
        if (key.size() != size) {
            *error = tr("The mail key %1 is damaged (it should hold %2 bytes).").arg(path).arg(size);
            return std::nullopt;
        }
        return key;
    }

    QByteArray key(size, Qt::Uninitialized);
    QRandomGenerator::system()->generate(key.begin(), key.end());
    // Created owner-only, so not one byte of the key is ever readable by others; written
    // beside and renamed, so a stop in between leaves no half key.
    const QString partial = path + u".new-"_s + QString::number(QCoreApplication::applicationPid());
    QFile::remove(partial);
    QFile out(partial);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly) || out.write(key) != size || !out.flush()) {
        *error = tr("Could not write the mail key %1: %2").arg(path, out.errorString());
        return std::nullopt;
    }
    out.close();
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        // Another program on this store (the window, a gateway) made the key first: use theirs.
        if (QFile::exists(path))
            return loadOrCreate(storePath, error);
        *error = tr("Could not write the mail key %1.").arg(path);
        return std::nullopt;
    }
    return key;
}
