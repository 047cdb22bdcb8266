#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

using namespace Qt::StringLiterals;

namespace {

// A handed-over message is a line of JSON; anything longer is not from Deskline.
constexpr qint64 maxMessageBytes = 64 * 1024;

QString userName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user;
}

QString instanceName(const QString &key)
{
    const QByteArray digest =
        QCryptographicHash::hash((userName() + u'\n' + key).toUtf8(), QCryptographicHash::Sha256).toHex().left(20);
    return u"deskline-"_s + QString::fromLatin1(digest);
}

QString lockFolder()
{
    // The user's own runtime folder (0700) where there is one, so nobody else can hold the lock.
    QString folder = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (folder.isEmpty())
        folder = QDir::tempPath();
    QDir().mkpath(folder);
    return folder;
}

} // namespace

SingleInstance::SingleInstance(const QString &key, QObject *parent)
    : QObject(parent)
    , m_name(instanceName(key))
    , m_lock(lockFolder() + u'/' + m_name + u".lock"_s)
{
    m_lock.setStaleLockTime(0); // stale only when its process is gone, never by age
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
}

SingleInstance::~SingleInstance()
{
    release();
}

QString SingleInstance::keyFor(const QString &database, const QString &server)
{
    if (!database.isEmpty())
        return u"database:"_s + QFileInfo(database).absoluteFilePath();
    if (!server.isEmpty())
        return u"server:"_s + server;
    return u"default"_s;
}

SingleInstance::Role SingleInstance::claimOrHandOver(const QStringList &arguments, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        if (m_lock.tryLock(0))
            return listen() ? Role::First : Role::Failed;
        if (m_lock.error() != QLockFile::LockFailedError) {
            m_error = QCoreApplication::translate("SingleInstance", "Cannot take the lock file %1.")
                          .arg(QDir::toNativeSeparators(m_lock.fileName()));
            return Role::Failed;
        }
        if (handOver(arguments, 1000))
            return Role::HandedOver;
        if (deadline.hasExpired()) {
            if (m_error.isEmpty())
                m_error =
                    QCoreApplication::translate("SingleInstance", "Deskline is running already but does not answer.");
            return Role::Failed;
        }
        // The first start may hold the lock and not listen yet: it is opening its store.
        QThread::msleep(50);
    }
}

bool SingleInstance::listen()
{
    // A socket left by a start that crashed: the lock is ours, so nobody listens on it.
    QLocalServer::removeServer(m_name);
    if (!m_server.listen(m_name)) {
        m_error = QCoreApplication::translate("SingleInstance", "Cannot listen for later starts: %1")
                      .arg(m_server.errorString());
        m_lock.unlock();
        return false;
    }
    return true;
}

bool SingleInstance::handOver(const QStringList &arguments, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QByteArray message = QJsonDocument(QJsonObject{{u"arguments"_s, QJsonArray::fromStringList(arguments)}})
                             .toJson(QJsonDocument::Compact);
    message.append('\n');
    socket.write(message);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // The first answers once it took them, so that this start exits only when they arrived.
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    return socket.readLine().trimmed() == "ok";
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > maxMessageBytes)
                    socket->abort();
                return;
            }
            const QJsonDocument document = QJsonDocument::fromJson(socket->readLine(maxMessageBytes));
            const QJsonValue list = document.object().value(u"arguments"_s);
            QStringList arguments;
            bool wellFormed = list.isArray();
            for (const QJsonValue &value : list.toArray()) {
                wellFormed = wellFormed && value.isString();
                arguments.append(value.toString());
            }
            // Not from a Deskline start: dropped unanswered.
            if (!wellFormed) {
                socket->abort();
                return;
            }
            socket->write("ok\n");
            socket->flush();
            socket->disconnectFromServer();
            Q_EMIT argumentsReceived(arguments);
        });
    }
}

void SingleInstance::release()
{
    m_server.close();
    if (m_lock.isLocked())
        m_lock.unlock();
}
