#include "ticketlifecycle.h"

QList<TicketLifecycle::Transition> TicketLifecycle::transitions()
{
    using S = TicketStatus;
    return {
        {S::New, S::Open},       {S::New, S::Pending},    {S::New, S::OnHold},    {S::New, S::Solved},
        {S::Open, S::Pending},   {S::Open, S::OnHold},    {S::Open, S::Solved},   {S::Pending, S::Open},
        {S::Pending, S::OnHold}, {S::Pending, S::Solved}, {S::OnHold, S::Open},   {S::OnHold, S::Pending},
        {S::OnHold, S::Solved},  {S::Solved, S::Open},    {S::Solved, S::Closed},
    };
}

bool TicketLifecycle::canChange(TicketStatus from, TicketStatus to)
{
    return from == to || transitions().contains(Transition{from, to});
}

QString TicketLifecycle::refusal(TicketStatus from, TicketStatus to)
{
    if (canChange(from, to))
        return {};
    if (from == TicketStatus::Closed)
        return tr("A closed ticket stays closed.");
    if (to == TicketStatus::New)
        return tr("A ticket cannot become new again.");
    if (to == TicketStatus::Closed)
        return tr("Only a solved ticket can be closed: mark it solved first.");
    return tr("A ticket cannot go from %1 to %2.").arg(fieldLabel(from), fieldLabel(to));
}

TicketStatus TicketLifecycle::afterMessage(TicketStatus status, MessageKind kind)
{
    if (kind == MessageKind::Agent && status == TicketStatus::New)
        return TicketStatus::Open;
    if (kind == MessageKind::Customer && (status == TicketStatus::Pending || status == TicketStatus::Solved))
        return TicketStatus::Open;
    return status;
}

bool TicketLifecycle::clockRuns(TicketStatus status)
{
    return status == TicketStatus::New || status == TicketStatus::Open;
}
