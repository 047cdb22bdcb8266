#include "escalationfacts.h"

#include "localstore.h"

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

QList<EscalationFact> EscalationFacts::prefill(const LocalStore &store, qint64 ticketId)
{
    QHash<QString, QString> values;
    const std::optional<Ticket> ticket = store.ticket(ticketId);
    if (ticket) {
        if (const auto customer = store.customer(ticket->customerId)) {
            QStringList account;
            for (const QString &part : {customer->username, customer->email, customer->phone}) {
                if (!part.isEmpty())
                    account << part;
            }
            if (!account.isEmpty()) {
                values[u"account"_s] = tr("%1 (%2, two-step verification %3)")
                                           .arg(account.join(u" · "_s), fieldLabel(customer->accountStatus).toLower(),
                                                customer->twoFactor ? tr("on") : tr("off"));
            }
        }
        // The latest order (listed first) and device are the likeliest subject of a request.
        const QList<CustomerOrder> orders = store.orders(ticket->customerId);
        if (!orders.isEmpty()) {
            const CustomerOrder &order = orders.first();
            values[u"order"_s] = u"%1 (%2, %3)"_s.arg(order.number, fieldLabel(order.status).toLower(),
                                                      fieldLabel(order.paymentState).toLower());
        }
        const QList<Device> devices = store.devices(ticket->customerId);
        if (!devices.isEmpty()) {
            const Device &device = devices.last();
            QStringList parts{device.model};
            if (!device.osVersion.isEmpty())
                parts << device.osVersion;
            if (!device.appVersion.isEmpty())
                parts << tr("app %1").arg(device.appVersion);
            values[u"device"_s] = parts.join(u", "_s);
        }
        QStringList names;
        for (const Message &message : store.messages(ticketId)) {
            for (const Attachment &attachment : message.attachments)
                names << attachment.name;
        }
        if (!names.isEmpty())
            values[u"attachments"_s] = names.join(u", "_s);
    }
    QList<EscalationFact> facts;
    for (const QString &key : keys()) {
        const QString value = values.value(key);
        facts.append({key, value, !value.isEmpty()});
    }
    return facts;
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
