#include "slawatcher.h"

#include "clock.h"
#include "localstore.h"

#include <QTimer>

SlaWatcher::SlaWatcher(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

void SlaWatcher::start(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &SlaWatcher::check);
    }
    m_timer->start(intervalMs);
}

void SlaWatcher::check()
{
    const qint64 me = m_store.currentAgentId();
    if (me <= 0)
        return;
    const qint64 now = m_store.clock().now().toMSecsSinceEpoch();
    const SlaSchedule &sla = m_store.sla();
    QHash<qint64, Told> stillRunning;
    for (qint64 id : m_store.runningTicketsOf(me)) {
        const auto ticket = m_store.ticket(id);
        const auto clock = m_store.slaClock(id);
        if (!ticket || !clock || !ticket->dueAt.isValid())
            continue;
        const qint64 due = ticket->dueAt.toMSecsSinceEpoch();
        const bool answered = ticket->firstResponseAt.isValid();
        // The deadline is the next answer's when a customer's message waits and that comes first.
        const bool nextAnswer = answered && ticket->awaitingReplySince.isValid() &&
                                sla.nextResponseDueAt(ticket->channel, ticket->priority,
                                                      ticket->awaitingReplySince.toMSecsSinceEpoch()) == due;
        const qint64 target =
            nextAnswer ? sla.policy().targetMsecs(SlaPolicy::Target::NextResponse, ticket->channel, ticket->priority)
                       : sla.currentTargetMsecs(ticket->channel, ticket->priority, answered);
        const qint64 used =
            nextAnswer ? sla.calendar().businessMsecsBetween(ticket->awaitingReplySince.toMSecsSinceEpoch(), now)
                       : sla.usedMsecs(*clock, now);
        const int level = now >= due ? 2 : double(used) >= nearlyDueShare * double(target) ? 1 : 0;
        Told told = m_told.value(id);
        if (told.dueMs != due)
            told = {due, 0};
        if (level > told.level) {
            told.level = level;
            QString text;
            if (level == 2)
                text = nextAnswer ? tr("%1 is past its deadline to answer the customer again: %2")
                       : answered ? tr("%1 is past its deadline to be solved: %2")
                                  : tr("%1 is past its deadline for a first answer: %2");
            else
                text = nextAnswer ? tr("%1 has used three quarters of its time to answer the customer again: %2")
                       : answered ? tr("%1 has used three quarters of its time to be solved: %2")
                                  : tr("%1 has used three quarters of its time for a first answer: %2");
            Q_EMIT alert(id, level == 2 ? Alert::Overdue : Alert::NearlyDue,
                         text.arg(ticket->displayId(), ticket->subject));
        }
        stillRunning.insert(id, told);
    }
    m_told = stillRunning; // tickets no longer running or no longer mine are forgotten
}
