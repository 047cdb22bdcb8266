#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// What the status bar shows about team mode.
struct SyncStatus {
    enum class State { Offline, Connecting, Syncing, Online };
    State state = State::Offline;
    int pendingChanges = 0; // in the outbox, not yet on the server
    int issues = 0;         // refused or conflicting changes the agent should look at
    QDateTime lastSync;
    QString problem; // why offline, for the tooltip
};

Q_DECLARE_METATYPE(SyncStatus)
