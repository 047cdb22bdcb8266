#include "benchscratchdatabase.h"

#include "serverconnection.h"
#include "serverschema.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

BenchScratchDatabase::~BenchScratchDatabase()
{
    if (m_database.isEmpty())
        return;
    {
        ServerConnection connection;
        if (!connection.open(m_server, u"bench-cleanup"_s))
            return;
        QSqlQuery drop(QSqlDatabase::database(u"bench-cleanup"_s, false));
        drop.exec(u"DROP DATABASE IF EXISTS "_s + m_database + u" WITH (FORCE)"_s);
        if (!m_logins.isEmpty())
            drop.exec(u"DROP ROLE IF EXISTS "_s + m_logins.join(u", "_s));
        QSqlDatabase::database(u"bench-cleanup"_s, false).close();
    }
    QSqlDatabase::removeDatabase(u"bench-cleanup"_s);
}

bool BenchScratchDatabase::create(const ServerAddress &admin)
{
    m_server = admin;
    const QString database = u"bench_"_s + QUuid::createUuid().toString(QUuid::Id128).left(8);
    {
        ServerConnection connection;
        if (!connection.open(admin, u"bench-setup"_s)) {
            m_error = connection.errorString();
            QSqlDatabase::removeDatabase(u"bench-setup"_s);
            return false;
        }
        QSqlQuery create(QSqlDatabase::database(u"bench-setup"_s, false));
        const bool created = create.exec(u"CREATE DATABASE "_s + database);
        m_error = created ? QString() : create.lastError().text();
        QSqlDatabase::database(u"bench-setup"_s, false).close();
        if (!created) {
            QSqlDatabase::removeDatabase(u"bench-setup"_s);
            return false;
        }
    }
    QSqlDatabase::removeDatabase(u"bench-setup"_s);
    m_database = database;
    ServerConnection connection;
    if (!connection.open(this->admin(), u"bench-schema"_s)) {
        m_error = connection.errorString();
        QSqlDatabase::removeDatabase(u"bench-schema"_s);
        return false;
    }
    bool migrated = false;
    {
        ServerSchema schema(QSqlDatabase::database(u"bench-schema"_s, false));
        migrated = schema.migrate().has_value();
        if (!migrated)
            m_error = schema.errorString();
        QSqlDatabase::database(u"bench-schema"_s, false).close();
    }
    QSqlDatabase::removeDatabase(u"bench-schema"_s);
    return migrated;
}

ServerAddress BenchScratchDatabase::admin() const
{
    ServerAddress address = m_server;
    address.database = m_database;
    return address;
}

QString BenchScratchDatabase::login(const QString &who)
{
    const QString name = m_database + u'_' + who;
    if (!m_logins.contains(name))
        m_logins.append(name);
    return name;
}

QString BenchScratchDatabase::urlFrom(const QString &url, const QString &file, QString *error)
{
    if (!url.isEmpty() || file.isEmpty())
        return url;
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read %1."_s.arg(file);
        return {};
    }
    return QString::fromUtf8(in.readAll()).trimmed();
}
