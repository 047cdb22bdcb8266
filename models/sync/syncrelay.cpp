#include "syncrelay.h"

#include "localstore.h"
#include "syncengine.h"

void SyncRelay::connect(SyncEngine &engine, LocalStore &windowStore)
{
    QObject::connect(&engine, &SyncEngine::sharedSettingsChanged, &windowStore, &LocalStore::reloadSharedSettings);
    QObject::connect(&engine, &SyncEngine::changesApplied, &windowStore,
                     [&windowStore](const QList<qint64> &tickets, const QList<qint64> &withMessages) {
                         windowStore.announceTicketsChanged(tickets);
                         for (qint64 ticket : withMessages)
                             windowStore.announceMessagesAdded(ticket);
                     });
    QObject::connect(&windowStore, &LocalStore::outboxChanged, &engine, &SyncEngine::syncSoon);
}
