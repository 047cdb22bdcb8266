#pragma once

#include "report.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

// One table of a report as people read it: translated headings with their units, and cells
// as plain numbers (a dot for decimals) so that a spreadsheet reads the CSV as numbers. The
// same tables are shown under the charts, written as CSV files and printed in the PDF.
struct ReportTable {
    QString key; // the CSV file's name, without ".csv"
    QString title;
    QStringList headers;
    QList<QStringList> rows;
};

class ReportTables
{
    Q_DECLARE_TR_FUNCTIONS(ReportTables)

public:
    // Summary, by channel, by category, by agent, by day, by weekday and hour, satisfaction
    // and its trend, and backlog age, in that order.
    static QList<ReportTable> build(const Report &report);

    // "Technical support, 2 – 8 March 2026" in the language of the program.
    static QString title(const Report &report);
    static QString period(const Report &report);
    // Business hours with two decimals, a share as a percentage with one.
    static QString hours(qint64 msecs);
    static QString percent(double share);
    static QString backlogAgeLabel(int bucket);
    static QString agentName(const AgentFigures &agent);
};
