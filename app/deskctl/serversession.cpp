#include "serversession.h"

#include "commandline.h"
#include "serverconnection.h"

#include <QDir>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace cli {

bool onServer(const QCommandLineParser &parser, bool *server)
{
    const bool database = parser.isSet(databaseOption());
    *server = parser.isSet(urlOption());
    if (database == *server) {
        fail(Deskctl::tr("Give either --database PATH (a standalone desk) or --url URL (the team's server)."));
        return false;
    }
    return true;
}

QString gatewayFileBase(const ServerAddress &address)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(folder);
    return folder + u"/gateway-%1-%2-%3"_s.arg(address.host).arg(address.port).arg(address.database);
}

QCommandLineOption urlOption()
{
    return QCommandLineOption(u"url"_s,
                              Deskctl::tr("The shared database, postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE. "
                                          "Without a password in it, $DESKLINE_PASSWORD is used."),
                              u"URL"_s);
}

ServerSession::ServerSession(QString connectionName)
    : m_name(std::move(connectionName))
{}

ServerSession::~ServerSession()
{
    QSqlDatabase::database(m_name, false).close();
    QSqlDatabase::removeDatabase(m_name);
}

bool ServerSession::open(const QCommandLineParser &parser)
{
    const QString url = parser.value(urlOption());
    if (url.isEmpty()) {
        fail(Deskctl::tr("--url URL is required."));
        return false;
    }
    QString error;
    std::optional<ServerAddress> address = ServerAddress::fromUrl(url, &error);
    if (!address) {
        fail(error);
        return false;
    }
    if (address->password.isEmpty())
        address->password = qEnvironmentVariable("DESKLINE_PASSWORD");
    ServerConnection connection;
    if (!connection.open(*address, m_name)) {
        fail(connection.errorString());
        return false;
    }
    m_address = *address;
    return true;
}

QSqlDatabase ServerSession::db() const
{
    return QSqlDatabase::database(m_name, false);
}

} // namespace cli
