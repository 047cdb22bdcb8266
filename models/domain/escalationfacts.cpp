#include "escalationfacts.h"

using namespace Qt::StringLiterals;

QStringList EscalationFacts::keys()
{
    return {u"account"_s, u"order"_s, u"device"_s, u"steps"_s, u"attachments"_s};
}

QString EscalationFacts::label(const QString &key)
{
    if (key == u"account")
        return tr("Account");
    if (key == u"order")
        return tr("Order number");
    if (key == u"device")
        return tr("Device model and OS version");
    if (key == u"steps")
        return tr("Steps already tried");
    if (key == u"attachments")
        return tr("Attachments");
    return key;
}

QString EscalationFacts::noteText(const Escalation &escalation)
{
    QStringList lines;
    const QString to = escalation.toAgentName.isEmpty()
                           ? escalation.toTeamName
                           : u"%1 (%2)"_s.arg(escalation.toAgentName, escalation.toTeamName);
    lines << tr("Escalated to L%1, %2: %3").arg(escalation.toTier).arg(to, escalation.reason);
    if (!escalation.summary.trimmed().isEmpty())
        lines << QString() << escalation.summary.trimmed();
    QStringList collected;
    for (const EscalationFact &fact : escalation.facts) {
        if (fact.collected)
            collected << u"✓ %1: %2"_s.arg(label(fact.key), fact.value);
    }
    if (!collected.isEmpty())
        lines << QString() << tr("Collected:") << collected;
    return lines.join(u'\n');
}
