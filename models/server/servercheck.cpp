#include "servercheck.h"

#include "serverconnection.h"

#include <QSqlDatabase>
#include <QUuid>

using namespace Qt::StringLiterals;

ServerCheck ServerCheck::ofDesk(const ServerAddress &address)
{
    const QString name = u"deskline-check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    ServerCheck result;
    {
        ServerConnection connection;
        result.ok = connection.openAsDesk(address, name);
        result.problem = connection.problem();
        result.message = connection.errorString();
        QSqlDatabase::database(name, false).close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}
