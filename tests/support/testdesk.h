#pragma once

#include "clock.h"
#include "localstore.h"
#include "serverconnection.h"
#include "syncengine.h"

#include <QTemporaryDir>

#include <functional>
#include <memory>

// One agent's desk in team mode: a real store file, the window's LocalStore on it, and a
// sync engine on its own thread with its own connections.
struct TestDesk {
    // Without wake-ups the desk talks to the server only in sync(), so a test knows the order.
    // beforeFirstSync may set the engine up (or watch it) before its first copy starts.
    explicit TestDesk(const ServerAddress &address, bool wakeUps = false,
                      const std::function<void(SyncEngine &)> &beforeFirstSync = {});
    ~TestDesk();

    // One full push-and-pull cycle, waited for; true when it ended online.
    // What the engine announced meanwhile (queued for this thread) reaches the store before it returns.
    bool sync();
    // The local id of the ticket the server numbers serverId (0 when this desk lacks it).
    qint64 localTicket(qint64 serverId) const;
    qint64 serverTicket(qint64 localId) const;
    int outboxSize() const;

    QTemporaryDir dir;
    SystemClock clock;
    std::unique_ptr<LocalStore> store;
    std::unique_ptr<SyncEngine> engine;
};
