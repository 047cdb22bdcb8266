#include "cannedanswerfiller.h"

#include "customerstore.h"
#include "localstore.h"
#include "peoplestore.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

QString valueOf(const QString &name, const CannedAnswerFiller::Values &v, bool *known)
{
    *known = true;
    if (name == u"customer.name")
        return v.customerName;
    if (name == u"customer.email")
        return v.customerEmail;
    if (name == u"customer.username")
        return v.customerUsername;
    if (name == u"ticket.id")
        return v.ticketId;
    if (name == u"ticket.subject")
        return v.ticketSubject;
    if (name == u"agent.name")
        return v.agentName;
    *known = false;
    return {};
}

} // namespace

CannedAnswerFiller::Values CannedAnswerFiller::valuesFor(LocalStore &store, qint64 ticketId)
{
    Values values;
    if (const auto ticket = store.ticket(ticketId)) {
        values.ticketId = ticket->displayId();
        values.ticketSubject = ticket->subject;
        values.customerName = ticket->customerName;
        if (const auto customer = CustomerStore(store).customer(ticket->customerId)) {
            values.customerName = customer->name;
            values.customerEmail = customer->email;
            values.customerUsername = customer->username;
        }
    }
    if (const auto me = PeopleStore(store).agent(store.currentAgentId()))
        values.agentName = me->name;
    return values;
}

QString CannedAnswerFiller::fill(const QString &text, const Values &values, QStringList *unknown)
{
    static const QRegularExpression variable(u"\\{([a-z]+\\.[a-z]+)\\}"_s);
    QString result;
    result.reserve(text.size());
    qsizetype from = 0;
    for (auto it = variable.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        result += QStringView(text).mid(from, match.capturedStart() - from);
        bool known = false;
        const QString value = valueOf(match.captured(1), values, &known);
        if (known) {
            result += value;
        } else {
            result += match.captured(0);
            if (unknown && !unknown->contains(match.captured(0)))
                unknown->append(match.captured(0));
        }
        from = match.capturedEnd();
    }
    result += QStringView(text).mid(from);
    return result;
}

QStringList CannedAnswerFiller::variableNames()
{
    return {u"{customer.name}"_s, u"{customer.email}"_s, u"{customer.username}"_s,
            u"{ticket.id}"_s,     u"{ticket.subject}"_s, u"{agent.name}"_s};
}

QString CannedAnswerFiller::help()
{
    return tr("Variables filled in when the answer is inserted: %1").arg(variableNames().join(u", "_s));
}
