#include "mailpasswords.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {

constexpr auto serviceName = "Deskline mailbox";

QString describe(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return MailPasswords::tr("No password for this mailbox is in the keychain. Add the mailbox again, or "
                                 "give it a password file.");
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return MailPasswords::tr("This computer has no keychain service for the mailbox's password; give the "
                                 "mailbox a password file (--password-file) instead.");
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return MailPasswords::tr("The keychain refused access to the mailbox's password.");
    default:
        return MailPasswords::tr("The keychain failed: %1").arg(job.errorString());
    }
}

// Runs the job to its end on an event loop of its own.
bool finish(QKeychain::Job &job, QString *error)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::NoError)
        return true;
    *error = describe(job);
    return false;
}

} // namespace

QString MailPasswords::keychainKey(const Mailbox &mailbox)
{
    return u"mailbox:"_s + mailbox.imapUrl;
}

std::optional<QByteArray> MailPasswords::read(const Mailbox &mailbox, QString *error)
{
    if (!mailbox.passwordFile.isEmpty())
        return readFile(mailbox.passwordFile, error);
    QKeychain::ReadPasswordJob job(QString::fromLatin1(serviceName));
    job.setKey(keychainKey(mailbox));
    if (!finish(job, error))
        return std::nullopt;
    return job.textData().toUtf8();
}

std::optional<QByteArray> MailPasswords::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists()) {
        *error = tr("The password file %1 does not exist.").arg(path);
        return std::nullopt;
    }
#ifndef Q_OS_WIN
    constexpr QFileDevice::Permissions others =
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (file.permissions() & others) {
        *error = tr("The password file %1 may be read by other users of this computer. Make it readable by "
                    "its owner only: chmod 600 %1")
                     .arg(path);
        return std::nullopt;
    }
#endif
    if (QFileInfo(path).size() > maxFileBytes || !file.open(QIODevice::ReadOnly)) {
        *error = tr("The password file %1 cannot be read, or is not a password file.").arg(path);
        return std::nullopt;
    }
    QByteArray password = file.readLine(maxFileBytes);
    while (password.endsWith('\n') || password.endsWith('\r'))
        password.chop(1);
    if (password.isEmpty()) {
        *error = tr("The password file %1 is empty.").arg(path);
        return std::nullopt;
    }
    return password;
}

bool MailPasswords::store(const Mailbox &mailbox, const QByteArray &password, QString *error)
{
    QKeychain::WritePasswordJob job(QString::fromLatin1(serviceName));
    job.setKey(keychainKey(mailbox));
    job.setTextData(QString::fromUtf8(password));
    return finish(job, error);
}

bool MailPasswords::forget(const Mailbox &mailbox, QString *error)
{
    QKeychain::DeletePasswordJob job(QString::fromLatin1(serviceName));
    job.setKey(keychainKey(mailbox));
    if (finish(job, error))
        return true;
    return job.error() == QKeychain::EntryNotFound;
}
