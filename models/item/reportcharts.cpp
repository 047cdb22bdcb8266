#include "reportcharts.h"

#include "reporttables.h"

#include <QLocale>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

// A bar for each value of a field (every channel, every category) showing one figure of its tickets.
template<typename E, std::size_t N>
ReportChart perField(const QString &key, const QString &title, const std::array<TicketFigures, N> &groups,
                     const std::function<double(const TicketFigures &)> &figure)
{
    ReportChart chart;
    chart.key = key;
    chart.title = title;
    for (E value : allFieldValues<E>()) {
        chart.labels.append(fieldLabel(value));
        chart.values.append(figure(groups[std::size_t(value)]));
    }
    return chart;
}

ReportChart asPercent(ReportChart chart, int decimals)
{
    chart.unit = u"%"_s;
    chart.fixedMax = 100;
    chart.decimals = decimals;
    return chart;
}

} // namespace

double ReportChart::maxValue() const
{
    if (fixedMax > 0)
        return fixedMax;
    double top = 0;
    for (double v : values)
        top = std::max(top, v);
    return top;
}

bool ReportChart::isEmpty() const
{
    return std::none_of(values.cbegin(), values.cend(), [](double v) { return v > 0; });
}

QList<ReportChart> ReportCharts::build(const Report &report)
{
    QList<ReportChart> charts;
    const QLocale locale;

    ReportChart perDay;
    perDay.kind = ReportChart::Kind::Line;
    perDay.key = u"by_day"_s;
    perDay.title = tr("Tickets created per day");
    for (int day = 0; day < report.days(); ++day) {
        perDay.labels.append(locale.toString(report.request.from.addDays(day), u"MM-dd"_s));
        perDay.values.append(double(report.createdPerDay[day]));
    }
    charts.append(perDay);

    const auto created = [](const TicketFigures &f) { return double(f.created); };
    charts.append(perField<Channel>(u"by_channel"_s, tr("Tickets by channel"), report.byChannel, created));
    charts.append(perField<Category>(u"by_category"_s, tr("Tickets by category"), report.byCategory, created));

    ReportChart heat;
    heat.kind = ReportChart::Kind::HeatMap;
    heat.key = u"by_weekday_hour"_s;
    heat.title = tr("Tickets by weekday and hour");
    for (int hour = 0; hour < 24; ++hour)
        heat.labels.append(QString::number(hour));
    for (int weekday = 0; weekday < 7; ++weekday) {
        heat.rowLabels.append(locale.dayName(weekday + 1, QLocale::ShortFormat));
        for (qint64 count : report.createdByWeekdayHour[weekday])
            heat.values.append(double(count));
    }
    charts.append(heat);

    charts.append(asPercent(perField<Channel>(u"first_response_target"_s,
                                              tr("First response within target, by channel"), report.byChannel,
                                              [](const TicketFigures &f) { return f.firstResponseCompliance() * 100; }),
                            0));
    // The scale of escalations is their own: a few percent would be lost against 100 %.
    ReportChart escalation =
        asPercent(perField<Category>(u"escalation_rate"_s, tr("Escalation rate by category"), report.byCategory,
                                     [](const TicketFigures &f) { return f.escalationRate() * 100; }),
                  1);
    escalation.fixedMax = 0;
    charts.append(escalation);

    ReportChart scores;
    scores.key = u"satisfaction"_s;
    scores.title = tr("Satisfaction answers by score");
    for (int score = 1; score <= 5; ++score) {
        scores.labels.append(QString::number(score));
        scores.values.append(double(report.ratingCounts[score - 1]));
    }
    charts.append(scores);

    ReportChart trend;
    trend.kind = ReportChart::Kind::Line;
    trend.key = u"satisfaction_trend"_s;
    trend.title = report.ratingTrendDays == 1 ? tr("Average satisfaction by day") : tr("Average satisfaction by week");
    trend.decimals = 1;
    trend.fixedMax = 5;
    for (const Report::RatingPoint &point : report.ratingTrend) {
        trend.labels.append(locale.toString(point.start, u"MM-dd"_s));
        trend.values.append(point.average());
    }
    charts.append(trend);

    ReportChart backlog;
    backlog.key = u"backlog_age"_s;
    backlog.title = tr("Not solved at the end of the period, by age");
    for (int bucket = 0; bucket < Report::backlogBuckets; ++bucket) {
        backlog.labels.append(ReportTables::backlogAgeLabel(bucket));
        backlog.values.append(double(report.backlogByAge[bucket]));
    }
    charts.append(backlog);

    ReportChart agents;
    agents.key = u"solved_by_agent"_s;
    agents.title = tr("Solved by agent");
    for (const AgentFigures &agent : report.agents) {
        agents.labels.append(ReportTables::agentName(agent));
        agents.values.append(double(agent.tickets.solved));
    }
    charts.append(agents);
    return charts;
}
