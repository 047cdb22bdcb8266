#pragma once

class LocalStore;
class SyncEngine;

// The sync engine writes on a connection of its own. This tells the window's store what it
// wrote (as if the store had written it, so the item models refresh those rows) and tells the
// engine when the window's store queued changes for the server.
class SyncRelay
{
public:
    static void connect(SyncEngine &engine, LocalStore &windowStore);
};
