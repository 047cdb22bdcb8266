#include "queueboardquery.h"

#include "localstore.h"
#include "peoplestore.h"
#include "ticketfilter.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString autoAssignKey = u"auto_assign"_s;

} // namespace

QueueBoardQuery::QueueBoardQuery(LocalStore &store)
    : m_store(store)
{}

QHash<qint64, AutoAssign> QueueBoardQuery::autoAssignModes() const
{
    QHash<qint64, AutoAssign> modes;
    const QJsonObject json = QJsonDocument::fromJson(m_store.metaValue(autoAssignKey).toUtf8()).object();
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (const auto mode = fieldFromKey<AutoAssign>(it.value().toString()))
            modes.insert(it.key().toLongLong(), *mode);
    }
    return modes;
}

bool QueueBoardQuery::setAutoAssign(qint64 teamId, AutoAssign mode)
{
    if (!m_store.signedInAsManager()) {
        m_store.setError(tr("Only a supervisor or an administrator decides how new tickets are handed out."));
        return false;
    }
    if (!m_store.teamMode()) {
        m_store.setError(tr("Handing new tickets out automatically needs the team server: only it knows who is "
                            "online."));
        return false;
    }
    if (!PeopleStore(m_store).team(teamId)) {
        m_store.setError(tr("There is no such team."));
        return false;
    }
    QJsonObject json = QJsonDocument::fromJson(m_store.metaValue(autoAssignKey).toUtf8()).object();
    if (mode == AutoAssign::Off)
        json.remove(QString::number(teamId));
    else
        json.insert(QString::number(teamId), fieldKey(mode));
    return m_store.setSharedSetting(autoAssignKey, json);
}

QList<TeamLoad> QueueBoardQuery::teamLoads(qint64 nowMs) const
{
    QList<TeamLoad> loads;
    QHash<qint64, qsizetype> rowOfTeam;
    const QHash<qint64, AutoAssign> modes = autoAssignModes();
    QList<Team> teams = PeopleStore(m_store).teams();
    std::stable_sort(teams.begin(), teams.end(), [](const Team &a, const Team &b) {
        return a.tier != b.tier ? a.tier < b.tier : a.name.localeAwareCompare(b.name) < 0;
    });
    for (const Team &team : std::as_const(teams)) {
        rowOfTeam.insert(team.id, loads.size());
        TeamLoad load;
        load.teamId = team.id;
        load.teamName = team.name;
        load.tier = team.tier;
        load.autoAssign = modes.value(team.id, AutoAssign::Off);
        loads.append(load);
    }

    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    // Grouped by team and status, the first columns of tickets_on_board, so SQLite walks the index
    // in order with no sorting, and the counts by status are the groups' sizes rather than a sum()
    // each over every row: a million demo tickets put a hundred thousand on the board, and the
    // query is a third cheaper so (80 -> 49 ms of CPU at a million). NULL (no team) is a team.
    // Due soon is due before the hour is out less due already; total() is a little cheaper than
    // sum() (a float, exact for any count of tickets).
    query.prepare(u"SELECT team_id, status, count(*), count(*) - count(assignee_id),"
                  " total(due_at < :soon), total(due_at < :now),"
                  " min(iif(first_response_at IS NULL, created_at, awaiting_reply_since))"
                  " FROM tickets WHERE status < 4 AND archived_at IS NULL AND merged_into IS NULL"
                  " GROUP BY team_id, status"_s);
    query.bindValue(u":soon"_s, nowMs + TicketFilter::dueSoonMs);
    query.bindValue(u":now"_s, nowMs);
    if (!query.exec())
        return {};
    while (query.next()) {
        const qint64 teamId = query.value(0).toLongLong();
        auto row = rowOfTeam.constFind(teamId);
        if (row == rowOfTeam.cend()) { // no team, or one this desk does not know
            row = rowOfTeam.insert(teamId, loads.size());
            TeamLoad load;
            load.teamId = teamId;
            loads.append(load);
        }
        TeamLoad &load = loads[*row];
        const qint64 count = query.value(2).toLongLong();
        switch (query.value(1).toInt()) {
        case 0:
            load.newTickets = count;
            break;
        case 1:
            load.open = count;
            break;
        case 2:
            load.pending = count;
            break;
        case 3:
            load.onHold = count;
            break;
        default:
            break;
        }
        load.unassigned += query.value(3).toLongLong();
        const qint64 dueBeforeSoon = qint64(query.value(4).toDouble());
        const qint64 breached = qint64(query.value(5).toDouble());
        load.dueSoon += dueBeforeSoon - breached;
        load.breached += breached;
        // The longest wait of a new or open ticket (a pending one waits for the customer).
        const int status = query.value(1).toInt();
        const QVariant waiting = query.value(6);
        if ((status == 0 || status == 1) && !waiting.isNull()) {
            const qint64 since = waiting.toLongLong();
            if (load.oldestWaitingSinceMs == 0 || since < load.oldestWaitingSinceMs)
                load.oldestWaitingSinceMs = since;
        }
    }
    return loads;
}
