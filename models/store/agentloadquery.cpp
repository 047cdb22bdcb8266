#include "agentloadquery.h"

#include "localstore.h"
#include "peoplestore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
const QString capacityKey = u"agent_capacity"_s;
}

AgentLoadQuery::AgentLoadQuery(LocalStore &store)
    : m_store(store)
{}

QHash<qint64, int> AgentLoadQuery::capacities() const
{
    QHash<qint64, int> result;
    const QJsonObject json = QJsonDocument::fromJson(m_store.metaValue(capacityKey).toUtf8()).object();
    for (auto it = json.begin(); it != json.end(); ++it) {
        bool ok = false;
        const qint64 agentId = it.key().toLongLong(&ok);
        const int capacity = it.value().toInt();
        if (ok && capacity > 0 && capacity <= maxCapacity)
            result.insert(agentId, capacity);
    }
    return result;
}

bool AgentLoadQuery::setCapacity(qint64 agentId, int capacity)
{
    if (capacity < 0 || capacity > maxCapacity) {
        m_store.setError(QCoreApplication::translate("AgentLoadQuery", "A capacity is 0 (no limit) to %1 tickets.")
                             .arg(maxCapacity));
        return false;
    }
    if (!PeopleStore(m_store).agent(agentId)) {
        m_store.setError(QCoreApplication::translate("AgentLoadQuery", "There is no such agent."));
        return false;
    }
    QJsonObject json = QJsonDocument::fromJson(m_store.metaValue(capacityKey).toUtf8()).object();
    if (capacity == 0)
        json.remove(QString::number(agentId));
    else
        json.insert(QString::number(agentId), capacity);
    return m_store.setSharedSetting(capacityKey, json);
}

QList<AgentLoad> AgentLoadQuery::agentLoads(qint64 nowMs) const
{
    const QTimeZone zone = m_store.sla().calendar().timeZone();
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, zone);
    const qint64 midnight = QDateTime(now.date(), QTime(0, 0), zone).toMSecsSinceEpoch();
    const QHash<qint64, int> capacity = capacities();

    QList<AgentLoad> loads;
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    // One pass per figure over its own index, joined by agent.
    query.prepare(u"SELECT a.id, a.name, coalesce(tm.name, ''), a.role,"
                  " (SELECT count(*) FROM tickets t WHERE t.assignee_id = a.id AND t.status < 4"
                  "  AND t.archived_at IS NULL),"
                  " (SELECT count(*) FROM tickets t WHERE t.assignee_id = a.id AND t.solved_at >= :midnight),"
                  " (SELECT count(*) FROM surveys s WHERE s.agent_id = a.id AND s.score IS NOT NULL),"
                  " (SELECT avg(s.score) FROM surveys s WHERE s.agent_id = a.id AND s.score IS NOT NULL)"
                  " FROM agents a LEFT JOIN teams tm ON tm.id = a.team_id"_s);
    query.bindValue(u":midnight"_s, midnight);
    if (!query.exec())
        return {};
    while (query.next()) {
        AgentLoad load;
        load.agentId = query.value(0).toLongLong();
        load.name = query.value(1).toString();
        load.teamName = query.value(2).toString();
        load.role = query.value(3).toInt();
        load.open = query.value(4).toLongLong();
        load.solvedToday = query.value(5).toLongLong();
        load.ratings = query.value(6).toLongLong();
        load.averageScore = query.value(7).toDouble();
        load.capacity = capacity.value(load.agentId);
        loads.append(load);
    }
    std::sort(loads.begin(), loads.end(), [](const AgentLoad &a, const AgentLoad &b) {
        if (a.teamName != b.teamName)
            return a.teamName.localeAwareCompare(b.teamName) < 0;
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return loads;
}
