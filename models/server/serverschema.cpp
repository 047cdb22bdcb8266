#include "serverschema.h"

#include "sqlerrortext.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVersionNumber>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString hashKey = u"functions_hash"_s;
const QString versionKey = u"functions_deskline_version"_s;

struct FunctionFile {
    QString name;
    QString text;
};

struct FunctionFiles {
    QList<FunctionFile> files; // in name order
    QString hash;
};

// Names count as well as texts: a file added, removed or renamed is a change too.
std::optional<FunctionFiles> readFunctionFiles(const QString &sqlDir, QString *unreadable)
{
    const QDir dir(sqlDir + u"/functions"_s);
    FunctionFiles found;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &name : dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            *unreadable = file.fileName();
            return std::nullopt;
        }
        const QByteArray text = file.readAll();
        hash.addData(name.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(text);
        hash.addData(QByteArrayView("\0", 1));
        found.files.append({name, QString::fromUtf8(text)});
    }
    found.hash = QString::fromLatin1(hash.result().toHex());
    return found;
}

// Its own query, gone before the function files run: a prepared statement still open when one of
// them fails could not be deallocated in the aborted transaction.
std::optional<QString> metaValue(const QSqlDatabase &db, const QString &key, QString *error)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT value FROM deskline.meta WHERE key = :key"_s);
    query.bindValue(u":key"_s, key);
    if (!query.exec()) {
        *error = sqlErrorText(query.lastError());
        return std::nullopt;
    }
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace

ServerSchema::ServerSchema(QSqlDatabase db, const QString &sqlDir)
    : m_db(db)
    , m_sqlDir(sqlDir)
{}

QString ServerSchema::builtInSqlDir()
{
    return u":/deskline/server/sql"_s;
}

QList<ServerSchema::Step> ServerSchema::steps(const QString &sqlDir)
{
    QList<Step> found;
    const QDir dir(sqlDir);
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
    const QList<Step> all = steps(builtInSqlDir());
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
    m_functionsUpdated = false;
    const QList<Step> all = steps(m_sqlDir);
    const int latest = all.isEmpty() ? 0 : all.last().version;
    const int target = upTo > 0 && upTo < latest ? upTo : latest;
    std::optional<int> startedAt;
    // One transaction per step, each deciding under the lock what is still missing: another admin
    // may have applied some steps meanwhile.
    for (;;) {
        if (!m_db.transaction()) {
            m_error = tr("Cannot start a transaction: %1").arg(sqlErrorText(m_db.lastError()));
            return std::nullopt;
        }
        auto abort = [this](const QString &message) -> std::optional<int> {
            m_error = message;
            m_db.rollback();
            m_functionsUpdated = false;
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
        if (*current > latest)
            return abort(tr("The database was set up by a newer Deskline (schema version %1; this program knows up "
                            "to %2). Nothing was changed.")
                             .arg(*current)
                             .arg(latest));
        const auto next = std::find_if(all.cbegin(), all.cend(), [&](const Step &s) { return s.version > *current; });
        const bool stepDue = next != all.cend() && next->version <= target;
        if (stepDue) {
            QFile file(next->path);
            if (!file.open(QIODevice::ReadOnly))
                return abort(tr("Cannot read %1.").arg(next->path));
            // The whole file as one simple query: PostgreSQL runs its statements in order.
            if (!query.exec(QString::fromUtf8(file.readAll())))
                return abort(tr("Schema step %1 failed: %2").arg(next->version).arg(sqlErrorText(query.lastError())));
            query.prepare(u"INSERT INTO deskline.meta(key, value) VALUES ('schema_version', :v)"
                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
            query.bindValue(u":v"_s, QString::number(next->version));
            if (!query.exec())
                return abort(
                    tr("Cannot record schema version %1: %2").arg(next->version).arg(sqlErrorText(query.lastError())));
        }
        const int reached = stepDue ? next->version : *current;
        // With the last step, so that a database at the latest version always has the functions
        // written for it, never only the older ones its steps created; without a step, only when
        // the files differ from the recorded ones, so an unchanged init writes nothing.
        if (latest > 0 && reached == latest && target == latest && !applyFunctions(stepDue))
            return abort(m_error);
        if (!m_db.commit())
            return abort(
                stepDue ? tr("Cannot save schema step %1: %2").arg(next->version).arg(sqlErrorText(m_db.lastError()))
                        : tr("Cannot save the server functions: %1").arg(sqlErrorText(m_db.lastError())));
        if (!stepDue || reached >= target)
            break;
    }
    return startedAt;
}

bool ServerSchema::applyFunctions(bool afterStep)
{
    QString unreadable;
    const std::optional<FunctionFiles> files = readFunctionFiles(m_sqlDir, &unreadable);
    if (!files) {
        m_error = tr("Cannot read %1.").arg(unreadable);
        return false;
    }
    QString why;
    const std::optional<QString> recordedHash = metaValue(m_db, hashKey, &why);
    const std::optional<QString> recordedBy = recordedHash ? metaValue(m_db, versionKey, &why) : std::nullopt;
    if (!recordedHash || !recordedBy) {
        m_error = tr("Cannot read the server functions' record: %1").arg(why);
        return false;
    }
    if (!afterStep && *recordedHash == files->hash)
        return true;
    // Hashes have no order: without this an older deskctl at the same schema version would put its
    // own, older functions back over a newer one's.
    const QVersionNumber ours = QVersionNumber::fromString(QStringLiteral(DESKLINE_VERSION));
    if (!recordedBy->isEmpty() && QVersionNumber::fromString(*recordedBy) > ours) {
        m_error = tr("The server functions were installed by a newer Deskline (%1; this is %2). Nothing was "
                     "changed.")
                      .arg(*recordedBy, ours.toString());
        return false;
    }
    // Twice, as pg_dump does it, so that the order of the files never matters: first with bodies
    // unchecked, so that every function exists, then checked, so that a `language sql` body calling
    // a function of a later file, or a wrong one, is refused now and not when a desk calls it.
    QSqlQuery query(m_db);
    for (const bool checked : {false, true}) {
        if (!query.exec(u"SET LOCAL check_function_bodies = %1"_s.arg(checked ? u"on"_s : u"off"_s))) {
            m_error = tr("Cannot apply the server functions: %1").arg(sqlErrorText(query.lastError()));
            return false;
        }
        for (const FunctionFile &file : files->files) {
            if (!query.exec(file.text)) {
                m_error = tr("Server function file %1 failed: %2").arg(file.name, sqlErrorText(query.lastError()));
                return false;
            }
        }
    }
    // mutation_handlers keeps each function's oid, not its name: a function file that dropped and
    // re-created its function without registering it again would leave the mutation pointing
    // nowhere, and every call of it would be recorded as rejected.
    if (!query.exec(u"SELECT coalesce(string_agg(h.name, ', ' ORDER BY h.name), '')"
                    "  FROM deskline.mutation_handlers h"
                    "  LEFT JOIN pg_catalog.pg_proc p ON p.oid = h.handler::oid"
                    " WHERE p.oid IS NULL OR p.prorettype <> 'jsonb'::regtype"
                    "    OR p.pronargs <> 2 OR p.proargtypes[0] <> 'deskline.agents'::regtype"
                    "    OR p.proargtypes[1] <> 'jsonb'::regtype"_s) ||
        !query.next()) {
        m_error = tr("Cannot check the mutation handlers: %1").arg(sqlErrorText(query.lastError()));
        return false;
    }
    if (const QString broken = query.value(0).toString(); !broken.isEmpty()) {
        m_error = tr("After the server functions these mutations have no function taking (agent, arguments): %1. "
                     "Nothing was changed.")
                      .arg(broken);
        return false;
    }
    query.prepare(u"INSERT INTO deskline.meta (key, value) VALUES (:hk, :hash), (:vk, :version)"
                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    query.bindValue(u":hk"_s, hashKey);
    query.bindValue(u":hash"_s, files->hash);
    query.bindValue(u":vk"_s, versionKey);
    query.bindValue(u":version"_s, ours.toString());
    if (!query.exec()) {
        m_error = tr("Cannot record the server functions: %1").arg(sqlErrorText(query.lastError()));
        return false;
    }
    m_functionsUpdated = true;
    return true;
}
