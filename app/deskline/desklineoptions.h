#pragma once

#include "backuppolicy.h"

#include <QSettings>
#include <QSize>
#include <QString>
#include <QStringList>

// The GUI's command line, parsed once and then passed around as plain values.
struct DesklineOptions {
    QString database;       // empty: the per-user default
    QString screenshotPath; // render the window to this PNG and exit
    QString selectExternalId;
    QString search;   // start with this search in the ticket list
    QString language; // "zh_CN", "en"; empty: the system's
    QString agent;    // login of the agent at this desk
    QString server;   // team mode: postgresql://LOGIN@HOST:PORT/DATABASE
    QString call;     // --call NUMBER, or the number of a tel: or callto: link given as an argument
    QString listen;   // --listen ADDRESS:PORT: where a desk on its own serves the HTTP intake
    int demoTickets = 3000;
    QSize windowSize;  // --size WxH; invalid: the screen's available size (screenshots) or the saved one
    bool dark = false; // --dark: the Fusion style with a dark palette

    // Returns false with a message in error; exits the process itself for --help and --version,
    // unless forwarded (the arguments another start handed to this window): then false.
    bool parse(const QStringList &arguments, QString &error, bool forwarded = false);
    static QString defaultDatabasePath();
    // The backups' settings: `backups/folder` (empty: beside the store), `backups/keepDaily` (7)
    // and `backups/keepBeforeMigration` (3); a count below one keeps one.
    static BackupPolicy backupPolicy(const QSettings &settings);
};
