#include "escalationprefill.h"

#include "customerstore.h"
#include "escalationfacts.h"
#include "localstore.h"

using namespace Qt::StringLiterals;

QList<EscalationFact> EscalationPrefill::facts(LocalStore &store, qint64 ticketId)
{
    QHash<QString, QString> values;
    const std::optional<Ticket> ticket = store.ticket(ticketId);
    if (ticket) {
        if (const auto customer = CustomerStore(store).customer(ticket->customerId)) {
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
        const QList<CustomerOrder> orders = CustomerStore(store).orders(ticket->customerId);
        if (!orders.isEmpty()) {
            const CustomerOrder &order = orders.first();
            values[u"order"_s] = u"%1 (%2, %3)"_s.arg(order.number, fieldLabel(order.status).toLower(),
                                                      fieldLabel(order.paymentState).toLower());
        }
        const QList<Device> devices = CustomerStore(store).devices(ticket->customerId);
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
    for (const QString &key : EscalationFacts::keys()) {
        const QString value = values.value(key);
        facts.append({key, value, !value.isEmpty()});
    }
    return facts;
}
