#include "reportcharts.h"

#include "reporttables.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

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

    ReportChart channels;
    channels.key = u"by_channel"_s;
    channels.title = tr("Tickets by channel");
    for (Channel channel : allFieldValues<Channel>()) {
        channels.labels.append(fieldLabel(channel));
        channels.values.append(double(report.byChannel[int(channel)].created));
    }
    charts.append(channels);

    ReportChart categories;
    categories.key = u"by_category"_s;
    categories.title = tr("Tickets by category");
    for (Category category : allFieldValues<Category>()) {
        categories.labels.append(fieldLabel(category));
        categories.values.append(double(report.byCategory[int(category)].created));
    }
    charts.append(categories);

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

    ReportChart firstResponse;
    firstResponse.key = u"first_response_target"_s;
    firstResponse.title = tr("First response within target, by channel");
    firstResponse.unit = u"%"_s;
    firstResponse.fixedMax = 100;
    for (Channel channel : allFieldValues<Channel>()) {
        firstResponse.labels.append(fieldLabel(channel));
        firstResponse.values.append(report.byChannel[int(channel)].firstResponseCompliance() * 100.0);
    }
    charts.append(firstResponse);

    ReportChart escalation;
    escalation.key = u"escalation_rate"_s;
    escalation.title = tr("Escalation rate by category");
    escalation.unit = u"%"_s;
    escalation.decimals = 1;
    for (Category category : allFieldValues<Category>()) {
        escalation.labels.append(fieldLabel(category));
        escalation.values.append(report.byCategory[int(category)].escalationRate() * 100.0);
    }
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
