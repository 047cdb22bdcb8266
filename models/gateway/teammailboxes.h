#pragma once

#include "channelservice.h"
#include "serveraddress.h"
#include "servermailboxes.h"

#include <QObject>

// The team's mailboxes on its server as a supervisor's window reads and changes them
// (Tools → Channels… on a team desk). Each request opens a connection of its own on a worker
// thread, so a slow or unreachable server never holds the window; the answer comes back as a
// signal on this object's thread. One request at a time: busy() says when one runs. The server
// decides who may change what; the files named (password, CA) are on the gateway's machine, so
// they are only checked to be absolute paths here.
class TeamMailboxes : public QObject
{
    Q_OBJECT

public:
    explicit TeamMailboxes(const ServerAddress &address, QObject *parent = nullptr);

    bool busy() const { return m_busy; }

    // listed, or failed.
    void refresh();
    // The form's fields checked here first (a wrong field fails at once, with no connection);
    // added with the new id, or failed.
    void add(const ChannelService::MailboxInput &input, const QString &teamName);
    // removed, or failed.
    void remove(const QString &name);

Q_SIGNALS:
    void listed(const QList<ServerMailboxes::Listed> &mailboxes);
    void added(qint64 mailboxId, const QString &name);
    void removed(const QString &name);
    void failed(const QString &problem);

private:
    using Work = std::function<void(ServerMailboxes &mailboxes, QString *problem)>;
    // Runs work on a worker thread with a connection of its own; after it, done on this thread
    // unless it left a problem (then failed).
    void run(Work work, std::function<void()> done);

    ServerAddress m_address;
    bool m_busy = false;
};
