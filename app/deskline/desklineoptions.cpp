#include "desklineoptions.h"

#include "phonenumbers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>

#include <algorithm>

using namespace Qt::StringLiterals;

bool DesklineOptions::parse(const QStringList &arguments, QString &error, bool forwarded)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("DesklineOptions", "Deskline: the desktop console for customer-support agents."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption databaseOption(
        u"database"_s,
        QCoreApplication::translate("DesklineOptions", "Open this store (created with demo data if missing)."),
        u"PATH"_s);
    const QCommandLineOption screenshotOption(
        u"screenshot"_s,
        QCoreApplication::translate("DesklineOptions", "Render the main window to a PNG file and exit."), u"FILE"_s);
    const QCommandLineOption selectOption(
        u"select"_s, QCoreApplication::translate("DesklineOptions", "Open the ticket with this external id."),
        u"EXTERNAL_ID"_s);
    const QCommandLineOption searchOption(
        u"search"_s, QCoreApplication::translate("DesklineOptions", "Start with this search in the ticket list."),
        u"TEXT"_s);
    const QCommandLineOption langOption(
        u"lang"_s, QCoreApplication::translate("DesklineOptions", "Interface language: zh_CN or en."), u"LANG"_s);
    const QCommandLineOption agentOption(
        u"agent"_s, QCoreApplication::translate("DesklineOptions", "Work as the agent with this login."), u"LOGIN"_s);
    const QCommandLineOption serverOption(
        u"server"_s,
        QCoreApplication::translate("DesklineOptions",
                                    "Work in team mode with this server: postgresql://LOGIN@HOST:PORT/DATABASE."),
        u"URL"_s);
    const QCommandLineOption demoOption(
        u"demo-tickets"_s,
        QCoreApplication::translate("DesklineOptions", "How many demo tickets a new store gets (default 3000)."),
        u"N"_s);
    const QCommandLineOption sizeOption(
        u"size"_s,
        QCoreApplication::translate("DesklineOptions",
                                    "Window size in pixels, such as 1366x768 (screenshots: the screen's available "
                                    "size without it)."),
        u"WxH"_s);
    const QCommandLineOption darkOption(
        u"dark"_s, QCoreApplication::translate("DesklineOptions", "Use a dark palette (the Fusion style)."));
    const QCommandLineOption callOption(
        u"call"_s,
        QCoreApplication::translate("DesklineOptions",
                                    "Take a call from this number: the caller's card and a phone ticket with its timer "
                                    "(in the running window, if there is one)."),
        u"NUMBER"_s);
    const QCommandLineOption listenOption(
        u"listen"_s,
        QCoreApplication::translate("DesklineOptions",
                                    "A desk on its own: where the HTTP intake (web forms, call events) listens, "
                                    "ADDRESS:PORT or off (the setting intake/listen, else 127.0.0.1:8925)."),
        u"ADDRESS:PORT"_s);
    parser.addOptions({databaseOption, screenshotOption, selectOption, searchOption, langOption, agentOption,
                       serverOption, demoOption, sizeOption, darkOption, callOption, listenOption});
    parser.addPositionalArgument(
        u"link"_s, QCoreApplication::translate("DesklineOptions", "A tel: or callto: link to take the call of."),
        u"[tel:NUMBER]"_s);
    if (forwarded) {
        if (!parser.parse(arguments)) {
            error = parser.errorText();
            return false;
        }
    } else {
        parser.process(arguments); // handles --help, --version and unknown options
    }
    database = parser.value(databaseOption);
    screenshotPath = parser.value(screenshotOption);
    selectExternalId = parser.value(selectOption);
    search = parser.value(searchOption);
    language = parser.value(langOption);
    agent = parser.value(agentOption);
    server = parser.value(serverOption);
    listen = parser.value(listenOption);
    call = parser.value(callOption).trimmed();
    for (const QString &argument : parser.positionalArguments()) {
        const QString number = PhoneNumbers::numberOfLink(argument);
        if (number.isEmpty()) {
            error = QCoreApplication::translate("DesklineOptions", "\"%1\" is not a tel: or callto: link.")
                        .arg(argument.left(80));
            return false;
        }
        call = number;
    }
    if (parser.isSet(callOption) && call.isEmpty()) {
        error = QCoreApplication::translate("DesklineOptions", "--call takes a phone number.");
        return false;
    }
    if (parser.isSet(demoOption)) {
        bool ok = false;
        demoTickets = parser.value(demoOption).toInt(&ok);
        if (!ok || demoTickets < 0) {
            error = QCoreApplication::translate("DesklineOptions", "--demo-tickets takes a whole number.");
            return false;
        }
    }
    dark = parser.isSet(darkOption);
    if (parser.isSet(sizeOption)) {
        const QStringList parts = parser.value(sizeOption).split(u'x');
        bool wideOk = false;
        bool highOk = false;
        if (parts.size() == 2)
            windowSize = QSize(parts[0].toInt(&wideOk), parts[1].toInt(&highOk));
        if (!wideOk || !highOk || windowSize.width() < 100 || windowSize.height() < 100) {
            error = QCoreApplication::translate("DesklineOptions", "--size takes a width and height such as 1366x768.");
            return false;
        }
    }
    if (!language.isEmpty() && language != u"zh_CN" && language != u"en") {
        error = QCoreApplication::translate("DesklineOptions", "--lang takes zh_CN or en, not \"%1\".").arg(language);
        return false;
    }
    return true;
}

QString DesklineOptions::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/deskline.sqlite"_s;
}

BackupPolicy DesklineOptions::backupPolicy(const QSettings &settings)
{
    BackupPolicy policy;
    policy.folder = settings.value(u"backups/folder"_s).toString();
    policy.keepDaily = std::max(1, settings.value(u"backups/keepDaily"_s, policy.keepDaily).toInt());
    policy.keepBeforeMigration =
        std::max(1, settings.value(u"backups/keepBeforeMigration"_s, policy.keepBeforeMigration).toInt());
    return policy;
}
