#pragma once

#include <QStringList>

// deskctl's care of a store file: `backup`, `restore`, `check` and `backups` (the list).
namespace cli {

int backup(const QStringList &arguments);
int restore(const QStringList &arguments);
int check(const QStringList &arguments);
int listBackups(const QStringList &arguments);

} // namespace cli
