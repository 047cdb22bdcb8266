#include "serverschema.h"

#include "sqlerrortext.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

ServerSchema::ServerSchema(QSqlDatabase db)
    : m_db(db)
{}

QList<ServerSchema::Step> ServerSchema::steps()
{
    QList<Step> found;
    const QDir dir(u":/deskline/server/sql"_s);
    for (const QString &name : dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
        bool ok = false;
        const int version = name.left(4).toInt(&ok);
        if (ok && version > 0)
            found.append({version, dir.filePath(name)});
    }
    return found;
}

int ServerSchema::latestVersion()
{
    const QList<Step> all = steps();
    return all.isEmpty() ? 0 : all.last().version;
}

std::optional<int> ServerSchema::installedVersion()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT to_regclass('deskline.meta') IS NOT NULL"_s) || !query.next()) {
        m_error = tr("Cannot read the schema version: %1").arg(sqlErrorText(query.lastError()));
        return std::nullopt;
    }
    if (!query.value(0).toBool())
        return 0;
    if (!query.exec(u"SELECT value FROM deskline.meta WHERE key = 'schema_version'"_s)) {
        m_error = tr("Cannot read the schema version: %1").arg(sqlErrorText(query.lastError()));
        return std::nullopt;
    }
    return query.next() ? query.value(0).toString().toInt() : 0;
}

std::optional<int> ServerSchema::migrate(int upTo)
{
    std::optional<int> startedAt;
    for (const Step &step : steps()) {
        if (upTo > 0 && step.version > upTo)
            break;
        if (!m_db.transaction()) {
            m_error = tr("Cannot start a transaction: %1").arg(sqlErrorText(m_db.lastError()));
            return std::nullopt;
        }
        auto abort = [this](const QString &message) -> std::optional<int> {
            m_error = message;
            m_db.rollback();
            return std::nullopt;
        };
        QSqlQuery query(m_db);
        if (!query.exec(u"SELECT pg_advisory_xact_lock(hashtext('deskline schema'))"_s))
            return abort(tr("Cannot lock the schema: %1").arg(sqlErrorText(query.lastError())));
        const std::optional<int> current = installedVersion();
        if (!current)
            return abort(m_error);
        if (!startedAt)
            startedAt = current;
        if (*current > latestVersion())
            return abort(tr("The database was set up by a newer Deskline (schema version %1; this program knows up "
                            "to %2). Nothing was changed.")
                             .arg(*current)
                             .arg(latestVersion()));
        if (*current >= step.version) {
            m_db.rollback();
            continue;
        }
        QFile file(step.path);
        if (!file.open(QIODevice::ReadOnly))
            return abort(tr("Cannot read %1.").arg(step.path));
        // The whole file as one simple query: PostgreSQL runs its statements in order.
        if (!query.exec(QString::fromUtf8(file.readAll())))
            return abort(tr("Schema step %1 failed: %2").arg(step.version).arg(sqlErrorText(query.lastError())));
        query.prepare(u"INSERT INTO deskline.meta(key, value) VALUES ('schema_version', :v)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
        query.bindValue(u":v"_s, QString::number(step.version));
        if (!query.exec())
            return abort(
                tr("Cannot record schema version %1: %2").arg(step.version).arg(sqlErrorText(query.lastError())));
        if (!m_db.commit())
            return abort(tr("Cannot save schema step %1: %2").arg(step.version).arg(sqlErrorText(m_db.lastError())));
    }
    if (!startedAt)
        return installedVersion();
    return startedAt;
}
