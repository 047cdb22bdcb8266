#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTextStream>

class LocalStore;

// What every deskctl command shares: its streams, its way of failing, and the options that
// mean the same everywhere.
namespace cli {

struct Deskctl {
    Q_DECLARE_TR_FUNCTIONS(deskctl)
};

QTextStream &out();
QTextStream &err();
// Prints "deskctl: message" on stderr; returns the exit code 1.
int fail(const QString &message);

// Parses a sub-command's own options; prints its help on --help.
bool parseCommand(QCommandLineParser &parser, const QStringList &arguments, const QString &description);

// Built when a command runs, after the application (and any translator) exists.
QCommandLineOption databaseOption();
bool openStore(LocalStore &store, const QCommandLineParser &parser);

} // namespace cli
