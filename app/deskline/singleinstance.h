#pragma once

#include <QCoreApplication>
#include <QLocalServer>
#include <QLockFile>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

// One Deskline per user and per store: the first start holds a QLockFile and listens on a
// QLocalServer (both named after the user and the store, the socket the user's alone); a
// second start hands its arguments (`--call NUMBER`, a tel: link, `--select`) to the first
// and exits. A lock left by a start that crashed is taken over (QLockFile checks its process).
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    enum class Role { First, HandedOver, Failed };

    // key: what names the store ("database:/abs/path", "server:URL", "default").
    explicit SingleInstance(const QString &key, QObject *parent = nullptr);
    ~SingleInstance() override;

    // The key of the store these options open: the --database file, the --server, or the
    // per-user default (which is also where the last team server's copy is found).
    static QString keyFor(const QString &database, const QString &server);

    // Becomes the first (the lock taken, listening) or hands the arguments to the running one,
    // waiting up to timeoutMs for it to start listening and to answer; Failed, with
    // errorString(), when it never did.
    Role claimOrHandOver(const QStringList &arguments, int timeoutMs = 15000);
    // Before the program starts itself again: the new process must become the first.
    void release();

    QString serverName() const { return m_name; }
    QString lockPath() const { return m_lock.fileName(); }
    QString errorString() const { return m_error; }

Q_SIGNALS:
    // A later start's arguments (without the program's name), on the window's thread.
    void argumentsReceived(const QStringList &arguments);

private:
    bool listen();
    bool handOver(const QStringList &arguments, int timeoutMs);
    void onNewConnection();

    QString m_name;
    QLockFile m_lock;
    QLocalServer m_server;
    QString m_error;
};
