#pragma once

#include "report.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

// What one chart of a report shows, independent of where it is drawn (the reports window, the
// PDF): bars or a line over labelled points, or a heat map of rows by columns.
struct ReportChart {
    enum class Kind { Bars, Line, HeatMap };

    Kind kind = Kind::Bars;
    QString key;
    QString title;
    QStringList labels;    // one per point or bar; a heat map's columns
    QStringList rowLabels; // a heat map's rows
    QList<double> values;  // one per label; a heat map's row after row
    int decimals = 0;      // of the values as printed on the chart
    QString unit;          // after printed values: "%", "h"; empty for counts
    double fixedMax = 0;   // the top of the scale when it is known (100 %, score 5); 0: the data's

    double maxValue() const;
    bool isEmpty() const;
};

class ReportCharts
{
    Q_DECLARE_TR_FUNCTIONS(ReportCharts)

public:
    // Volume by day, channel and category, the weekday-by-hour heat map, first responses
    // within target by channel, escalation rate by category, satisfaction scores and trend,
    // backlog age, and solved per agent.
    static QList<ReportChart> build(const Report &report);
};
