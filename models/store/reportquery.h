#pragma once

#include "fieldcodes.h"
#include "report.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <array>
#include <functional>
#include <optional>

class LocalStore;
class QSqlQuery;

// Works a report out of running totals per day (store migrations 16 and 17), so a year of a
// million tickets is read in a few thousand rows. Each ticket's facts (business times in the
// calendar the store has now, whether they met the targets, its local day and hour, its last
// rating) are worked out once and kept in its ticket_report row with what else it is counted by;
// a ticket becomes part of the totals when they are. When something they were counted from
// changes, the store's triggers only mark the row stale: prepare() takes it out of the totals as
// it was counted, and counts it again with the tickets not yet counted. run() does so first.
class ReportQuery
{
    Q_DECLARE_TR_FUNCTIONS(ReportQuery)

public:
    // Told how many tickets have had their business times worked out of how many need them;
    // returning false stops the work (what was done so far is kept).
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    explicit ReportQuery(LocalStore &store);

    bool prepare(const Progress &progress = {});
    std::optional<Report> run(const ReportRequest &request, const Progress &progress = {});
    QString errorString() const { return m_error; }
    bool wasCancelled() const { return m_cancelled; }

private:
    bool readTicketFigures(Report &report);
    bool readVolume(Report &report);
    bool readBacklog(Report &report);
    bool readRatings(Report &report);
    bool fail(const QString &message);
    // Runs a query over the running totals of the report's days (and team).
    bool select(QSqlQuery &query, const QString &sql, const Report &report);
    static QString cellCondition(const Report &report);

    LocalStore &m_store;
    QString m_error;
    bool m_cancelled = false;
};
