#include "passwordvault.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {

constexpr auto serviceName = "Deskline team server";

QString describe(QKeychain::Error error, const QString &detail)
{
    switch (error) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return PasswordVault::tr("No password is saved for this server yet.");
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return PasswordVault::tr("This computer has no keychain service, so Deskline cannot remember the "
                                 "password; it will ask for it each time.");
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return PasswordVault::tr("The keychain refused access to the saved password.");
    default:
        return PasswordVault::tr("The keychain failed: %1").arg(detail);
    }
}

} // namespace

PasswordVault::PasswordVault(QObject *parent)
    : QObject(parent)
{}

QString PasswordVault::keyFor(const ServerAddress &address)
{
    return u"%1@%2:%3/%4"_s.arg(address.login, address.host).arg(address.port).arg(address.database);
}

void PasswordVault::read(const ServerAddress &address)
{
    auto *job = new QKeychain::ReadPasswordJob(QString::fromLatin1(serviceName), this);
    job->setAutoDelete(true);
    job->setKey(keyFor(address));
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        Q_EMIT passwordRead(job->error() == QKeychain::NoError ? job->textData() : QString(),
                            describe(job->error(), job->errorString()));
    });
    job->start();
}

void PasswordVault::write(const ServerAddress &address, const QString &password)
{
    auto *job = new QKeychain::WritePasswordJob(QString::fromLatin1(serviceName), this);
    job->setAutoDelete(true);
    job->setKey(keyFor(address));
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this,
            [this, job] { Q_EMIT passwordWritten(describe(job->error(), job->errorString())); });
    job->start();
}

void PasswordVault::forget(const ServerAddress &address)
{
    auto *job = new QKeychain::DeletePasswordJob(QString::fromLatin1(serviceName), this);
    job->setAutoDelete(true);
    job->setKey(keyFor(address));
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        Q_EMIT passwordForgotten(job->error() == QKeychain::EntryNotFound ? QString()
                                                                          : describe(job->error(), job->errorString()));
    });
    job->start();
}
