#include "timestore.h"

#include "localstore.h"

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
            const qint64 endedAt = last.value(1).toLongLong();
            if (std::abs(startedAtMs - endedAt) <= continueWithinMs) {
                QSqlQuery extend =
                    m_store.prepare(u"UPDATE time_entries SET duration_ms = :end - started_at WHERE id = :id"_s);
                extend.bindValue(u":end"_s, startedAtMs + durationMs);
                extend.bindValue(u":id"_s, last.value(0).toLongLong());
                return m_store.exec(extend);
            }
        }
        QSqlQuery insert = m_store.prepare(u"INSERT INTO time_entries (ticket_id, agent_id, started_at, duration_ms,"
                                           " manual) VALUES (:t, :me, :start, :duration, 0)"_s);
        insert.bindValue(u":t"_s, ticketId);
        insert.bindValue(u":me"_s, me > 0 ? QVariant(me) : QVariant(QMetaType::fromType<qint64>()));
        insert.bindValue(u":start"_s, startedAtMs);
        insert.bindValue(u":duration"_s, durationMs);
        return m_store.exec(insert);
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
        QSqlQuery insert = m_store.prepare(u"INSERT INTO time_entries (ticket_id, agent_id, started_at, duration_ms,"
                                           " note, manual) VALUES (:t, :me, :start, :duration, :note, 1)"_s);
        insert.bindValue(u":t"_s, ticketId);
        const qint64 me = m_store.currentAgentId();
        insert.bindValue(u":me"_s, me > 0 ? QVariant(me) : QVariant(QMetaType::fromType<qint64>()));
        insert.bindValue(u":start"_s, m_store.nowMs() - durationMs);
        insert.bindValue(u":duration"_s, durationMs);
        insert.bindValue(u":note"_s, trimmedText(note));
        if (!m_store.exec(insert))
            return false;
        id = insert.lastInsertId().toLongLong();
        return m_store.audit(ticketId, u"time"_s, QString::number(durationMs / 60000));
    });
    return ok ? id : std::nullopt;
}

bool TimeStore::update(qint64 entryId, qint64 durationMs, const QString &note)
{
    if (!checkDuration(durationMs))
        return false;
    return m_store.transaction([&] {
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
        return true;
    });
}

bool TimeStore::remove(qint64 entryId)
{
    return m_store.transaction([&] {
        QSqlQuery remove = m_store.prepare(u"DELETE FROM time_entries WHERE id = :id"_s);
        remove.bindValue(u":id"_s, entryId);
        return m_store.exec(remove);
    });
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
