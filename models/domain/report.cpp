#include "report.h"

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
