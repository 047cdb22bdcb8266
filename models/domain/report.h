#pragma once

#include "fieldcodes.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <array>
#include <optional>

// What a report covers: the tickets created on the days from `from` to `to` (both included, in
// the business calendar's time zone), archived ones included, of one team or of all.
struct ReportRequest {
    QDate from;
    QDate to;
    std::optional<qint64> teamId;

    bool operator==(const ReportRequest &) const = default;
};

// The figures of a group of tickets created in the period. Times are business time (opening
// hours, holidays out) from the ticket's creation; a target is met when that time is within the
// service target of the ticket's channel and priority.
struct TicketFigures {
    qint64 created = 0;
    qint64 responded = 0; // with a first public answer
    qint64 firstResponseBms = 0;
    qint64 firstResponseMet = 0;
    qint64 solved = 0;
    qint64 resolutionBms = 0;
    qint64 resolutionMet = 0;
    qint64 reopened = 0; // solved, then back to work at least once
    qint64 escalated = 0;

    void add(const TicketFigures &other);
    // Averages and shares; 0 when nothing was counted.
    qint64 averageFirstResponseBms() const { return responded ? firstResponseBms / responded : 0; }
    qint64 averageResolutionBms() const { return solved ? resolutionBms / solved : 0; }
    double firstResponseCompliance() const { return share(firstResponseMet, responded); }
    double resolutionCompliance() const { return share(resolutionMet, solved); }
    double reopenRate() const { return share(reopened, solved); }
    double escalationRate() const { return share(escalated, created); }
    static double share(qint64 part, qint64 whole) { return whole ? double(part) / double(whole) : 0.0; }

    bool operator==(const TicketFigures &) const = default;
};

struct AgentFigures {
    qint64 agentId = 0; // 0: tickets nobody was assigned
    QString name;
    TicketFigures tickets;
    qint64 ratings = 0; // satisfaction answers in the period for this agent's solves
    qint64 ratingSum = 0;

    double averageRating() const { return ratings ? double(ratingSum) / double(ratings) : 0.0; }
    bool operator==(const AgentFigures &) const = default;
};

struct Report {
    static constexpr int backlogBuckets = 5;

    struct RatingPoint {
        QDate start; // first day of the day or week it counts
        qint64 count = 0;
        qint64 sum = 0;
        double average() const { return count ? double(sum) / double(count) : 0.0; }
        bool operator==(const RatingPoint &) const = default;
    };

    ReportRequest request;
    QString teamName; // empty for every team
    QTimeZone zone;
    qint64 fromMs = 0; // the period as instants: [fromMs, toMs)
    qint64 toMs = 0;

    TicketFigures total;
    std::array<TicketFigures, 5> byChannel{};  // by Channel
    std::array<TicketFigures, 6> byCategory{}; // by Category
    QList<qint64> createdPerDay;               // one per day of the period, from its first
    // Tickets created by weekday (Monday first) and hour of the day, in the calendar's zone.
    std::array<std::array<qint64, 24>, 7> createdByWeekdayHour{};

    std::array<qint64, 5> ratingCounts{}; // answers scoring 1 to 5
    int ratingTrendDays = 1;              // 1: a point per day; 7: per week (periods over a month)
    QList<RatingPoint> ratingTrend;

    // Tickets not solved at the end of the period, by how long they had been waiting:
    // under a day, 1-3 days, 3-7 days, 1-4 weeks, longer.
    std::array<qint64, backlogBuckets> backlogByAge{};

    QList<AgentFigures> agents; // by name, "unassigned" last

    qint64 ratings() const;
    double averageRating() const;
    qint64 backlog() const;
    int days() const { return int(createdPerDay.size()); }
    bool operator==(const Report &) const = default;
};
