#pragma once

#include "syncedentity.h"

#include <QList>
#include <QString>

// Every entity a desk copies from the shared database, parents before children, so that every
// reference finds its row when a batch is written in this order.
class SyncedEntities
{
public:
    static const QList<SyncedEntity> &all();
    // By its change_log name ("ticket", "message", …); the name must be one of all().
    static const SyncedEntity &get(const QString &name);
    // The entity whose rows the mutation creates on this desk ahead of the server, if any.
    static const SyncedEntity *createdBy(const QString &mutation);
};
