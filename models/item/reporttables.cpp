#include "reporttables.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

constexpr double hourMs = 3600.0 * 1000.0;

QString number(qint64 value)
{
    return QString::number(value);
}

QString decimal(double value, int decimals = 2)
{
    return QString::number(value, 'f', decimals);
}

} // namespace

QString ReportTables::hours(qint64 msecs)
{
    return decimal(double(msecs) / hourMs);
}

QString ReportTables::percent(double share)
{
    return decimal(share * 100.0, 1);
}

QString ReportTables::backlogAgeLabel(int bucket)
{
    switch (bucket) {
    case 0:
        return tr("Under a day");
    case 1:
        return tr("1–3 days");
    case 2:
        return tr("3–7 days");
    case 3:
        return tr("1–4 weeks");
    default:
        return tr("Over 4 weeks");
    }
}

QString ReportTables::agentName(const AgentFigures &agent)
{
    if (agent.agentId == 0)
        return tr("Unassigned");
    return agent.name.isEmpty() ? tr("Agent %1").arg(agent.agentId) : agent.name;
}

QString ReportTables::period(const Report &report)
{
    const QLocale locale;
    const QString from = locale.toString(report.request.from, QLocale::LongFormat);
    const QString to = locale.toString(report.request.to, QLocale::LongFormat);
    return report.request.from == report.request.to ? from : tr("%1 to %2").arg(from, to);
}

QString ReportTables::title(const Report &report)
{
    return report.teamName.isEmpty() ? tr("All teams, %1").arg(period(report))
                                     : tr("%1, %2").arg(report.teamName, period(report));
}

QList<ReportTable> ReportTables::build(const Report &report)
{
    QList<ReportTable> tables;
    const TicketFigures &total = report.total;

    ReportTable summary{u"summary"_s, tr("Summary"), {tr("Figure"), tr("Value")}, {}};
    summary.rows = {
        {tr("Tickets created"), number(total.created)},
        {tr("Answered"), number(total.responded)},
        {tr("Average first response (business hours)"), hours(total.averageFirstResponseBms())},
        {tr("First response within target (%)"), percent(total.firstResponseCompliance())},
        {tr("Solved"), number(total.solved)},
        {tr("Average resolution (business hours)"), hours(total.averageResolutionBms())},
        {tr("Resolution within target (%)"), percent(total.resolutionCompliance())},
        {tr("Reopened after solving (%)"), percent(total.reopenRate())},
        {tr("Escalated (%)"), percent(total.escalationRate())},
        {tr("Satisfaction answers"), number(report.ratings())},
        {tr("Average satisfaction (1–5)"), decimal(report.averageRating())},
        {tr("Not solved at the end of the period"), number(report.backlog())},
    };
    tables.append(summary);

    ReportTable byChannel{u"by_channel"_s,
                          tr("By channel"),
                          {tr("Channel"), tr("Created"), tr("Average first response (h)"),
                           tr("First response within target (%)"), tr("Solved"), tr("Average resolution (h)"),
                           tr("Resolution within target (%)")},
                          {}};
    for (Channel channel : allFieldValues<Channel>()) {
        const TicketFigures &f = report.byChannel[int(channel)];
        byChannel.rows.append({fieldLabel(channel), number(f.created), hours(f.averageFirstResponseBms()),
                               percent(f.firstResponseCompliance()), number(f.solved), hours(f.averageResolutionBms()),
                               percent(f.resolutionCompliance())});
    }
    tables.append(byChannel);

    ReportTable byCategory{u"by_category"_s,
                           tr("By category"),
                           {tr("Category"), tr("Created"), tr("Escalated"), tr("Escalation rate (%)"), tr("Solved"),
                            tr("Reopened"), tr("Reopen rate (%)"), tr("Average resolution (h)")},
                           {}};
    for (Category category : allFieldValues<Category>()) {
        const TicketFigures &f = report.byCategory[int(category)];
        byCategory.rows.append({fieldLabel(category), number(f.created), number(f.escalated),
                                percent(f.escalationRate()), number(f.solved), number(f.reopened),
                                percent(f.reopenRate()), hours(f.averageResolutionBms())});
    }
    tables.append(byCategory);

    ReportTable agents{u"by_agent"_s,
                       tr("By agent"),
                       {tr("Agent"), tr("Created"), tr("Solved"), tr("Average first response (h)"),
                        tr("First response within target (%)"), tr("Average resolution (h)"),
                        tr("Resolution within target (%)"), tr("Reopened"), tr("Escalated"), tr("Satisfaction answers"),
                        tr("Average satisfaction")},
                       {}};
    for (const AgentFigures &agent : report.agents) {
        const TicketFigures &f = agent.tickets;
        agents.rows.append({agentName(agent), number(f.created), number(f.solved), hours(f.averageFirstResponseBms()),
                            percent(f.firstResponseCompliance()), hours(f.averageResolutionBms()),
                            percent(f.resolutionCompliance()), number(f.reopened), number(f.escalated),
                            number(agent.ratings), decimal(agent.averageRating())});
    }
    tables.append(agents);

    ReportTable byDay{u"by_day"_s, tr("Tickets by day"), {tr("Date"), tr("Created")}, {}};
    for (int day = 0; day < report.days(); ++day) {
        byDay.rows.append({report.request.from.addDays(day).toString(Qt::ISODate), number(report.createdPerDay[day])});
    }
    tables.append(byDay);

    ReportTable byHour{u"by_weekday_hour"_s, tr("Tickets by weekday and hour"), {tr("Weekday")}, {}};
    for (int hour = 0; hour < 24; ++hour)
        byHour.headers.append(u"%1:00"_s.arg(hour, 2, 10, QLatin1Char('0')));
    const QLocale locale;
    for (int weekday = 0; weekday < 7; ++weekday) {
        QStringList row{locale.dayName(weekday + 1, QLocale::LongFormat)};
        for (qint64 count : report.createdByWeekdayHour[weekday])
            row.append(number(count));
        byHour.rows.append(row);
    }
    tables.append(byHour);

    ReportTable ratings{u"satisfaction"_s, tr("Satisfaction"), {tr("Score"), tr("Answers"), tr("Share (%)")}, {}};
    for (int score = 5; score >= 1; --score) {
        const qint64 count = report.ratingCounts[score - 1];
        ratings.rows.append({number(score), number(count), percent(TicketFigures::share(count, report.ratings()))});
    }
    tables.append(ratings);

    ReportTable trend{
        u"satisfaction_trend"_s,
        report.ratingTrendDays == 1 ? tr("Satisfaction by day") : tr("Satisfaction by week"),
        {report.ratingTrendDays == 1 ? tr("Date") : tr("Week from"), tr("Answers"), tr("Average satisfaction")},
        {}};
    for (const Report::RatingPoint &point : report.ratingTrend)
        trend.rows.append({point.start.toString(Qt::ISODate), number(point.count), decimal(point.average())});
    tables.append(trend);

    ReportTable backlog{
        u"backlog_age"_s, tr("Not solved at the end of the period, by age"), {tr("Waiting"), tr("Tickets")}, {}};
    for (int bucket = 0; bucket < Report::backlogBuckets; ++bucket)
        backlog.rows.append({backlogAgeLabel(bucket), number(report.backlogByAge[bucket])});
    tables.append(backlog);
    return tables;
}
