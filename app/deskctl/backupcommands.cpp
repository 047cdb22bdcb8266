#include "backupcommands.h"

#include "backupstore.h"
#include "commandline.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace cli {

namespace {

QCommandLineOption backupsFolderOption()
{
    return QCommandLineOption(
        u"backups"_s, Deskctl::tr("The backups folder (default: \"<store file>-backups\" beside it)."), u"DIR"_s);
}

std::optional<QString> storePath(const QCommandLineParser &parser)
{
    const QString path = parser.value(databaseOption());
    if (path.isEmpty()) {
        fail(Deskctl::tr("--database PATH is required."));
        return std::nullopt;
    }
    return path;
}

QString kindName(BackupInfo::Kind kind)
{
    switch (kind) {
    case BackupInfo::Kind::Daily:
        return Deskctl::tr("daily");
    case BackupInfo::Kind::BeforeMigration:
        return Deskctl::tr("before an update");
    case BackupInfo::Kind::Manual:
        return Deskctl::tr("by hand");
    }
    return {};
}

} // namespace

int backup(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption to(u"to"_s, Deskctl::tr("Write the copy to FILE (which must not exist)."), u"FILE"_s);
    parser.addOption(to);
    parser.addOption(backupsFolderOption());
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Copy a store consistently, even while a window has it open, into its backups "
                                  "folder or to --to FILE.")))
        return 2;
    const auto path = storePath(parser);
    if (!path)
        return 1;
    if (!QFileInfo::exists(*path))
        return fail(Deskctl::tr("There is no store at %1.").arg(*path));
    BackupPolicy policy;
    policy.folder = parser.value(backupsFolderOption());
    BackupStore backups(*path, policy);
    QString written;
    if (parser.isSet(to)) {
        if (!backups.copyTo(parser.value(to)))
            return fail(backups.errorString());
        written = parser.value(to);
    } else {
        const auto taken = backups.take(BackupInfo::Kind::Manual, QDateTime::currentDateTimeUtc());
        if (!taken)
            return fail(backups.errorString());
        written = taken->path;
    }
    out() << Deskctl::tr("Backed up %1 to %2.").arg(*path, QDir::toNativeSeparators(written)) << Qt::endl;
    return 0;
}

int restore(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption from(u"from"_s, Deskctl::tr("The backup to put in the store's place."), u"FILE"_s);
    parser.addOption(from);
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Put a backup in a store's place, after checking it; the replaced store is kept "
                                  "aside. Refused while a Deskline window has the store open.")))
        return 2;
    const auto path = storePath(parser);
    if (!path)
        return 1;
    if (parser.value(from).isEmpty())
        return fail(Deskctl::tr("--from FILE is required."));
    BackupStore backups(*path);
    QString aside;
    if (!backups.restoreFrom(parser.value(from), QDateTime::currentDateTimeUtc(), &aside))
        return fail(backups.errorString());
    out() << Deskctl::tr("Restored %1 from %2.").arg(*path, parser.value(from)) << Qt::endl;
    if (!aside.isEmpty())
        out() << Deskctl::tr("The store it replaced is kept as %1.").arg(QDir::toNativeSeparators(aside)) << Qt::endl;
    return 0;
}

int check(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    if (!parseCommand(parser, arguments, Deskctl::tr("Check that a store file is sound (SQLite's quick_check).")))
        return 2;
    const auto path = storePath(parser);
    if (!path)
        return 1;
    const BackupInfo info = BackupStore::inspect(*path);
    if (!info.usable())
        return fail(Deskctl::tr("%1 is not sound: %2. Restore a backup (deskctl backups, deskctl restore).")
                        .arg(*path, info.problem));
    out() << Deskctl::tr("%1 is sound: %2 tickets, store version %3.")
                 .arg(*path)
                 .arg(info.tickets)
                 .arg(info.schemaVersion)
          << Qt::endl;
    return 0;
}

int listBackups(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    parser.addOption(backupsFolderOption());
    if (!parseCommand(parser, arguments, Deskctl::tr("List a store's backups, newest first.")))
        return 2;
    const auto path = storePath(parser);
    if (!path)
        return 1;
    BackupPolicy policy;
    policy.folder = parser.value(backupsFolderOption());
    const BackupStore backups(*path, policy);
    const QList<BackupInfo> list = backups.list();
    if (list.isEmpty()) {
        out() << Deskctl::tr("No backups in %1.").arg(QDir::toNativeSeparators(backups.folder())) << Qt::endl;
        return 0;
    }
    for (const BackupInfo &info : list) {
        out() << QDir::toNativeSeparators(info.path) << "\t"
              << info.takenAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s) << "\t" << kindName(info.kind) << "\t";
        if (info.usable())
            out() << Deskctl::tr("%n ticket(s)", nullptr, int(info.tickets));
        else
            out() << Deskctl::tr("cannot be restored: %1").arg(info.problem);
        out() << Qt::endl;
    }
    return 0;
}

} // namespace cli
