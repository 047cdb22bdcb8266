#include "reportquery.h"

#include "localstore.h"
#include "peoplestore.h"
#include "sqlerrortext.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 hourMs = 60 * minuteMs;
constexpr qint64 dayMs = 24 * hourMs;
constexpr int fillBatch = 5000;
const auto readyKey = u"report_calendar"_s;

qint64 startOfDay(QDate date, const QTimeZone &zone)
{
    return date.startOfDay(zone).toMSecsSinceEpoch();
}

// The local time zone's offset for many instants that lie close together, worked out once per
// UTC hour.
class LocalOffsets
{
public:
    explicit LocalOffsets(const QTimeZone &zone)
        : m_zone(zone)
    {}
    qint64 localMs(qint64 utcMs)
    {
        const qint64 hour = utcMs / hourMs;
        auto it = m_offsets.constFind(hour);
        if (it == m_offsets.cend()) {
            const int offset = m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(hour * hourMs, Qt::UTC));
            it = m_offsets.insert(hour, qint64(offset) * 1000);
        }
        return utcMs + *it;
    }
    static QDate date(qint64 localMs) { return QDate::fromJulianDay(localMs / dayMs + 2440588); }

private:
    QTimeZone m_zone;
    QHash<qint64, qint64> m_offsets;
};

} // namespace

ReportQuery::ReportQuery(LocalStore &store)
    : m_store(store)
{}

bool ReportQuery::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool ReportQuery::prepare(const Progress &progress)
{
    m_cancelled = false;
    const SlaSchedule &sla = m_store.sla();
    const BusinessCalendar &calendar = sla.calendar();
    // The kept facts are worth only as much as the calendar and targets they were counted by:
    // a change of opening hours, zone, holidays or targets counts every ticket again.
    const QString countedBy = QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"calendar"_s, calendar.toJson()}, {u"targets"_s, sla.policy().toJson()}})
            .toJson(QJsonDocument::Compact));
    const bool recount = m_store.metaValue(readyKey) != countedBy;
    QSqlQuery stale(m_store.database());
    if (!stale.exec(u"SELECT EXISTS (SELECT 1 FROM ticket_report WHERE stale = 1)"_s) || !stale.next())
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(stale.lastError())));
    const bool changed = stale.value(0).toBool();
    stale.finish();
    if (recount || changed) {
        const bool settled = m_store.transaction([&] {
            QStringList statements;
            // 2: to count again, and not to be taken out of totals that are already empty.
            if (recount)
                statements << u"DELETE FROM report_cells"_s << u"DELETE FROM report_hours"_s
                           << u"DELETE FROM report_ratings"_s
                           << u"UPDATE ticket_report SET counted = 2 WHERE counted = 1"_s;
            // The triggers only mark what changed since it was counted: it leaves the totals here,
            // as it was counted, and the row of a deleted ticket goes.
            statements << u"UPDATE ticket_report SET counted = 0 WHERE stale = 1 AND counted = 1"_s
                       << u"DELETE FROM ticket_report WHERE stale = 1"
                          " AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_report.ticket_id)"_s;
            QSqlQuery settle(m_store.database());
            for (const QString &sql : std::as_const(statements)) {
                if (!settle.exec(sql)) {
                    m_store.setError(sqlErrorText(settle.lastError()));
                    return false;
                }
            }
            return !recount || m_store.setMetaValue(readyKey, countedBy);
        });
        if (!settled)
            return fail(m_store.errorString());
    }

    QSqlQuery count(m_store.database());
    if (!count.exec(u"SELECT count(*) FROM ticket_report WHERE counted <> 1"_s) || !count.next())
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(count.lastError())));
    const qint64 total = count.value(0).toLongLong();
    count.finish();
    qint64 done = 0;
    if (progress && !progress(done, total)) {
        m_cancelled = true;
        return false;
    }

    struct Facts {
        qint64 id = 0, created = 0;
        int channel = 0, priority = 0;
        QVariant firstResponse, solved, rating, ratedAt, ratedBy;
        qint64 ratings = 0;
    };
    LocalOffsets offsets(calendar.timeZone());
    const auto businessTime = [&](qint64 from, const QVariant &to) {
        return to.isNull() ? QVariant(QMetaType::fromType<qint64>())
                           : QVariant(calendar.businessMsecsBetween(from, to.toLongLong()));
    };
    const auto met = [](const QVariant &taken, qint64 target) {
        return taken.isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(taken.toLongLong() <= target ? 1 : 0);
    };
    qint64 afterId = -1;
    while (done < total) {
        QList<Facts> batch;
        // CROSS JOIN keeps ticket_report first, read from its index of the rows to count: given
        // the choice, SQLite walked every ticket after :after and sorted them, for each batch.
        QSqlQuery read = m_store.prepare(
            u"SELECT t.id, t.created_at, t.channel, t.priority, t.first_response_at, t.solved_at, s.score,"
            " coalesce(s.answered_at, s.created_at), s.agent_id,"
            " (SELECT count(*) FROM surveys c WHERE c.ticket_id = t.id AND c.score IS NOT NULL)"
            " FROM ticket_report r CROSS JOIN tickets t ON t.id = r.ticket_id"
            " LEFT JOIN surveys s ON s.id = (SELECT max(id) FROM surveys l"
            "   WHERE l.ticket_id = t.id AND l.score IS NOT NULL)"
            " WHERE r.counted <> 1 AND r.ticket_id > :after ORDER BY r.ticket_id LIMIT :limit"_s);
        read.setForwardOnly(true);
        read.bindValue(u":after"_s, afterId);
        read.bindValue(u":limit"_s, fillBatch);
        if (!m_store.exec(read))
            return fail(m_store.errorString());
        while (read.next()) {
            Facts f;
            f.id = read.value(0).toLongLong();
            f.created = read.value(1).toLongLong();
            f.channel = read.value(2).toInt();
            f.priority = read.value(3).toInt();
            f.firstResponse = read.value(4);
            f.solved = read.value(5);
            f.rating = read.value(6);
            f.ratedAt = read.value(7);
            f.ratedBy = read.value(8);
            f.ratings = read.value(9).toLongLong();
            batch.append(f);
        }
        read.finish();
        if (batch.isEmpty())
            break; // the others were counted meanwhile by another connection
        afterId = batch.back().id;

        const bool written = m_store.transaction([&] {
            // Guarded by what the facts were worked out from: a ticket answered, solved or rated
            // since it was read is left for the next pass. What else it is counted by is copied
            // from the ticket and its marks as they are now; setting the row counted adds it to
            // the totals.
            QSqlQuery &write = m_store.cached(
                u"UPDATE ticket_report SET first_response_bms = :frt, first_response_met = :frtMet,"
                " resolution_bms = :res, resolution_met = :resMet, report_day = :day, report_hour = :hour,"
                " rating = :rating, rating_day = :ratingDay, rating_agent = :ratedBy, team_id = t.team_id,"
                " assignee_id = t.assignee_id, channel = t.channel, category = t.category,"
                " merged_into = t.merged_into, reopened = coalesce(m.reopened, 0),"
                " escalated = coalesce(m.escalated, 0), stale = 0, counted = 1"
                " FROM tickets t LEFT JOIN ticket_report_marks m ON m.ticket_id = t.id"
                " WHERE ticket_report.ticket_id = :id AND t.id = ticket_report.ticket_id"
                " AND ticket_report.counted <> 1 AND t.created_at = :created AND t.channel = :channel"
                " AND t.priority = :priority AND t.first_response_at IS :first AND t.solved_at IS :solved"
                " AND (SELECT count(*) FROM surveys WHERE ticket_id = :id2 AND score IS NOT NULL) = :ratings"_s);
            for (const Facts &f : std::as_const(batch)) {
                const auto channel = fieldFromInt<Channel>(f.channel);
                const auto priority = fieldFromInt<Priority>(f.priority);
                const QVariant frt = businessTime(f.created, f.firstResponse);
                const QVariant res = businessTime(f.created, f.solved);
                const qint64 local = offsets.localMs(f.created);
                write.bindValue(u":frt"_s, frt);
                write.bindValue(u":frtMet"_s, met(frt, sla.policy().targetMsecs(SlaPolicy::Target::FirstResponse,
                                                                                channel, priority)));
                write.bindValue(u":res"_s, res);
                write.bindValue(u":resMet"_s,
                                met(res, sla.policy().targetMsecs(SlaPolicy::Target::Resolution, channel, priority)));
                write.bindValue(u":day"_s, LocalOffsets::date(local).toJulianDay());
                write.bindValue(u":hour"_s, (local % dayMs) / hourMs);
                write.bindValue(u":rating"_s, f.rating);
                write.bindValue(
                    u":ratingDay"_s,
                    f.rating.isNull()
                        ? QVariant(QMetaType::fromType<qint64>())
                        : QVariant(LocalOffsets::date(offsets.localMs(f.ratedAt.toLongLong())).toJulianDay()));
                write.bindValue(u":ratedBy"_s, f.ratedBy);
                write.bindValue(u":id"_s, f.id);
                write.bindValue(u":created"_s, f.created);
                write.bindValue(u":channel"_s, f.channel);
                write.bindValue(u":priority"_s, f.priority);
                write.bindValue(u":first"_s, f.firstResponse);
                write.bindValue(u":solved"_s, f.solved);
                write.bindValue(u":id2"_s, f.id);
                write.bindValue(u":ratings"_s, f.ratings);
                if (!m_store.exec(write))
                    return false;
            }
            return true;
        });
        if (!written)
            return fail(m_store.errorString());
        done = std::min(total, done + batch.size());
        if (progress && !progress(done, total)) {
            m_cancelled = true;
            return false;
        }
    }
    return true;
}

std::optional<Report> ReportQuery::run(const ReportRequest &request, const Progress &progress)
{
    m_error.clear();
    if (!request.from.isValid() || !request.to.isValid() || request.to < request.from) {
        fail(tr("The report's period must start on or before the day it ends."));
        return std::nullopt;
    }
    Report report;
    report.request = request;
    if (request.teamId) {
        const auto team = PeopleStore(m_store).team(*request.teamId);
        if (!team) {
            fail(tr("There is no such team."));
            return std::nullopt;
        }
        report.teamName = team->name;
    }
    if (!prepare(progress))
        return std::nullopt;

    report.zone = m_store.sla().calendar().timeZone();
    report.fromMs = startOfDay(request.from, report.zone);
    report.toMs = startOfDay(request.to.addDays(1), report.zone);
    report.createdPerDay.fill(0, request.from.daysTo(request.to) + 1);
    report.ratingTrendDays = report.days() > 31 ? 7 : 1;

    // One read transaction: every figure from the same moment of the store, even while the
    // sync engine writes.
    QSqlDatabase db = m_store.database();
    if (!db.transaction()) {
        fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(db.lastError())));
        return std::nullopt;
    }
    const bool read = readTicketFigures(report) && readVolume(report) && readBacklog(report) && readRatings(report);
    db.rollback();
    if (!read)
        return std::nullopt;
    return report;
}

QString ReportQuery::cellCondition(const Report &report)
{
    return report.request.teamId ? u"day >= :from AND day <= :to AND team_id = :team"_s
                                 : u"day >= :from AND day <= :to"_s;
}

bool ReportQuery::select(QSqlQuery &query, const QString &sql, const Report &report)
{
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));
    query.bindValue(u":from"_s, report.request.from.toJulianDay());
    query.bindValue(u":to"_s, report.request.to.toJulianDay());
    if (report.request.teamId)
        query.bindValue(u":team"_s, *report.request.teamId);
    if (!query.exec())
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));
    return true;
}

bool ReportQuery::readTicketFigures(Report &report)
{
    QSqlQuery query(m_store.database());
    if (!select(query,
                u"SELECT assignee_id, channel, category, sum(created), sum(responded), sum(first_response_bms),"
                " sum(first_response_met), sum(solved), sum(resolution_bms), sum(resolution_met), sum(reopened),"
                " sum(escalated) FROM report_cells WHERE %1 GROUP BY assignee_id, channel, category"_s.arg(
                    cellCondition(report)),
                report))
        return false;
    QHash<qint64, TicketFigures> byAgent;
    while (query.next()) {
        TicketFigures f;
        f.created = query.value(3).toLongLong();
        if (f.created == 0)
            continue; // every ticket once counted here has been taken out again
        f.responded = query.value(4).toLongLong();
        f.firstResponseBms = query.value(5).toLongLong();
        f.firstResponseMet = query.value(6).toLongLong();
        f.solved = query.value(7).toLongLong();
        f.resolutionBms = query.value(8).toLongLong();
        f.resolutionMet = query.value(9).toLongLong();
        f.reopened = query.value(10).toLongLong();
        f.escalated = query.value(11).toLongLong();
        const int channel = query.value(1).toInt();
        const int category = query.value(2).toInt();
        if (channel >= 0 && channel < int(report.byChannel.size()))
            report.byChannel[channel].add(f);
        if (category >= 0 && category < int(report.byCategory.size()))
            report.byCategory[category].add(f);
        report.total.add(f);
        byAgent[query.value(0).toLongLong()].add(f);
    }
    for (auto it = byAgent.cbegin(); it != byAgent.cend(); ++it) {
        AgentFigures agent;
        agent.agentId = it.key();
        agent.tickets = it.value();
        report.agents.append(agent);
    }
    return true;
}

bool ReportQuery::readVolume(Report &report)
{
    QSqlQuery query(m_store.database());
    if (!select(query,
                u"SELECT day, hour, sum(created) FROM report_hours WHERE %1 GROUP BY day, hour"_s.arg(
                    cellCondition(report)),
                report))
        return false;
    const qint64 firstDay = report.request.from.toJulianDay();
    while (query.next()) {
        const qint64 julianDay = query.value(0).toLongLong();
        const int hour = query.value(1).toInt();
        const qint64 count = query.value(2).toLongLong();
        const qint64 day = julianDay - firstDay;
        if (day >= 0 && day < report.createdPerDay.size())
            report.createdPerDay[day] += count;
        if (hour >= 0 && hour < 24)
            report.createdByWeekdayHour[QDate::fromJulianDay(julianDay).dayOfWeek() - 1][hour] += count;
    }
    return true;
}

bool ReportQuery::readBacklog(Report &report)
{
    // Not solved when the period ended: still unsolved now (from the board's index), or solved
    // only after the end.
    const QString team = report.request.teamId ? u" AND team_id = :team"_s : QString();
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    const QString sql = u"SELECT (:to - created_at) / %1, count(*) FROM ("
                        " SELECT created_at FROM tickets WHERE status < 4 AND archived_at IS NULL"
                        " AND merged_into IS NULL AND created_at < :to2%2"
                        " UNION ALL SELECT created_at FROM tickets WHERE solved_at >= :to3 AND created_at < :to4"
                        " AND merged_into IS NULL%3) GROUP BY 1"_s.arg(dayMs)
                            .arg(team, QString(team).replace(u":team"_s, u":team2"_s));
    if (!query.prepare(sql))
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));
    query.bindValue(u":to"_s, report.toMs);
    query.bindValue(u":to2"_s, report.toMs);
    query.bindValue(u":to3"_s, report.toMs);
    query.bindValue(u":to4"_s, report.toMs);
    if (report.request.teamId) {
        query.bindValue(u":team"_s, *report.request.teamId);
        query.bindValue(u":team2"_s, *report.request.teamId);
    }
    if (!query.exec())
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));
    while (query.next()) {
        const qint64 days = query.value(0).toLongLong();
        const int bucket = days < 1 ? 0 : days < 3 ? 1 : days < 7 ? 2 : days < 28 ? 3 : 4;
        report.backlogByAge[bucket] += query.value(1).toLongLong();
    }
    return true;
}

bool ReportQuery::readRatings(Report &report)
{
    // A ticket's last rating counts on the day it was given, for the agent it rated and the
    // team the ticket is in.
    QSqlQuery query(m_store.database());
    if (!select(query,
                u"SELECT day, agent_id, score, sum(answers) FROM report_ratings WHERE %1"
                " GROUP BY day, agent_id, score"_s.arg(cellCondition(report)),
                report))
        return false;
    const int points = int((report.days() + report.ratingTrendDays - 1) / report.ratingTrendDays);
    for (int i = 0; i < points; ++i)
        report.ratingTrend.append({report.request.from.addDays(qint64(i) * report.ratingTrendDays), 0, 0});
    QHash<qint64, qsizetype> rowOfAgent;
    for (qsizetype i = 0; i < report.agents.size(); ++i)
        rowOfAgent.insert(report.agents[i].agentId, i);
    const qint64 firstDay = report.request.from.toJulianDay();
    while (query.next()) {
        const qint64 agentId = query.value(1).toLongLong();
        const int score = query.value(2).toInt();
        const qint64 count = query.value(3).toLongLong();
        if (score < 1 || score > 5 || count == 0)
            continue;
        report.ratingCounts[score - 1] += count;
        const qint64 point = (query.value(0).toLongLong() - firstDay) / report.ratingTrendDays;
        if (point >= 0 && point < report.ratingTrend.size()) {
            report.ratingTrend[point].count += count;
            report.ratingTrend[point].sum += count * score;
        }
        auto row = rowOfAgent.constFind(agentId);
        if (row == rowOfAgent.cend()) {
            AgentFigures agent;
            agent.agentId = agentId;
            row = rowOfAgent.insert(agentId, report.agents.size());
            report.agents.append(agent);
        }
        report.agents[*row].ratings += count;
        report.agents[*row].ratingSum += count * score;
    }

    QHash<qint64, QString> names;
    for (const Agent &agent : PeopleStore(m_store).agents())
        names.insert(agent.id, agent.name);
    for (AgentFigures &agent : report.agents)
        agent.name = names.value(agent.agentId);
    std::sort(report.agents.begin(), report.agents.end(), [](const AgentFigures &a, const AgentFigures &b) {
        if ((a.agentId == 0) != (b.agentId == 0))
            return b.agentId == 0;
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return true;
}
