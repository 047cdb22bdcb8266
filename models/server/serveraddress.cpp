#include "serveraddress.h"

#include <QCoreApplication>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

std::optional<ServerAddress> ServerAddress::fromUrl(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    auto invalid = [error](const QString &why) -> std::optional<ServerAddress> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!url.isValid() || (url.scheme() != u"postgresql" && url.scheme() != u"postgres"))
        return invalid(QCoreApplication::translate("ServerConnection", "\"%1\" is not a server address; expected "
                                                                       "postgresql://LOGIN@HOST:PORT/DATABASE.")
                           .arg(text));
    if (url.host().isEmpty())
        return invalid(QCoreApplication::translate("ServerConnection", "The server address has no host."));
    ServerAddress address;
    address.host = url.host();
    address.port = url.port(5432);
    const QString database = url.path().mid(1);
    if (!database.isEmpty())
        address.database = database;
    address.login = url.userName();
    address.password = url.password();
    const QUrlQuery query(url);
    if (query.hasQueryItem(u"sslmode"_s)) {
        static const QStringList modes{u"disable"_s, u"allow"_s,     u"prefer"_s,
                                       u"require"_s, u"verify-ca"_s, u"verify-full"_s};
        address.sslMode = query.queryItemValue(u"sslmode"_s);
        if (!modes.contains(address.sslMode))
            return invalid(QCoreApplication::translate("ServerConnection", "Unknown TLS mode \"%1\"; use one of %2.")
                               .arg(address.sslMode, modes.join(u", "_s)));
    }
    return address;
}

QString ServerAddress::toUrl(bool withPassword) const
{
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(host);
    url.setPort(port);
    url.setUserName(login);
    if (withPassword)
        url.setPassword(password);
    url.setPath(u"/"_s + database);
    if (sslMode != u"prefer") {
        QUrlQuery query;
        query.addQueryItem(u"sslmode"_s, sslMode);
        url.setQuery(query);
    }
    return url.toString();
}
