#include "searchcommand.h"

#include "clock.h"
#include "commandline.h"
#include "customerstore.h"
#include "localstore.h"
#include "ticketlistquery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace cli {

int search(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(databaseOption());
    const QCommandLineOption json(u"json"_s, Deskctl::tr("As JSON, for scripts."));
    const QCommandLineOption limit(u"limit"_s, Deskctl::tr("At most this many tickets (50)."), u"N"_s, u"50"_s);
    parser.addOptions({json, limit});
    parser.addPositionalArgument(u"text"_s, Deskctl::tr("What to look for: words, a ticket number, a customer's email, "
                                                        "phone, username or order number."));
    if (!parseCommand(parser, arguments,
                      Deskctl::tr("Find customers and tickets as the window's search box does: the customers first, "
                                  "then the tickets, the one named by its number first.")))
        return 2;
    const QString text = parser.positionalArguments().join(u' ').trimmed();
    if (text.isEmpty())
        return fail(Deskctl::tr("Give the text to look for."));
    bool ok = false;
    const int maxTickets = parser.value(limit).toInt(&ok);
    if (!ok || maxTickets < 1 || maxTickets > 10000)
        return fail(Deskctl::tr("--limit takes a whole number from 1 to 10000."));
    SystemClock clock;
    LocalStore store(clock);
    if (!openStore(store, parser))
        return 1;

    const QList<Customer> customers = CustomerStore(store).findCustomers(text, Customer::searchHits);
    TicketFilter filter;
    filter.view = TicketFilter::View::All;
    filter.searchText = text;
    filter.nowMs = store.nowMs();
    TicketListQuery::SearchCursor cursor;
    QList<TicketRow> tickets;
    const TicketListQuery query(store);
    while (!cursor.exhausted && tickets.size() < maxTickets)
        tickets += query.searchPage(filter, cursor, maxTickets - int(tickets.size()));
    if (tickets.size() > maxTickets)
        tickets.resize(maxTickets);

    if (parser.isSet(json)) {
        QJsonArray c;
        for (const Customer &customer : customers)
            c.append(QJsonObject{{u"id"_s, customer.id},
                                 {u"external_id"_s, customer.externalId},
                                 {u"name"_s, customer.name},
                                 {u"email"_s, customer.email},
                                 {u"phone"_s, customer.phone},
                                 {u"username"_s, customer.username}});
        QJsonArray t;
        for (const TicketRow &row : tickets)
            t.append(QJsonObject{{u"number"_s, row.displayId()},
                                 {u"id"_s, row.id},
                                 {u"subject"_s, row.subject},
                                 {u"customer"_s, row.customerName},
                                 {u"status"_s, fieldKey(row.status)}});
        out() << QJsonDocument(QJsonObject{{u"customers"_s, c}, {u"tickets"_s, t}}).toJson(QJsonDocument::Indented);
        out().flush();
        return 0;
    }
    out() << Deskctl::tr("Customers: %1").arg(customers.size()) << '\n';
    for (const Customer &customer : customers)
        out() << "  " << customer.name << "  " << customer.email << "  " << customer.phone << '\n';
    out() << Deskctl::tr("Tickets: %1").arg(tickets.size()) << '\n';
    for (const TicketRow &row : tickets)
        out() << "  " << row.displayId() << "  " << fieldLabel(row.status) << "  " << row.subject << '\n';
    out().flush();
    return 0;
}

} // namespace cli
