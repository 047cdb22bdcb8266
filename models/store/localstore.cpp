#include "localstore.h"

#include "backupstore.h"
#include "clock.h"
#include "customerstore.h"
#include "draftstore.h"
#include "peoplestore.h"
#include "schemamigrations.h"
#include "searchtext.h"
#include "slaschedule.h"
#include "sqlerrortext.h"
#include "ticketlifecycle.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlRecord>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

// 'DSKL': marks the file as ours, so a foreign SQLite file is refused, not migrated.
constexpr int applicationId = 0x44534B4C;

QDateTime fromMs(const QVariant &value)
{
    if (value.isNull())
        return {};
    const qint64 ms = value.toLongLong();
    if (ms == SlaSchedule::noDeadline)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

// An optional text column: NULL when empty (client ids outside team mode, external ids).
QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

// Qt binds a null QString as SQL NULL; NOT NULL text columns want ''.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

} // namespace

LocalStore::LocalStore(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_connectionName(u"deskline-store-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

LocalStore::~LocalStore()
{
    close();
}

QSqlDatabase LocalStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool LocalStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

bool LocalStore::fail(OpenError error, const QString &message)
{
    m_openError = error;
    m_error = message;
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = database();
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    return false;
}

bool LocalStore::open(const QString &path)
{
    close();
    m_path = path;
    m_openError = OpenError::None;
    m_error.clear();
    m_created = false;
    m_damage.clear();
    m_outOfSpace = false;

    const QFileInfo info(path);
    if (info.exists()) {
        if (info.isDir())
            return fail(OpenError::Unreadable, tr("%1 is a folder, not a Deskline store.").arg(path));
        QFile probe(path);
        if (!probe.open(QIODevice::ReadOnly))
            return fail(OpenError::Unreadable,
                        tr("Cannot read %1: %2. Check that the file belongs to you.").arg(path, probe.errorString()));
        const QByteArray header = probe.read(16);
        if (info.size() == 0) {
            m_created = true;
        } else if (header != QByteArrayView("SQLite format 3\0", 16)) {
            return fail(
                OpenError::NotADatabase,
                tr("%1 is not a Deskline store: it is not an SQLite database. The file was not changed.").arg(path));
        }
    } else {
        if (!QDir().mkpath(info.absolutePath()))
            return fail(OpenError::Unreadable, tr("Cannot create the folder %1.").arg(info.absolutePath()));
        // Customer data: readable by this user only, before SQLite writes anything into it.
        QFile create(path);
        if (!create.open(QIODevice::WriteOnly))
            return fail(OpenError::Unreadable, tr("Cannot create %1: %2").arg(path, create.errorString()));
        create.close();
        create.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        m_created = true;
    }

    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open())
            return fail(OpenError::Unreadable, tr("Cannot open %1: %2").arg(path, sqlErrorText(db.lastError())));
    }

    QSqlQuery pragma(database());
    if (!pragma.exec(u"PRAGMA journal_mode=WAL"_s) || !pragma.next() ||
        !pragma.exec(u"SELECT count(*) FROM sqlite_schema"_s) || !pragma.next()) {
        return fail(OpenError::Corrupt, tr("%1 is damaged and cannot be read (%2). The file was not changed; "
                                           "restore it from a backup or choose another store.")
                                            .arg(path, sqlErrorText(pragma.lastError())));
    }
    const bool empty = pragma.value(0).toInt() == 0;
    pragma.exec(u"PRAGMA foreign_keys=ON"_s);
    pragma.exec(u"PRAGMA synchronous=NORMAL"_s);

    if (!pragma.exec(u"PRAGMA application_id"_s) || !pragma.next())
        return fail(OpenError::Corrupt, tr("%1 is damaged and cannot be read.").arg(path));
    if (!empty && pragma.value(0).toInt() != applicationId) {
        return fail(OpenError::NotDeskline,
                    tr("%1 is an SQLite database of another program, not a Deskline store. The file was not "
                       "changed.")
                        .arg(path));
    }
    // A statement left unfinished keeps SQLite from dropping a table or an index ("database table
    // is locked"), which a migration step may do.
    pragma.finish();
    if (empty)
        m_created = true;

    if (!empty) {
        QSqlQuery version(database());
        if (!version.exec(u"SELECT value FROM meta WHERE key = 'schema_version'"_s) || !version.next()) {
            return fail(OpenError::Corrupt, tr("%1 is damaged: its schema version cannot be read (%2).")
                                                .arg(path, sqlErrorText(version.lastError())));
        }
        m_schemaVersion = version.value(0).toInt();
    } else {
        m_schemaVersion = 0;
    }

    if (m_schemaVersion > SchemaMigrations::latestVersion()) {
        return fail(OpenError::NewerSchema,
                    tr("%1 was written by a newer Deskline (store version %2; this program knows up to "
                       "version %3). Update Deskline to open it. The file was not changed.")
                        .arg(path)
                        .arg(m_schemaVersion)
                        .arg(SchemaMigrations::latestVersion()));
    }
    const int versionBefore = m_schemaVersion;
    // A migration rewrites the file: a copy of it as it was goes into its backups folder first,
    // and without one it is not migrated.
    if (!empty && m_schemaVersion < SchemaMigrations::latestVersion()) {
        BackupStore backups(path, m_backupPolicy);
        if (!backups.take(BackupInfo::Kind::BeforeMigration, m_clock.now(), m_schemaVersion))
            return fail(OpenError::MigrationFailed,
                        tr("Cannot update %1 to the current format: the backup before it could not be made "
                           "(%2). The file was left as it was.")
                            .arg(path, backups.errorString()));
    }
    if (!migrate())
        return fail(OpenError::MigrationFailed, tr("Cannot update %1 to the current format: %2. The file was "
                                                   "left as it was.")
                                                    .arg(path, m_error));

    const QString login = metaValue(u"desk_agent"_s);
    if (auto me = PeopleStore(*this).agentByLogin(login))
        m_currentAgentId = me->id;
    loadSla();
    // Stores from before business-hour deadlines (version 3) still hold wall-clock ones.
    if (versionBefore > 0 && versionBefore < 3 && !recomputeRunningDeadlines())
        return fail(OpenError::MigrationFailed, tr("Cannot update %1 to the current format: %2. The file was "
                                                   "left as it was.")
                                                    .arg(path, m_error));
    return true;
}

bool LocalStore::recomputeRunningDeadlines()
{
    const auto moved = moveRunningDeadlines();
    if (moved)
        noteTicketsChanged(*moved);
    return moved.has_value();
}

std::optional<QList<qint64>> LocalStore::moveRunningDeadlines()
{
    QList<qint64> moved;
    const bool ok = transaction([&] {
        QSqlQuery running = prepare(u"SELECT id FROM tickets WHERE sla_since IS NOT NULL"_s);
        if (!exec(running))
            return false;
        while (running.next())
            moved << running.value(0).toLongLong();
        running.finish();
        for (qint64 id : std::as_const(moved)) {
            if (!touchTicket(id))
                return false;
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return moved;
}

std::optional<SlaSchedule::Clock> LocalStore::slaClock(qint64 ticketId)
{
    QSqlQuery &row = cached(u"SELECT sla_elapsed_ms, sla_since, awaiting_reply_since FROM tickets WHERE id = ?"_s);
    row.bindValue(0, ticketId);
    std::optional<SlaSchedule::Clock> clock;
    if (exec(row) && row.next()) {
        clock = SlaSchedule::Clock{row.value(0).toLongLong(), std::nullopt, std::nullopt};
        if (!row.value(1).isNull())
            clock->runningSinceMs = row.value(1).toLongLong();
        if (!row.value(2).isNull())
            clock->awaitingReplySinceMs = row.value(2).toLongLong();
    }
    row.finish();
    return clock;
}

QList<qint64> LocalStore::runningTicketsOf(qint64 agentId) const
{
    QList<qint64> ids;
    QSqlQuery query(database());
    query.prepare(u"SELECT id FROM tickets WHERE assignee_id = :me AND sla_since IS NOT NULL"_s);
    query.bindValue(u":me"_s, agentId);
    if (query.exec()) {
        while (query.next())
            ids << query.value(0).toLongLong();
    }
    return ids;
}

void LocalStore::loadSla()
{
    m_sla = SlaSchedule();
    const QString calendar = metaValue(u"business_calendar"_s);
    if (!calendar.isEmpty()) {
        QString problem;
        const auto stored = BusinessCalendar::fromJson(QJsonDocument::fromJson(calendar.toUtf8()).object(), &problem);
        if (!stored)
            qWarning("The stored business calendar is unusable (%s); using weekdays 09:00-18:00.",
                     qUtf8Printable(problem));
        else
            m_sla.setCalendar(*stored);
    }
    const QString policy = metaValue(u"sla_policy"_s);
    if (!policy.isEmpty()) {
        QString problem;
        const auto stored = SlaPolicy::fromJson(QJsonDocument::fromJson(policy.toUtf8()).object(), &problem);
        if (!stored)
            qWarning("The stored service targets are unusable (%s); using the defaults.", qUtf8Printable(problem));
        else
            m_sla.setPolicy(*stored);
    }
}

bool LocalStore::setBusinessCalendar(const BusinessCalendar &calendar)
{
    const SlaSchedule before = m_sla;
    m_sla.setCalendar(calendar);
    const bool ok = transaction(
        [&] { return setSharedSetting(u"business_calendar"_s, calendar.toJson()) && recomputeRunningDeadlines(); });
    if (!ok)
        m_sla = before;
    return ok;
}

bool LocalStore::setSlaPolicy(const SlaPolicy &policy)
{
    if (const QString problem = policy.problem(); !problem.isEmpty()) {
        setError(problem);
        return false;
    }
    const SlaSchedule before = m_sla;
    m_sla.setPolicy(policy);
    const bool ok =
        transaction([&] { return setSharedSetting(u"sla_policy"_s, policy.toJson()) && recomputeRunningDeadlines(); });
    if (!ok)
        m_sla = before;
    return ok;
}

const QStringList &LocalStore::sharedSettingKeys()
{
    static const QStringList keys{u"business_calendar"_s,    u"sla_policy"_s,       u"auto_close_days"_s,
                                  u"survey_delay_minutes"_s, u"archive_age_days"_s, u"agent_capacity"_s,
                                  u"auto_assign"_s};
    return keys;
}

bool LocalStore::canChangeSharedSettings() const
{
    return !m_teamMode || signedInAsManager(); // a desk on its own is its own team
}

bool LocalStore::signedInAsManager() const
{
    const auto me = signedInAgent();
    return me && me->role != AgentRole::Agent;
}

bool LocalStore::setSharedSetting(const QString &key, const QJsonValue &value)
{
    Q_ASSERT(sharedSettingKeys().contains(key));
    if (!canChangeSharedSettings()) {
        setError(tr("Only a supervisor or an administrator can change the team's settings."));
        return false;
    }
    // Kept as the server sends it back, so a desk can tell a real change from its own echo.
    const QString text = value.isObject()
                             ? QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact))
                             : QString::number(value.toInteger());
    const bool saved = transaction([&] {
        noteChanged(UnitOfWork::Subject::SharedSettings);
        return setMetaValue(key, text) &&
               enqueue(u"setting.save"_s, 0, QJsonObject{{u"key"_s, key}, {u"value"_s, value}});
    });
    return saved;
}

std::optional<QList<qint64>> LocalStore::applySharedSetting(const QString &key, const QString &text)
{
    std::optional<QList<qint64>> moved = QList<qint64>();
    const bool ok = transaction([&] {
        QSqlQuery write = prepare(text.isNull() ? u"DELETE FROM meta WHERE key = :k"_s
                                                : u"INSERT INTO meta(key, value) VALUES (:k, :v)"
                                                  " ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
        write.bindValue(u":k"_s, key);
        if (!text.isNull())
            write.bindValue(u":v"_s, text);
        if (!exec(write))
            return false;
        if (key != u"business_calendar" && key != u"sla_policy")
            return true;
        loadSla();
        moved = moveRunningDeadlines();
        return moved.has_value();
    });
    if (!ok) {
        loadSla();
        return std::nullopt;
    }
    return moved;
}

void LocalStore::reloadSharedSettings()
{
    loadSla();
    Q_EMIT sharedSettingsChanged();
}

void LocalStore::close()
{
    m_statements.clear(); // before the connection they belong to goes
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = database();
        if (db.isOpen()) {
            QSqlQuery optimize(db);
            optimize.exec(u"PRAGMA optimize"_s);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_currentAgentId = 0;
}

bool LocalStore::migrate()
{
    QSqlDatabase db = database();
    for (const SchemaMigration &step : SchemaMigrations::all()) {
        if (step.version <= m_schemaVersion)
            continue;
        if (!step.problem.isEmpty()) {
            m_error = tr("step %1: %2").arg(step.version).arg(step.problem);
            return false;
        }
        if (!db.transaction()) {
            m_error = sqlErrorText(db.lastError());
            return false;
        }
        QSqlQuery query(db);
        bool ok = true;
        for (const QString &statement : step.statements) {
            if (!query.exec(statement)) {
                m_error = tr("step %1: %2").arg(step.version).arg(sqlErrorText(query.lastError()));
                ok = false;
                break;
            }
        }
        if (ok) {
            ok = query.exec(u"PRAGMA application_id = %1"_s.arg(applicationId)) &&
                 query.exec(u"PRAGMA user_version = %1"_s.arg(step.version));
            query.prepare(u"INSERT INTO meta(key, value) VALUES ('schema_version', :v)"
                          " ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
            query.bindValue(u":v"_s, QString::number(step.version));
            ok = ok && query.exec();
            if (!ok)
                m_error = sqlErrorText(query.lastError());
        }
        if (!ok || !db.commit()) {
            if (ok)
                m_error = sqlErrorText(db.lastError());
            db.rollback();
            return false;
        }
        m_schemaVersion = step.version;
    }
    return true;
}

qint64 LocalStore::dataVersion() const
{
    QSqlQuery query(database());
    if (!query.exec(u"PRAGMA data_version"_s) || !query.next()) {
        noteSqlError(query.lastError());
        return -1;
    }
    return query.value(0).toLongLong();
}

bool LocalStore::transaction(const std::function<bool()> &work)
{
    // Writers compose (an import creates customers through createCustomer): an inner
    // call joins the outer transaction, whose caller commits or rolls back the whole.
    if (m_work)
        return work();
    UnitOfWork unit;
    if (!runTransaction(unit, work))
        return false;
    announce(unit);
    return true;
}

bool LocalStore::runTransaction(UnitOfWork &unit, const std::function<bool()> &work)
{
    m_work = &unit;
    const auto leave = qScopeGuard([this] { m_work = nullptr; });
    QSqlDatabase db = database();
    // IMMEDIATE: take the write lock up front. Another connection (the sync engine) may write
    // the same file; a read that later turns into a write would fail at once instead of waiting.
    m_outOfSpace = false;
    if (isDamaged()) {
        setError(tr("Nothing can be saved: the store is damaged (%1). Restore a backup.").arg(m_damage));
        return false;
    }
    QSqlQuery begin(db);
    if (!begin.exec(u"BEGIN IMMEDIATE"_s)) {
        noteSqlError(begin.lastError());
        setError(tr("Cannot start a transaction: %1").arg(sqlErrorText(begin.lastError())));
        return false;
    }
    if (!work() || !shareEvents()) {
        db.rollback();
        return false;
    }
    // COMMIT as a statement, not QSqlDatabase::commit(), whose error has no SQLite code: a full
    // disk often shows only here, when the log is written.
    QSqlQuery commit(db);
    if (!commit.exec(u"COMMIT"_s)) {
        noteSqlError(commit.lastError());
        setError(tr("Cannot save: %1").arg(sqlErrorText(commit.lastError())));
        db.rollback();
        return false;
    }
    return true;
}

void LocalStore::announce(const UnitOfWork &unit)
{
    for (qint64 ticketId : unit.ticketsWithNewMessages())
        Q_EMIT messagesAdded(ticketId, unit.addedMessages(ticketId));
    if (!unit.changedTickets().isEmpty())
        Q_EMIT ticketsChanged(unit.changedTickets());
    const UnitOfWork::Subjects subjects = unit.changedSubjects();
    if (subjects & UnitOfWork::Subject::CannedAnswers)
        Q_EMIT cannedAnswersChanged();
    if (subjects & UnitOfWork::Subject::ClassificationRules)
        Q_EMIT classificationRulesChanged();
    if (subjects & UnitOfWork::Subject::SharedSettings)
        Q_EMIT sharedSettingsChanged();
    if (subjects & UnitOfWork::Subject::SavedViews)
        Q_EMIT savedViewsChanged();
    if (subjects & UnitOfWork::Subject::SyncIssues)
        Q_EMIT syncIssuesChanged();
    if (unit.outboxTouched())
        Q_EMIT outboxChanged();
}

void LocalStore::noteTicketsChanged(const QList<qint64> &ticketIds)
{
    if (m_work) {
        m_work->ticketsChanged(ticketIds);
        return;
    }
    UnitOfWork unit;
    unit.ticketsChanged(ticketIds);
    announce(unit);
}

void LocalStore::noteChanged(UnitOfWork::Subject subject)
{
    if (m_work) {
        m_work->subjectChanged(subject);
        return;
    }
    UnitOfWork unit;
    unit.subjectChanged(subject);
    announce(unit);
}

void LocalStore::noteOutboxChanged()
{
    if (m_work) {
        m_work->outboxChanged();
        return;
    }
    UnitOfWork unit;
    unit.outboxChanged();
    announce(unit);
}

QSqlQuery LocalStore::prepare(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.prepare(sql)) {
        noteSqlError(query.lastError());
        setError(sqlErrorText(query.lastError()));
    }
    return query;
}

QSqlQuery &LocalStore::cachedRead(const QString &sql) const
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery query(database());
        if (!query.prepare(sql))
            noteSqlError(query.lastError());
        it = m_statements.insert(sql, query);
    }
    return *it;
}

QSqlQuery &LocalStore::cached(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end())
        it = m_statements.insert(sql, prepare(sql));
    return *it;
}

bool LocalStore::exec(QSqlQuery &query)
{
    if (isDamaged()) {
        // Reads go on (what can still be read is exported from here); writes stop.
        const QString sql = query.lastQuery().trimmed();
        const bool read =
            sql.startsWith(u"SELECT"_s, Qt::CaseInsensitive) || sql.startsWith(u"WITH"_s, Qt::CaseInsensitive);
        if (!read) {
            setError(tr("Nothing can be saved: the store is damaged (%1). Restore a backup.").arg(m_damage));
            return false;
        }
    }
    if (query.exec())
        return true;
    noteSqlError(query.lastError());
    setError(sqlErrorText(query.lastError()));
    return false;
}

bool LocalStore::isDamageError(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff; // the primary code of an extended one
    return ok && (code == 11 /* SQLITE_CORRUPT */ || code == 26 /* SQLITE_NOTADB */);
}

void LocalStore::noteSqlError(const QSqlError &error) const
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return;
    if (code == 13) // SQLITE_FULL: the disk, or the page limit
        m_outOfSpace = true;
    if (isDamageError(error))
        const_cast<LocalStore *>(this)->markDamaged(sqlErrorText(error)); // announced, then writes stop
}

void LocalStore::markDamaged(const QString &problem)
{
    if (isDamaged())
        return;
    m_damage = problem.isEmpty() ? tr("database disk image is malformed") : problem;
    Q_EMIT damaged(m_damage);
}

QList<qint64> LocalStore::selectIds(const QString &sql, qint64 id) const
{
    QList<qint64> ids;
    QSqlQuery query(database());
    query.prepare(sql);
    query.bindValue(u":id"_s, id);
    if (query.exec()) {
        while (query.next())
            ids << query.value(0).toLongLong();
    }
    return ids;
}

void LocalStore::setError(const QString &message)
{
    m_error = message;
}

qint64 LocalStore::nowMs() const
{
    return m_clock.now().toMSecsSinceEpoch();
}

QString LocalStore::metaValue(const QString &key) const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT value FROM meta WHERE key = :k"_s);
    query.bindValue(u":k"_s, key);
    if (query.exec() && query.next())
        return query.value(0).toString();
    return {};
}

bool LocalStore::setMetaValue(const QString &key, const QString &value)
{
    // A null QString binds as NULL: stored as the empty text that metaValue reads as "none".
    QSqlQuery query = prepare(u"INSERT INTO meta(key, value) VALUES (:k, coalesce(:v, ''))"
                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
    query.bindValue(u":k"_s, key);
    query.bindValue(u":v"_s, value);
    return exec(query);
}

// ---- the agent at this desk --------------------------------------------------------------------

bool LocalStore::setCurrentAgent(const QString &login)
{
    const auto found = PeopleStore(*this).agentByLogin(login);
    if (!found) {
        setError(tr("There is no agent with the login \"%1\" in this store.").arg(login));
        return false;
    }
    m_currentAgentId = found->id;
    return setMetaValue(u"desk_agent"_s, login);
}

bool LocalStore::signInAsDeskAgent()
{
    return setCurrentAgent(metaValue(u"desk_agent"_s));
}

QString LocalStore::currentAgentName() const
{
    if (const auto me = signedInAgent())
        return me->name;
    return {};
}

std::optional<Agent> LocalStore::signedInAgent() const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT id, login, name, team_id, role FROM agents WHERE id = :id"_s);
    query.bindValue(u":id"_s, m_currentAgentId);
    if (!query.exec() || !query.next())
        return std::nullopt;
    Agent me;
    me.id = query.value(0).toLongLong();
    me.login = query.value(1).toString();
    me.name = query.value(2).toString();
    me.teamId = query.value(3).toLongLong();
    me.role = fieldFromInt<AgentRole>(query.value(4).toInt());
    return me;
}

// ---- team mode ---------------------------------------------------------------------------------

QString LocalStore::contentSha256(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

QString LocalStore::newClientId()
{
    // UUIDv7: 48 bits of milliseconds, then random bits, so ids sort by creation time.
    std::array<uchar, 16> bytes{};
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    for (int i = 0; i < 6; ++i)
        bytes[i] = uchar(ms >> (8 * (5 - i)));
    QRandomGenerator::system()->generate(bytes.begin() + 6, bytes.end());
    bytes[6] = uchar((bytes[6] & 0x0F) | 0x70);
    bytes[8] = uchar((bytes[8] & 0x3F) | 0x80);
    const QByteArray raw(reinterpret_cast<const char *>(bytes.data()), int(bytes.size()));
    return QUuid::fromRfc4122(raw).toString(QUuid::WithoutBraces);
}

int LocalStore::pendingChanges() const
{
    QSqlQuery query(database());
    return query.exec(u"SELECT count(*) FROM outbox"_s) && query.next() ? query.value(0).toInt() : 0;
}

bool LocalStore::hasPendingClaim(qint64 ticketId) const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT 1 FROM outbox WHERE ticket_id = :t AND name = 'ticket.claim'"_s);
    query.bindValue(u":t"_s, ticketId);
    return query.exec() && query.next();
}

bool LocalStore::enqueue(const QString &name, qint64 ticketId, const QJsonObject &args)
{
    if (!m_teamMode)
        return true;
    QSqlQuery &query = cached(u"INSERT INTO outbox(mutation_id, name, args, ticket_id, created_at)"
                              " VALUES (:id, :name, :args, :ticket, :at)"_s);
    query.bindValue(u":id"_s, newClientId());
    query.bindValue(u":name"_s, name);
    query.bindValue(u":args"_s, QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact)));
    query.bindValue(u":ticket"_s, idOrNull(ticketId)); // 0: about no ticket
    query.bindValue(u":at"_s, nowMs());
    if (!exec(query))
        return false;
    noteOutboxChanged();
    // The change a ticket's history entries of this transaction go with (see shareEvents()).
    // Outside a transaction there is nothing to go with.
    if (!m_work)
        return true;
    const qint64 row = query.lastInsertId().toLongLong();
    if (args.contains(u"ticket_id"_s) || name == u"ticket.create")
        m_work->mutationQueued(ticketId, row);
    if (args.contains(u"target_ticket_id"_s))
        m_work->targetMutationQueued(args.value(u"target_ticket_id"_s).toInteger(), row);
    return true;
}

// ---- tickets ----------------------------------------------------------------------------------

namespace {
constexpr auto ticketColumns =
    "t.id, t.external_id, t.subject, t.channel, t.category, t.priority, t.status, t.customer_id, "
    "t.customer_name,"
    " t.assignee_id, t.assignee_name, t.team_id, coalesce(tm.name, ''), t.created_at, t.updated_at, t.due_at,"
    " t.first_response_at, t.solved_at, t.closed_at, t.message_count, t.escalation_tier, t.archived_at,"
    " coalesce(t.follow_up_of, 0), coalesce(t.merged_into, 0), t.awaiting_reply_since";
}

std::optional<Ticket> LocalStore::readTicket(QSqlQuery &query) const
{
    if (!query.next()) {
        noteSqlError(query.lastError());
        return std::nullopt;
    }
    Ticket t;
    t.id = query.value(0).toLongLong();
    t.externalId = query.value(1).toString();
    t.subject = query.value(2).toString();
    t.channel = fieldFromInt<Channel>(query.value(3).toInt());
    t.category = fieldFromInt<Category>(query.value(4).toInt());
    t.priority = fieldFromInt<Priority>(query.value(5).toInt());
    t.status = fieldFromInt<TicketStatus>(query.value(6).toInt());
    t.customerId = query.value(7).toLongLong();
    t.customerName = query.value(8).toString();
    t.assigneeId = query.value(9).toLongLong();
    t.assigneeName = query.value(10).toString();
    t.teamId = query.value(11).toLongLong();
    t.teamName = query.value(12).toString();
    t.createdAt = fromMs(query.value(13));
    t.updatedAt = fromMs(query.value(14));
    t.dueAt = fromMs(query.value(15));
    t.firstResponseAt = fromMs(query.value(16));
    t.solvedAt = fromMs(query.value(17));
    t.closedAt = fromMs(query.value(18));
    t.messageCount = query.value(19).toInt();
    t.escalationTier = query.value(20).toInt();
    t.archivedAt = fromMs(query.value(21));
    t.followUpOf = query.value(22).toLongLong();
    t.mergedInto = query.value(23).toLongLong();
    t.awaitingReplySince = fromMs(query.value(24));
    return t;
}

std::optional<Ticket> LocalStore::ticketRow(qint64 id) const
{
    // Read for every message written and every row a pane opens: parsed once per connection.
    static const QString sql =
        u"SELECT %1 FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.id = :id"_s.arg(
            QLatin1StringView(ticketColumns));
    QSqlQuery &query = cachedRead(sql);
    query.bindValue(u":id"_s, id);
    if (!query.exec()) {
        noteSqlError(query.lastError());
        query.finish();
        return std::nullopt;
    }
    auto ticket = readTicket(query);
    query.finish(); // no read left open on the connection between calls
    return ticket;
}

std::optional<Ticket> LocalStore::ticket(qint64 id) const
{
    auto t = ticketRow(id);
    if (t)
        t->tags = tags(id);
    return t;
}

std::optional<qint64> LocalStore::ticketIdByExternalId(const QString &externalId) const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT id FROM tickets WHERE external_id = :e"_s);
    query.bindValue(u":e"_s, externalId);
    if (query.exec() && query.next())
        return query.value(0).toLongLong();
    return std::nullopt;
}

QList<Ticket> LocalStore::ticketsOfCustomer(qint64 customerId, int limit) const
{
    QList<Ticket> result;
    QSqlQuery query(database());
    query.prepare(u"SELECT %1 FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.customer_id = :c"
                  " ORDER BY t.created_at DESC LIMIT :limit"_s.arg(QLatin1StringView(ticketColumns)));
    query.bindValue(u":c"_s, customerId);
    query.bindValue(u":limit"_s, limit);
    if (!query.exec()) {
        noteSqlError(query.lastError());
        return result;
    }
    while (auto t = readTicket(query))
        result.append(*t);
    return result;
}

QList<Message> LocalStore::messages(qint64 ticketId, qint64 afterMessageId) const
{
    QList<Message> result;
    QSqlQuery query(database());
    // A ticket's thread includes those of the duplicates merged into it (and into them).
    query.prepare(u"WITH RECURSIVE thread(id) AS (SELECT :t UNION SELECT d.id FROM tickets d"
                  " JOIN thread ON d.merged_into = thread.id)"
                  " SELECT m.id, m.kind, m.author_agent_id, m.author_name, m.body, m.created_at,"
                  " a.id, a.name, a.mime_type, a.size, m.ticket_id, coalesce(a.sha256, ''), a.content IS NOT NULL"
                  " FROM messages m LEFT JOIN attachments a ON a.message_id = m.id"
                  " WHERE m.ticket_id IN thread AND m.id > :after ORDER BY %1, a.id"_s.arg(
                      // A whole thread in the order it was written (a team desk may fetch older
                      // messages after newer ones); what came since, in arrival order.
                      afterMessageId > 0 ? u"m.id"_s : u"m.created_at, m.id"_s));
    query.bindValue(u":t"_s, ticketId);
    query.bindValue(u":after"_s, afterMessageId);
    if (!query.exec()) {
        noteSqlError(query.lastError());
        return result;
    }
    // A damaged page ends the thread early: noted below, so the window says so.
    const auto noteEnd = qScopeGuard([&query, this] { noteSqlError(query.lastError()); });
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        if (result.isEmpty() || result.back().id != id) {
            Message m;
            m.id = id;
            m.ticketId = query.value(10).toLongLong();
            m.kind = fieldFromInt<MessageKind>(query.value(1).toInt());
            m.authorAgentId = query.value(2).toLongLong();
            m.authorName = query.value(3).toString();
            m.body = query.value(4).toString();
            m.createdAt = fromMs(query.value(5));
            result.append(m);
        }
        if (!query.value(6).isNull()) {
            Attachment a;
            a.id = query.value(6).toLongLong();
            a.messageId = id;
            a.name = query.value(7).toString();
            a.mimeType = query.value(8).toString();
            a.size = query.value(9).toLongLong();
            a.sha256 = query.value(11).toString();
            a.local = query.value(12).toBool();
            result.back().attachments.append(a);
        }
    }
    return result;
}

qint64 LocalStore::lastMessageId(qint64 ticketId) const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT coalesce(max(id), 0) FROM messages WHERE ticket_id = :t"_s);
    query.bindValue(u":t"_s, ticketId);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

std::optional<Attachment> LocalStore::attachment(qint64 attachmentId) const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT id, message_id, name, mime_type, size, content, coalesce(sha256, ''),"
                  " content IS NOT NULL FROM attachments WHERE id = :id"_s);
    query.bindValue(u":id"_s, attachmentId);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return Attachment{query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toString(),
                      query.value(3).toString(),   query.value(4).toLongLong(), query.value(5).toByteArray(),
                      query.value(6).toString(),   query.value(7).toBool()};
}

QStringList LocalStore::tags(qint64 ticketId) const
{
    QStringList result;
    QSqlQuery &query = cachedRead(u"SELECT tag FROM ticket_tags WHERE ticket_id = :t ORDER BY tag"_s);
    query.bindValue(u":t"_s, ticketId);
    if (!query.exec())
        noteSqlError(query.lastError());
    while (query.next())
        result.append(query.value(0).toString());
    query.finish();
    return result;
}

QStringList LocalStore::knownTags() const
{
    QStringList result;
    QSqlQuery query(database());
    query.exec(u"SELECT DISTINCT tag FROM ticket_tags ORDER BY tag LIMIT 500"_s);
    while (query.next())
        result.append(query.value(0).toString());
    return result;
}

QList<AuditEvent> LocalStore::auditEvents(qint64 ticketId) const
{
    QList<AuditEvent> result;
    QSqlQuery query(database());
    query.prepare(u"SELECT e.id, e.agent_id, coalesce(a.name, ''), e.action, e.detail, e.at FROM audit_events e"
                  " LEFT JOIN agents a ON a.id = e.agent_id WHERE e.ticket_id = :t ORDER BY e.at, e.id"_s);
    query.bindValue(u":t"_s, ticketId);
    query.exec();
    while (query.next()) {
        result.append({query.value(0).toLongLong(), ticketId, query.value(1).toLongLong(), query.value(2).toString(),
                       query.value(3).toString(), query.value(4).toString(), fromMs(query.value(5))});
    }
    return result;
}

bool LocalStore::audit(qint64 ticketId, const QString &action, const QString &detail)
{
    // In team mode an entry about a ticket goes to the server with the change it records.
    const bool shared = m_teamMode && ticketId > 0 && m_work;
    const QString clientId = shared ? newClientId() : QString();
    const qint64 at = nowMs();
    QSqlQuery &query = cached(u"INSERT INTO audit_events(ticket_id, agent_id, action, detail, at, client_id)"
                              " VALUES (:t, :a, :action, :detail, :at, :client)"_s);
    query.bindValue(u":t"_s, idOrNull(ticketId)); // 0: about the store, not one ticket (a purge)
    query.bindValue(u":a"_s, idOrNull(m_currentAgentId));
    query.bindValue(u":action"_s, action);
    query.bindValue(u":detail"_s, text(detail));
    query.bindValue(u":at"_s, at);
    query.bindValue(u":client"_s, shared ? QVariant(clientId) : QVariant(QMetaType::fromType<QString>()));
    if (!exec(query))
        return false;
    if (shared) {
        m_work->shareEvent(
            ticketId,
            QJsonObject{{u"client_id"_s, clientId}, {u"action"_s, action}, {u"detail"_s, detail}, {u"at"_s, at}});
    }
    // Every change to a ticket leaves a history entry: so this is where its row is noted.
    if (ticketId > 0)
        noteTicketsChanged({ticketId});
    return true;
}

bool LocalStore::shareEvents()
{
    const QHash<qint64, QJsonArray> events = m_work->takeEventsToShare();
    QHash<qint64, QJsonArray> attached; // outbox row → its events
    for (auto it = events.cbegin(); it != events.cend(); ++it) {
        if (const qint64 row = m_work->mutationRowOf(it.key())) {
            for (const QJsonValue &event : it.value())
                attached[row].append(event);
        } else if (const qint64 row = m_work->targetMutationRowOf(it.key())) {
            for (const QJsonValue &event : it.value()) {
                QJsonObject onTarget = event.toObject();
                onTarget.insert(u"on"_s, u"target"_s);
                attached[row].append(onTarget);
            }
        } else if (!enqueue(u"ticket.record_events"_s, it.key(),
                            QJsonObject{{u"ticket_id"_s, it.key()}, {u"events"_s, it.value()}})) {
            return false;
        }
    }
    for (auto it = attached.cbegin(); it != attached.cend(); ++it) {
        QSqlQuery attach =
            prepare(u"UPDATE outbox SET args = json_set(args, '$.events', json(:events)) WHERE id = :row"_s);
        attach.bindValue(u":events"_s, QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact)));
        attach.bindValue(u":row"_s, it.key());
        if (!exec(attach))
            return false;
    }
    return true;
}

bool LocalStore::insertSearchDoc(qint64 ticketId, qint64 messageId, const QString &text)
{
    QSqlQuery &doc = cached(u"INSERT INTO search_docs(ticket_id, message_id) VALUES (:t, :m)"_s);
    doc.bindValue(u":t"_s, ticketId);
    doc.bindValue(u":m"_s, idOrNull(messageId));
    if (!exec(doc))
        return false;
    QSqlQuery &index = cached(u"INSERT INTO search_index(rowid, text) VALUES (:id, :text)"_s);
    index.bindValue(u":id"_s, doc.lastInsertId());
    index.bindValue(u":text"_s, SearchText::indexText(text));
    return exec(index);
}

std::optional<qint64> LocalStore::createTicket(const NewTicketInput &input)
{
    const QString subject = input.subject.simplified();
    if (subject.isEmpty()) {
        setError(tr("A ticket needs a subject."));
        return std::nullopt;
    }
    const auto owner = CustomerStore(*this).customer(input.customerId);
    if (!owner) {
        setError(tr("Choose or create the customer first."));
        return std::nullopt;
    }
    std::optional<qint64> ticketId;
    const qint64 now = nowMs();
    const bool ok = transaction([&] {
        QSqlQuery &query =
            cached(u"INSERT INTO tickets(client_id, external_id, subject, channel, category, priority, status,"
                   " customer_id, customer_name, assignee_id, assignee_name, team_id, created_at, updated_at, due_at,"
                   " sla_since) VALUES (:client, :ext, :subject, :channel, :category, :priority, :status, :customer,"
                   " :cname, :assignee, :aname, coalesce(:team, (SELECT team_id FROM agents WHERE id = :assignee2)),"
                   " :now, :now2,"
                   " :due, :since)"_s);
        const QString ticketClientId = m_teamMode ? newClientId() : QString();
        query.bindValue(u":client"_s, textOrNull(ticketClientId));
        const bool mine = input.assignToMe && m_currentAgentId > 0;
        const TicketStatus status = mine ? TicketStatus::Open : TicketStatus::New;
        query.bindValue(u":ext"_s, input.externalId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                              : QVariant(input.externalId));
        query.bindValue(u":subject"_s, subject);
        query.bindValue(u":channel"_s, int(input.channel));
        query.bindValue(u":category"_s, int(input.category));
        query.bindValue(u":priority"_s, int(input.priority));
        query.bindValue(u":status"_s, int(status));
        query.bindValue(u":customer"_s, owner->id);
        query.bindValue(u":cname"_s, owner->name);
        query.bindValue(u":assignee"_s, mine ? QVariant(m_currentAgentId) : idOrNull(0));
        query.bindValue(u":aname"_s, text(mine ? currentAgentName() : QString()));
        query.bindValue(u":assignee2"_s, mine ? QVariant(m_currentAgentId) : idOrNull(0));
        query.bindValue(u":team"_s, idOrNull(input.teamId));
        query.bindValue(u":now"_s, now);
        query.bindValue(u":now2"_s, now);
        // Both statuses a ticket starts in let its service clock run from now.
        const SlaSchedule::Clock clock{0, now, std::nullopt};
        query.bindValue(u":due"_s, m_sla.dueAt(clock, input.channel, input.priority, status, false));
        query.bindValue(u":since"_s, now);
        if (!exec(query))
            return false;
        ticketId = query.lastInsertId().toLongLong();
        if (!insertSearchDoc(*ticketId, 0, subject))
            return false;
        for (const QString &tag : input.tags) {
            QSqlQuery &tagQuery = cached(u"INSERT OR IGNORE INTO ticket_tags(ticket_id, tag) VALUES (:t, :tag)"_s);
            tagQuery.bindValue(u":t"_s, *ticketId);
            tagQuery.bindValue(u":tag"_s, tag.trimmed().toLower());
            if (!exec(tagQuery))
                return false;
        }
        if (!audit(*ticketId, u"create"_s, fieldKey(input.channel)))
            return false;
        const QString messageClientId = m_teamMode ? newClientId() : QString();
        if (m_teamMode) {
            QJsonObject customerArgs;
            QSqlQuery known = prepare(u"SELECT server_id FROM customers WHERE id = :id AND server_id IS NOT NULL"_s);
            known.bindValue(u":id"_s, owner->id);
            if (!exec(known))
                return false;
            if (known.next()) {
                customerArgs.insert(u"id"_s, known.value(0).toLongLong());
            } else {
                // Made at this desk: the server creates it with the ticket.
                customerArgs = QJsonObject{{u"name"_s, owner->name},
                                           {u"email"_s, owner->email},
                                           {u"phone"_s, owner->phone},
                                           {u"username"_s, owner->username},
                                           {u"external_id"_s, owner->externalId}};
            }
            QJsonObject args{{u"client_id"_s, ticketClientId},
                             {u"subject"_s, subject},
                             {u"channel"_s, int(input.channel)},
                             {u"category"_s, int(input.category)},
                             {u"priority"_s, int(input.priority)},
                             {u"body"_s, input.firstMessage.trimmed().isEmpty() ? QString() : input.firstMessage},
                             {u"message_client_id"_s, messageClientId},
                             {u"created_at"_s, now},
                             {u"customer"_s, customerArgs}};
            if (!input.externalId.isEmpty())
                args.insert(u"external_id"_s, input.externalId);
            // The server hands new tickets out automatically unless their creator takes them.
            if (mine)
                args.insert(u"assign_to_me"_s, true);
            if (!enqueue(u"ticket.create"_s, *ticketId, args))
                return false;
            if (mine && !enqueue(u"ticket.claim"_s, *ticketId, {{u"ticket_id"_s, *ticketId}}))
                return false;
            for (const QString &tag : input.tags) {
                if (!enqueue(u"ticket.add_tag"_s, *ticketId,
                             {{u"ticket_id"_s, *ticketId}, {u"tag"_s, tag.trimmed().toLower()}}))
                    return false;
            }
        }
        if (!input.firstMessage.trimmed().isEmpty()) {
            QSqlQuery message =
                prepare(u"INSERT INTO messages(client_id, ticket_id, kind, author_name, body, created_at)"
                        " VALUES (:client, :t, :kind, :author, :body, :at)"_s);
            message.bindValue(u":client"_s, textOrNull(messageClientId));
            message.bindValue(u":t"_s, *ticketId);
            message.bindValue(u":kind"_s, int(MessageKind::Customer));
            message.bindValue(u":author"_s, owner->name);
            message.bindValue(u":body"_s, input.firstMessage);
            message.bindValue(u":at"_s, now);
            if (!exec(message))
                return false;
            const qint64 messageId = message.lastInsertId().toLongLong();
            QSqlQuery count = prepare(u"UPDATE tickets SET message_count = 1 WHERE id = :t"_s);
            count.bindValue(u":t"_s, *ticketId);
            if (!exec(count) || !insertSearchDoc(*ticketId, messageId, input.firstMessage))
                return false;
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return ticketId;
}

bool LocalStore::assign(qint64 ticketId, qint64 agentId)
{
    const auto before = ticketRow(ticketId);
    if (!before) {
        setError(tr("The ticket no longer exists."));
        return false;
    }
    std::optional<Agent> assignee;
    if (agentId > 0) {
        assignee = PeopleStore(*this).agent(agentId);
        if (!assignee) {
            setError(tr("Unknown agent."));
            return false;
        }
    }
    const bool ok = transaction([&] {
        // Taking a new ticket starts work on it.
        const TicketStatus status =
            (assignee && before->status == TicketStatus::New) ? TicketStatus::Open : before->status;
        QSqlQuery query = prepare(u"UPDATE tickets SET assignee_id = :a, assignee_name = :name,"
                                  " team_id = coalesce(:team, team_id), status = :status, updated_at = :now"
                                  " WHERE id = :id"_s);
        query.bindValue(u":a"_s, idOrNull(agentId));
        query.bindValue(u":name"_s, text(assignee ? assignee->name : QString()));
        query.bindValue(u":team"_s, assignee ? idOrNull(assignee->teamId) : idOrNull(0));
        query.bindValue(u":status"_s, int(status));
        query.bindValue(u":now"_s, nowMs());
        query.bindValue(u":id"_s, ticketId);
        if (!exec(query) || !audit(ticketId, u"assign"_s, text(assignee ? assignee->login : QString())))
            return false;
        // Taking an unassigned ticket is a claim the server decides; anything else is a reassignment.
        const bool claim = agentId > 0 && agentId == m_currentAgentId && before->assigneeId == 0;
        return claim ? enqueue(u"ticket.claim"_s, ticketId, {{u"ticket_id"_s, ticketId}})
                     : enqueue(u"ticket.assign"_s, ticketId,
                               {{u"ticket_id"_s, ticketId},
                                {u"agent_id"_s, agentId > 0 ? QJsonValue(agentId) : QJsonValue()}});
    });
    return ok;
}

template<typename E>
bool LocalStore::setTicketField(qint64 ticketId, const char *columnName, const QString &action, E value)
{
    const bool ok = transaction([&] {
        // Priority and category remember who set them (team mode tells an overridden agent).
        const QString column = QLatin1StringView(columnName);
        const bool tracked = column == u"priority" || column == u"category";
        QSqlQuery query =
            prepare(tracked ? u"UPDATE tickets SET %1 = :v, %1_set_by = :me, updated_at = :now"
                              " WHERE id = :id"_s.arg(column)
                            : u"UPDATE tickets SET %1 = :v, updated_at = :now WHERE id = :id"_s.arg(column));
        if (tracked)
            query.bindValue(u":me"_s, idOrNull(m_currentAgentId));
        query.bindValue(u":v"_s, int(value));
        query.bindValue(u":now"_s, nowMs());
        query.bindValue(u":id"_s, ticketId);
        if (!exec(query))
            return false;
        if (query.numRowsAffected() == 0) {
            setError(tr("The ticket no longer exists."));
            return false;
        }
        return audit(ticketId, action, fieldKey(value)) && touchTicket(ticketId) &&
               enqueue(u"ticket.set_"_s + action, ticketId, {{u"ticket_id"_s, ticketId}, {column, int(value)}});
    });
    return ok;
}

// Recomputes the columns that follow from others: the service clock (started or stopped by
// the status), the running deadline, and the solve and close times.
bool LocalStore::touchTicket(qint64 ticketId)
{
    const auto t = ticketRow(ticketId);
    if (!t)
        return false;
    const qint64 now = nowMs();
    const auto held = slaClock(ticketId);
    if (!held)
        return false;
    const SlaSchedule::Clock clock = m_sla.reconciled(*held, t->status, now);
    QSqlQuery &query = cached(u"UPDATE tickets SET due_at = :due, sla_elapsed_ms = :elapsed, sla_since = :since,"
                              " solved_at = CASE WHEN :solved THEN coalesce(solved_at, :now) ELSE NULL END,"
                              " closed_at = CASE WHEN :closed THEN coalesce(closed_at, :now2) ELSE NULL END,"
                              " awaiting_reply_since = :awaiting WHERE id = :id"_s);
    query.bindValue(u":due"_s, m_sla.dueAt(clock, t->channel, t->priority, t->status, t->firstResponseAt.isValid()));
    query.bindValue(u":awaiting"_s, clock.awaitingReplySinceOrNull());
    query.bindValue(u":elapsed"_s, clock.elapsedMs);
    query.bindValue(u":since"_s, clock.runningSinceOrNull());
    query.bindValue(u":solved"_s, t->status == TicketStatus::Solved || t->status == TicketStatus::Closed);
    query.bindValue(u":closed"_s, t->status == TicketStatus::Closed);
    query.bindValue(u":now"_s, now);
    query.bindValue(u":now2"_s, now);
    query.bindValue(u":id"_s, ticketId);
    return exec(query);
}

bool LocalStore::reassign(const QList<qint64> &ticketIds, qint64 agentId)
{
    if (!signedInAsManager()) {
        setError(tr("Only a supervisor or an administrator can reassign tickets."));
        return false;
    }
    if (!PeopleStore(*this).agent(agentId)) {
        setError(tr("There is no agent to give the tickets to."));
        return false;
    }
    return transaction([&] {
        for (qint64 id : ticketIds) {
            if (!assign(id, agentId))
                return false;
        }
        return true;
    });
}

bool LocalStore::moveToTeam(const QList<qint64> &ticketIds, qint64 teamId)
{
    if (!signedInAsManager()) {
        setError(tr("Only a supervisor or an administrator can move tickets to another team."));
        return false;
    }
    const auto target = PeopleStore(*this).team(teamId);
    if (!target) {
        setError(tr("There is no such team."));
        return false;
    }
    const QString teamName = target->name;
    const bool ok = transaction([&] {
        for (qint64 id : ticketIds) {
            const auto before = ticketRow(id);
            if (!before) {
                setError(tr("The ticket no longer exists."));
                return false;
            }
            if (before->status >= TicketStatus::Solved) {
                setError(tr("%1 is solved or closed and stays where it was solved.").arg(before->displayId()));
                return false;
            }
            QSqlQuery move = prepare(u"UPDATE tickets SET team_id = :team, assignee_id = NULL, assignee_name = '',"
                                     " updated_at = :now WHERE id = :id"_s);
            move.bindValue(u":team"_s, teamId);
            move.bindValue(u":now"_s, nowMs());
            move.bindValue(u":id"_s, id);
            if (!exec(move) || !audit(id, u"team"_s, teamName) ||
                !enqueue(u"ticket.move_to_team"_s, id, {{u"ticket_id"_s, id}, {u"team_id"_s, teamId}}))
                return false;
        }
        return true;
    });
    return ok;
}

bool LocalStore::setStatus(qint64 ticketId, TicketStatus status)
{
    // Checked and written in one transaction, so the sync engine cannot move it in between.
    return transaction([&] {
        const auto before = ticketRow(ticketId);
        if (!before) {
            setError(tr("The ticket no longer exists."));
            return false;
        }
        if (!TicketLifecycle::canChange(before->status, status)) {
            setError(TicketLifecycle::refusal(before->status, status));
            return false;
        }
        return before->status == status || setTicketField(ticketId, "status", u"status"_s, status);
    });
}

std::optional<QList<qint64>> LocalStore::closeSolvedBefore(qint64 solvedBeforeMs, const QString &reason, int limit)
{
    QList<qint64> closed;
    const bool ok = transaction([&] {
        QSqlQuery due = prepare(u"SELECT id FROM tickets WHERE status = :solved AND solved_at <= :before"
                                " ORDER BY solved_at LIMIT :limit"_s);
        due.bindValue(u":solved"_s, int(TicketStatus::Solved));
        due.bindValue(u":before"_s, solvedBeforeMs);
        due.bindValue(u":limit"_s, limit);
        if (!exec(due))
            return false;
        while (due.next())
            closed << due.value(0).toLongLong();
        due.finish();
        const qint64 now = nowMs();
        for (qint64 id : std::as_const(closed)) {
            // The close time follows from the status (touchTicket), like the stopped clock.
            QSqlQuery close = prepare(u"UPDATE tickets SET status = :closed, updated_at = :now WHERE id = :id"_s);
            close.bindValue(u":closed"_s, int(TicketStatus::Closed));
            close.bindValue(u":now"_s, now);
            close.bindValue(u":id"_s, id);
            if (!exec(close) || !touchTicket(id) || !audit(id, u"auto_close"_s, reason) ||
                !enqueue(u"ticket.set_status"_s, id, {{u"ticket_id"_s, id}, {u"status"_s, int(TicketStatus::Closed)}}))
                return false;
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return closed;
}

bool LocalStore::setPriority(qint64 ticketId, Priority priority)
{
    return setTicketField(ticketId, "priority", u"priority"_s, priority);
}

bool LocalStore::setCategory(qint64 ticketId, Category category)
{
    return setTicketField(ticketId, "category", u"category"_s, category);
}

bool LocalStore::addTag(qint64 ticketId, const QString &rawTag)
{
    const QString tag = rawTag.trimmed().toLower();
    if (tag.isEmpty() || tag.contains(u' ')) {
        setError(tr("A tag is one word without spaces."));
        return false;
    }
    const bool ok = transaction([&] {
        QSqlQuery query = prepare(u"INSERT OR IGNORE INTO ticket_tags(ticket_id, tag) VALUES (:t, :tag)"_s);
        query.bindValue(u":t"_s, ticketId);
        query.bindValue(u":tag"_s, tag);
        if (!exec(query))
            return false;
        if (query.numRowsAffected() == 0)
            return true;
        QSqlQuery touch = prepare(u"UPDATE tickets SET updated_at = :now WHERE id = :id"_s);
        touch.bindValue(u":now"_s, nowMs());
        touch.bindValue(u":id"_s, ticketId);
        return exec(touch) && audit(ticketId, u"tag_add"_s, tag) &&
               enqueue(u"ticket.add_tag"_s, ticketId, {{u"ticket_id"_s, ticketId}, {u"tag"_s, tag}});
    });
    return ok;
}

bool LocalStore::removeTag(qint64 ticketId, const QString &tag)
{
    const bool ok = transaction([&] {
        QSqlQuery query = prepare(u"DELETE FROM ticket_tags WHERE ticket_id = :t AND tag = :tag"_s);
        query.bindValue(u":t"_s, ticketId);
        query.bindValue(u":tag"_s, tag);
        if (!exec(query))
            return false;
        if (query.numRowsAffected() == 0)
            return true;
        QSqlQuery touch = prepare(u"UPDATE tickets SET updated_at = :now WHERE id = :id"_s);
        touch.bindValue(u":now"_s, nowMs());
        touch.bindValue(u":id"_s, ticketId);
        return exec(touch) && audit(ticketId, u"tag_remove"_s, tag) &&
               enqueue(u"ticket.remove_tag"_s, ticketId, {{u"ticket_id"_s, ticketId}, {u"tag"_s, tag}});
    });
    return ok;
}

std::optional<qint64> LocalStore::addMessage(qint64 ticketId, MessageKind kind, const QString &body,
                                             const QList<AttachmentInput> &attachments, StatusRule rule)
{
    if (body.trimmed().isEmpty() && attachments.isEmpty()) {
        setError(tr("The message is empty."));
        return std::nullopt;
    }
    for (const AttachmentInput &a : attachments) {
        if (a.content.size() > maxAttachmentBytes) {
            setError(tr("\"%1\" is %2 MB; attachments may be at most %3 MB.")
                         .arg(a.name)
                         .arg(double(a.content.size()) / (1024 * 1024), 0, 'f', 1)
                         .arg(maxAttachmentBytes / (1024 * 1024)));
            return std::nullopt;
        }
    }
    const auto before = ticketRow(ticketId);
    if (!before) {
        setError(tr("The ticket no longer exists."));
        return std::nullopt;
    }
    if (TicketLifecycle::isFinal(before->status)) {
        setError(tr("%1 is closed and takes no more messages.").arg(before->displayId()));
        return std::nullopt;
    }
    QString author;
    qint64 authorId = 0;
    if (kind == MessageKind::Customer) {
        author = before->customerName;
    } else {
        authorId = m_currentAgentId;
        author = currentAgentName();
    }
    std::optional<qint64> messageId;
    const qint64 now = nowMs();
    const bool ok = transaction([&] {
        QSqlQuery &query = cached(u"INSERT INTO messages(client_id, ticket_id, kind, author_agent_id,"
                                  " author_name, body, created_at)"
                                  " VALUES (:client, :t, :kind, :agent, :author, :body, :at)"_s);
        const QString clientId = m_teamMode ? newClientId() : QString();
        query.bindValue(u":client"_s, textOrNull(clientId));
        query.bindValue(u":t"_s, ticketId);
        query.bindValue(u":kind"_s, int(kind));
        query.bindValue(u":agent"_s, idOrNull(authorId));
        query.bindValue(u":author"_s, text(author));
        query.bindValue(u":body"_s, text(body)); // a message may be its files alone
        query.bindValue(u":at"_s, now);
        if (!exec(query))
            return false;
        messageId = query.lastInsertId().toLongLong();
        // The files go up with the message, each named by its SHA-256 (SyncEngine puts their
        // bytes on the server first).
        QJsonArray files;
        for (const AttachmentInput &a : attachments) {
            const QString sha256 = contentSha256(a.content);
            QSqlQuery &attach = cached(u"INSERT INTO attachments(message_id, name, mime_type, size, content, sha256)"
                                       " VALUES (:m, :name, :type, :size, :content, :sha256)"_s);
            attach.bindValue(u":m"_s, *messageId);
            attach.bindValue(u":name"_s, a.name);
            attach.bindValue(u":type"_s, a.mimeType);
            attach.bindValue(u":size"_s, qint64(a.content.size()));
            // A null QByteArray binds as SQL NULL: an empty file is a zero-length blob.
            attach.bindValue(u":content"_s, a.content.isNull() ? QByteArray("", 0) : a.content);
            attach.bindValue(u":sha256"_s, sha256);
            if (!exec(attach))
                return false;
            files.append(QJsonObject{{u"name"_s, a.name}, {u"mime_type"_s, a.mimeType}, {u"sha256"_s, sha256}});
        }
        const bool publicReply = kind == MessageKind::Agent;
        const bool keep = rule == StatusRule::KeepStatus;
        const TicketStatus status = keep ? before->status : TicketLifecycle::afterMessage(before->status, kind);
        QSqlQuery &update =
            cached(u"UPDATE tickets SET message_count = message_count + 1, updated_at = :now, status = :status,"
                   " first_response_at = CASE WHEN :public THEN coalesce(first_response_at, :now2)"
                   " ELSE first_response_at END,"
                   // The next-response clock: started by the customer once answered, stopped by a reply.
                   " awaiting_reply_since = CASE WHEN :public2 THEN NULL WHEN :customer AND first_response_at"
                   " IS NOT NULL THEN coalesce(awaiting_reply_since, :now3) ELSE awaiting_reply_since END"
                   " WHERE id = :id"_s);
        update.bindValue(u":now"_s, now);
        update.bindValue(u":status"_s, int(status));
        update.bindValue(u":public"_s, publicReply);
        update.bindValue(u":now2"_s, now);
        update.bindValue(u":public2"_s, publicReply);
        update.bindValue(u":customer"_s, kind == MessageKind::Customer && !keep);
        update.bindValue(u":now3"_s, now);
        update.bindValue(u":id"_s, ticketId);
        if (!exec(update) || !touchTicket(ticketId))
            return false;
        QString searchable = body;
        for (const AttachmentInput &a : attachments)
            searchable += u' ' + a.name;
        if (!insertSearchDoc(ticketId, *messageId, searchable))
            return false;
        m_work->messageAdded(ticketId, *messageId);
        if (!enqueue(u"message.add"_s, ticketId,
                     {{u"ticket_id"_s, ticketId},
                      {u"client_id"_s, clientId},
                      {u"kind"_s, int(kind)},
                      {u"body"_s, body},
                      {u"created_at"_s, now},
                      {u"attachments"_s, files}}))
            return false;
        if (kind != MessageKind::Customer) {
            if (!audit(ticketId, kind == MessageKind::Note ? u"note"_s : u"reply"_s, QString::number(*messageId)))
                return false;
            if (!DraftStore(*this).clear(ticketId))
                return false;
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return messageId;
}

StoreStats LocalStore::stats() const
{
    StoreStats stats;
    QHash<int, qint64> byStatus;
    QSqlQuery query(database());
    if (query.exec(u"SELECT status, count(*) FROM tickets GROUP BY status"_s)) {
        while (query.next())
            byStatus.insert(query.value(0).toInt(), query.value(1).toLongLong());
    }
    // Every status is listed, those without tickets too; the total is their sum.
    for (TicketStatus status : allFieldValues<TicketStatus>()) {
        const qint64 count = byStatus.value(int(status));
        stats.ticketsByStatus.append({status, count});
        stats.tickets += count;
    }
    if (query.exec(u"SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM customers)"_s) && query.next()) {
        stats.messages = query.value(0).toLongLong();
        stats.customers = query.value(1).toLongLong();
    }
    return stats;
}

void LocalStore::announceMessagesAdded(qint64 ticketId)
{
    Q_EMIT messagesAdded(ticketId, {});
}

void LocalStore::announceTicketsChanged(const QList<qint64> &ticketIds)
{
    if (!ticketIds.isEmpty())
        Q_EMIT ticketsChanged(ticketIds);
}
