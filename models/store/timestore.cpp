#include "timestore.h"

#include "localstore.h"

#include <QJsonObject>
#include <QSqlQuery>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

QString trimmedText(const QString &value)
{
    const QString trimmed = value.trimmed();
    return trimmed.isNull() ? u""_s : trimmed;
}

} // namespace

TimeStore::TimeStore(LocalStore &store)
    : m_store(store)
{}

bool TimeStore::checkDuration(qint64 durationMs)
{
    if (durationMs <= 0 || durationMs > maxEntryMs) {
        m_store.setError(tr("A time entry is more than nothing and at most 24 hours."));
        return false;
    }
    return true;
}

std::optional<qint64> TimeStore::insertEntry(qint64 ticketId, qint64 startedAtMs, qint64 durationMs,
                                             const QString &note, bool manual)
{
    const qint64 me = m_store.currentAgentId();
    const QString clientId = m_store.teamMode() ? LocalStore::newClientId() : QString();
    QSqlQuery insert = m_store.prepare(u"INSERT INTO time_entries (ticket_id, agent_id, started_at, duration_ms,"
                                       " note, manual, client_id) VALUES (:t, :me, :start, :duration, :note,"
                                       " :manual, :client)"_s);
    insert.bindValue(u":t"_s, ticketId);
    insert.bindValue(u":me"_s, me > 0 ? QVariant(me) : QVariant(QMetaType::fromType<qint64>()));
    insert.bindValue(u":start"_s, startedAtMs);
    insert.bindValue(u":duration"_s, durationMs);
    insert.bindValue(u":note"_s, trimmedText(note));
    insert.bindValue(u":manual"_s, manual);
    insert.bindValue(u":client"_s, clientId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : clientId);
    if (!m_store.exec(insert))
        return std::nullopt;
    const qint64 id = insert.lastInsertId().toLongLong();
    if (!m_store.enqueue(u"time.add"_s, ticketId,
                         {{u"ticket_id"_s, ticketId},
                          {u"client_id"_s, clientId},
                          {u"started_at"_s, startedAtMs},
                          {u"duration_ms"_s, durationMs},
                          {u"note"_s, trimmedText(note)},
                          {u"manual"_s, manual}}))
        return std::nullopt;
    return id;
}

// The entry as it is now, for the server: the last change of an entry wins there too.
bool TimeStore::enqueueChange(const QString &name, qint64 entryId)
{
    if (!m_store.teamMode())
        return true;
    QSqlQuery entry = m_store.prepare(u"SELECT ticket_id, coalesce(client_id, ''), duration_ms, note, manual"
                                      " FROM time_entries WHERE id = :id"_s);
    entry.bindValue(u":id"_s, entryId);
    if (!m_store.exec(entry))
        return false;
    if (!entry.next()) {
        m_store.setError(tr("The time entry was deleted meanwhile."));
        return false;
    }
    QJsonObject args{{u"ticket_id"_s, entry.value(0).toLongLong()}, {u"client_id"_s, entry.value(1).toString()}};
    if (name == u"time.update") {
        args.insert(u"duration_ms"_s, entry.value(2).toLongLong());
        args.insert(u"note"_s, entry.value(3).toString());
        args.insert(u"manual"_s, entry.value(4).toBool());
    }
    return m_store.enqueue(name, entry.value(0).toLongLong(), args);
}

bool TimeStore::addAutomatic(qint64 ticketId, qint64 startedAtMs, qint64 durationMs)
{
    if (durationMs <= 0)
        return true;
    const qint64 me = m_store.currentAgentId();
    const bool ok = m_store.transaction([&] {
        QSqlQuery last = m_store.prepare(
            u"SELECT id, started_at + duration_ms FROM time_entries WHERE ticket_id = :t AND agent_id = :me"
            " AND manual = 0 ORDER BY started_at + duration_ms DESC LIMIT 1"_s);
        last.bindValue(u":t"_s, ticketId);
        last.bindValue(u":me"_s, me);
        if (!m_store.exec(last))
            return false;
        if (last.next()) {
            const qint64 entryId = last.value(0).toLongLong();
            const qint64 endedAt = last.value(1).toLongLong();
            if (std::abs(startedAtMs - endedAt) <= continueWithinMs) {
                QSqlQuery extend =
                    m_store.prepare(u"UPDATE time_entries SET duration_ms = :end - started_at WHERE id = :id"_s);
                extend.bindValue(u":end"_s, startedAtMs + durationMs);
                extend.bindValue(u":id"_s, entryId);
                return m_store.exec(extend) && enqueueChange(u"time.update"_s, entryId);
            }
        }
        return insertEntry(ticketId, startedAtMs, durationMs, QString(), false).has_value();
    });
    return ok;
}

std::optional<qint64> TimeStore::addManual(qint64 ticketId, qint64 durationMs, const QString &note)
{
    if (!checkDuration(durationMs))
        return std::nullopt;
    if (!m_store.ticket(ticketId)) {
        m_store.setError(tr("The ticket no longer exists."));
        return std::nullopt;
    }
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        id = insertEntry(ticketId, m_store.nowMs() - durationMs, durationMs, note, true);
        return id && m_store.audit(ticketId, u"time"_s, QString::number(durationMs / 60000));
    });
    return ok ? id : std::nullopt;
}

bool TimeStore::update(qint64 entryId, qint64 durationMs, const QString &note)
{
    if (!checkDuration(durationMs))
        return false;
    const bool ok = m_store.transaction([&] {
        // An edited automatic entry becomes the agent's own statement, never extended again.
        QSqlQuery update = m_store.prepare(
            u"UPDATE time_entries SET duration_ms = :duration, note = :note, manual = 1 WHERE id = :id"_s);
        update.bindValue(u":duration"_s, durationMs);
        update.bindValue(u":note"_s, trimmedText(note));
        update.bindValue(u":id"_s, entryId);
        if (!m_store.exec(update))
            return false;
        if (update.numRowsAffected() == 0) {
            m_store.setError(tr("The time entry was deleted meanwhile."));
            return false;
        }
        return enqueueChange(u"time.update"_s, entryId);
    });
    return ok;
}

bool TimeStore::remove(qint64 entryId)
{
    const bool ok = m_store.transaction([&] {
        if (!enqueueChange(u"time.remove"_s, entryId))
            return false;
        QSqlQuery remove = m_store.prepare(u"DELETE FROM time_entries WHERE id = :id"_s);
        remove.bindValue(u":id"_s, entryId);
        return m_store.exec(remove);
    });
    return ok;
}

QList<TimeEntry> TimeStore::entries(qint64 ticketId) const
{
    QList<TimeEntry> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT e.id, e.ticket_id, coalesce(e.agent_id, 0), coalesce(a.name, ''), e.started_at,"
                  " e.duration_ms, e.note, e.manual FROM time_entries e LEFT JOIN agents a ON a.id = e.agent_id"
                  " WHERE e.ticket_id = :t ORDER BY e.started_at, e.id"_s);
    query.bindValue(u":t"_s, ticketId);
    if (!query.exec())
        return result;
    while (query.next()) {
        result.append({query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toLongLong(),
                       query.value(3).toString(), QDateTime::fromMSecsSinceEpoch(query.value(4).toLongLong(), Qt::UTC),
                       query.value(5).toLongLong(), query.value(6).toString(), query.value(7).toBool()});
    }
    return result;
}

qint64 TimeStore::totalMs(qint64 ticketId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT coalesce(sum(duration_ms), 0) FROM time_entries WHERE ticket_id = :t"_s);
    query.bindValue(u":t"_s, ticketId);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

QString TimeStore::durationText(qint64 ms)
{
    const qint64 minutes = (ms + 30000) / 60000;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}
