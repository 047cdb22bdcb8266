#pragma once

#include <QString>

// Where a store's backups go and how many of each kind stay (settings `backups/folder`,
// `backups/keepDaily`, `backups/keepBeforeMigration`).
struct BackupPolicy {
    // Empty: the folder beside the store, "<store file>-backups".
    QString folder;
    int keepDaily = 7;
    int keepBeforeMigration = 3;
};
