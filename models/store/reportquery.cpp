#include "reportquery.h"

#include "localstore.h"
#include "sqlerrortext.h"

#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 hourMs = 60 * minuteMs;
constexpr qint64 dayMs = 24 * hourMs;
// Volumes are counted per quarter of an hour in UTC and put on local days and hours afterwards:
// every time zone's offset is a whole number of quarters.
constexpr qint64 quarterMs = 15 * minuteMs;
constexpr int fillBatch = 5000;
const auto readyKey = u"report_calendar"_s;

// The service target of every channel and priority as one SQL expression over the row's own
// columns; the numbers come from the policy, never from text anyone typed.
QString targetExpression(const SlaPolicy &policy, SlaPolicy::Target target)
{
    QString sql = u"CASE channel * 4 + priority"_s;
    for (Channel channel : allFieldValues<Channel>()) {
        for (Priority priority : allFieldValues<Priority>()) {
            sql += u" WHEN %1 THEN %2"_s.arg(int(channel) * 4 + int(priority))
                       .arg(policy.targetMsecs(target, channel, priority));
        }
    }
    return sql + u" END"_s;
}

// What the period's tickets are: created in it, not merged into another (that one counts).
QString periodCondition(const ReportRequest &request)
{
    return request.teamId ? u"created_at >= :from AND created_at < :to AND merged_into IS NULL AND team_id = :team"_s
                          : u"created_at >= :from AND created_at < :to AND merged_into IS NULL"_s;
}

void bindPeriod(QSqlQuery &query, const Report &report)
{
    query.bindValue(u":from"_s, report.fromMs);
    query.bindValue(u":to"_s, report.toMs);
    if (report.request.teamId)
        query.bindValue(u":team"_s, *report.request.teamId);
}

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

void TicketFigures::add(const TicketFigures &other)
{
    created += other.created;
    responded += other.responded;
    firstResponseBms += other.firstResponseBms;
    firstResponseMet += other.firstResponseMet;
    solved += other.solved;
    resolutionBms += other.resolutionBms;
    resolutionMet += other.resolutionMet;
    reopened += other.reopened;
    escalated += other.escalated;
}

qint64 Report::ratings() const
{
    qint64 count = 0;
    for (qint64 c : ratingCounts)
        count += c;
    return count;
}

double Report::averageRating() const
{
    qint64 sum = 0;
    for (int score = 1; score <= 5; ++score)
        sum += score * ratingCounts[score - 1];
    return TicketFigures::share(sum, ratings());
}

qint64 Report::backlog() const
{
    qint64 count = 0;
    for (qint64 c : backlogByAge)
        count += c;
    return count;
}

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
    const BusinessCalendar &calendar = m_store.sla().calendar();
    // The kept times are worth only as much as the calendar they were counted in: a change of
    // opening hours, zone or holidays counts every ticket again.
    const QString calendarKey = QString::fromUtf8(QJsonDocument(calendar.toJson()).toJson(QJsonDocument::Compact));
    if (m_store.metaValue(readyKey) != calendarKey) {
        const bool reset = m_store.transaction([&] {
            QSqlQuery stale = m_store.prepare(u"UPDATE tickets SET report_ready = 0 WHERE report_ready <> 0"_s);
            return m_store.exec(stale) && m_store.setMetaValue(readyKey, calendarKey);
        });
        if (!reset)
            return fail(m_store.errorString());
    }

    QSqlQuery count(m_store.database());
    if (!count.exec(u"SELECT count(*) FROM tickets WHERE report_ready = 0"_s) || !count.next())
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(count.lastError())));
    const qint64 total = count.value(0).toLongLong();
    count.finish();
    qint64 done = 0;
    if (progress && !progress(done, total)) {
        m_cancelled = true;
        return false;
    }

    struct Times {
        qint64 id, created;
        QVariant firstResponse, solved;
    };
    qint64 afterId = -1;
    while (done < total) {
        QList<Times> batch;
        QSqlQuery read = m_store.prepare(u"SELECT id, created_at, first_response_at, solved_at FROM tickets"
                                         " WHERE report_ready = 0 AND id > :after ORDER BY id LIMIT :limit"_s);
        read.setForwardOnly(true);
        read.bindValue(u":after"_s, afterId);
        read.bindValue(u":limit"_s, fillBatch);
        if (!m_store.exec(read))
            return fail(m_store.errorString());
        while (read.next())
            batch.append({read.value(0).toLongLong(), read.value(1).toLongLong(), read.value(2), read.value(3)});
        read.finish();
        if (batch.isEmpty())
            break; // others were written meanwhile by a desk that counts them itself next time
        afterId = batch.back().id;

        const auto businessTime = [&](qint64 from, const QVariant &to) {
            return to.isNull() ? QVariant(QMetaType::fromType<qint64>())
                               : QVariant(calendar.businessMsecsBetween(from, to.toLongLong()));
        };
        const bool written = m_store.transaction([&] {
            // Guarded by the times it was worked out from: a ticket answered or solved since
            // it was read is left for the next pass.
            QSqlQuery &write = m_store.cached(u"UPDATE tickets SET first_response_bms = :frt, resolution_bms = :res,"
                                              " report_ready = 1 WHERE id = :id AND created_at = :created"
                                              " AND first_response_at IS :first AND solved_at IS :solved"_s);
            for (const Times &t : std::as_const(batch)) {
                write.bindValue(u":frt"_s, businessTime(t.created, t.firstResponse));
                write.bindValue(u":res"_s, businessTime(t.created, t.solved));
                write.bindValue(u":id"_s, t.id);
                write.bindValue(u":created"_s, t.created);
                write.bindValue(u":first"_s, t.firstResponse);
                write.bindValue(u":solved"_s, t.solved);
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
    if (!prepare(progress))
        return std::nullopt;

    Report report;
    report.request = request;
    report.zone = m_store.sla().calendar().timeZone();
    report.fromMs = startOfDay(request.from, report.zone);
    report.toMs = startOfDay(request.to.addDays(1), report.zone);
    report.createdPerDay.fill(0, request.from.daysTo(request.to) + 1);
    report.ratingTrendDays = report.days() > 31 ? 7 : 1;
    if (request.teamId) {
        for (const Team &team : m_store.teams()) {
            if (team.id == *request.teamId)
                report.teamName = team.name;
        }
        if (report.teamName.isEmpty()) {
            fail(tr("There is no such team."));
            return std::nullopt;
        }
    }

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

bool ReportQuery::readTicketFigures(Report &report)
{
    const SlaPolicy &policy = m_store.sla().policy();
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    const QString sql =
        u"SELECT coalesce(assignee_id, 0), channel, category, count(*), count(first_response_bms),"
        " coalesce(sum(first_response_bms), 0), coalesce(sum(first_response_bms <= %1), 0),"
        " count(resolution_bms), coalesce(sum(resolution_bms), 0), coalesce(sum(resolution_bms <= %2), 0),"
        " sum(reopened > 0 AND resolution_bms IS NOT NULL), sum(escalated) FROM tickets WHERE %3"
        " GROUP BY assignee_id, channel, category"_s.arg(targetExpression(policy, SlaPolicy::Target::FirstResponse),
                                                         targetExpression(policy, SlaPolicy::Target::Resolution),
                                                         periodCondition(report.request));
    if (!query.prepare(sql))
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));
    bindPeriod(query, report);
    if (!query.exec())
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));

    QHash<qint64, TicketFigures> byAgent;
    while (query.next()) {
        TicketFigures f;
        f.created = query.value(3).toLongLong();
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
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT created_at / %1, count(*) FROM tickets WHERE %2 GROUP BY 1"_s.arg(quarterMs).arg(
            periodCondition(report.request))))
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));
    bindPeriod(query, report);
    if (!query.exec())
        return fail(tr("Cannot read the tickets: %1").arg(sqlErrorText(query.lastError())));
    LocalOffsets offsets(report.zone);
    const qint64 firstDay = report.request.from.toJulianDay();
    while (query.next()) {
        const qint64 local = offsets.localMs(query.value(0).toLongLong() * quarterMs);
        const qint64 count = query.value(1).toLongLong();
        const QDate date = LocalOffsets::date(local);
        const qint64 day = date.toJulianDay() - firstDay;
        if (day >= 0 && day < report.createdPerDay.size())
            report.createdPerDay[day] += count;
        report.createdByWeekdayHour[date.dayOfWeek() - 1][(local % dayMs) / hourMs] += count;
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
    // A satisfaction answer counts in the period it was given, for the team its ticket is in.
    const QString at = u"coalesce(s.answered_at, s.created_at)"_s;
    const QString team =
        report.request.teamId ? u" AND s.ticket_id IN (SELECT id FROM tickets WHERE team_id = :team)"_s : QString();
    QSqlQuery byAgent(m_store.database());
    byAgent.setForwardOnly(true);
    if (!byAgent.prepare(u"SELECT coalesce(s.agent_id, 0), s.score, count(*) FROM surveys s"
                         " WHERE s.score IS NOT NULL AND %1 >= :from AND %1 < :to%2 GROUP BY 1, 2"_s.arg(at, team)))
        return fail(tr("Cannot read the surveys: %1").arg(sqlErrorText(byAgent.lastError())));
    bindPeriod(byAgent, report);
    if (!byAgent.exec())
        return fail(tr("Cannot read the surveys: %1").arg(sqlErrorText(byAgent.lastError())));
    QHash<qint64, qsizetype> rowOfAgent;
    for (qsizetype i = 0; i < report.agents.size(); ++i)
        rowOfAgent.insert(report.agents[i].agentId, i);
    while (byAgent.next()) {
        const qint64 agentId = byAgent.value(0).toLongLong();
        const int score = byAgent.value(1).toInt();
        const qint64 count = byAgent.value(2).toLongLong();
        if (score < 1 || score > 5)
            continue;
        report.ratingCounts[score - 1] += count;
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

    QSqlQuery trend(m_store.database());
    trend.setForwardOnly(true);
    if (!trend.prepare(u"SELECT %1 / %2, count(*), sum(s.score) FROM surveys s"
                       " WHERE s.score IS NOT NULL AND %1 >= :from AND %1 < :to%3 GROUP BY 1"_s.arg(at)
                           .arg(quarterMs)
                           .arg(team)))
        return fail(tr("Cannot read the surveys: %1").arg(sqlErrorText(trend.lastError())));
    bindPeriod(trend, report);
    if (!trend.exec())
        return fail(tr("Cannot read the surveys: %1").arg(sqlErrorText(trend.lastError())));
    const int points = int((report.days() + report.ratingTrendDays - 1) / report.ratingTrendDays);
    for (int i = 0; i < points; ++i)
        report.ratingTrend.append({report.request.from.addDays(qint64(i) * report.ratingTrendDays), 0, 0});
    LocalOffsets offsets(report.zone);
    while (trend.next()) {
        const QDate date = LocalOffsets::date(offsets.localMs(trend.value(0).toLongLong() * quarterMs));
        const qint64 point = report.request.from.daysTo(date) / report.ratingTrendDays;
        if (point < 0 || point >= report.ratingTrend.size())
            continue;
        report.ratingTrend[point].count += trend.value(1).toLongLong();
        report.ratingTrend[point].sum += trend.value(2).toLongLong();
    }

    QHash<qint64, QString> names;
    for (const Agent &agent : m_store.agents())
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
