#include "commandline.h"

#include "localstore.h"

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message)
{
    err() << "deskctl: " << message << Qt::endl;
    return 1;
}

bool parseCommand(QCommandLineParser &parser, const QStringList &arguments, const QString &description)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err() << "deskctl: " << parser.errorText() << Qt::endl;
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        out() << parser.helpText();
        out().flush();
        std::exit(0);
    }
    return true;
}

QCommandLineOption databaseOption()
{
    return QCommandLineOption(u"database"_s, Deskctl::tr("The store file."), u"PATH"_s);
}

bool openStore(LocalStore &store, const QCommandLineParser &parser)
{
    const QString path = parser.value(databaseOption());
    if (path.isEmpty()) {
        fail(Deskctl::tr("--database PATH is required."));
        return false;
    }
    if (!store.open(path)) {
        fail(store.errorString());
        return false;
    }
    return true;
}

} // namespace cli
