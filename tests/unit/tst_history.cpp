#include "catchcompat.h"
#include "teststore.h"
#include "tickethistorymodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace {

QStringList column(const TicketHistoryModel &model, int column)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts << model.index(row, column).data().toString();
    return texts;
}

} // namespace

TEST_CASE("A ticket's history lists every event in words, oldest first, and follows changes", "[models][history]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Card declined"_s, u"It fails"_s, Channel::Chat);
    TicketHistoryModel history(*t.store);
    QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::Fatal);
    history.setTicket(ticket);
    REQUIRE(history.rowCount() == 1);
    CHECK(history.index(0, TicketHistoryModel::WhatColumn).data().toString() == u"Created from Chat"_s);

    t.clock.advance(60 * 1000);
    REQUIRE(t.store->takeTicket(ticket));
    t.clock.advance(60 * 1000);
    REQUIRE(t.store->setPriority(ticket, Priority::Urgent));
    REQUIRE(t.store->addTag(ticket, u"refund"_s));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Note, u"Bank says it is on their side"_s));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Agent, u"Please try again now"_s));
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Solved));
    REQUIRE(t.store->removeTag(ticket, u"refund"_s));

    // The model followed each change on its own.
    CHECK(column(history, TicketHistoryModel::WhatColumn) ==
          QStringList{u"Created from Chat"_s, u"Assigned to 李娜"_s, u"Priority changed to Urgent"_s,
                      u"Tag \"refund\" added"_s, u"Wrote an internal note"_s, u"Replied to the customer"_s,
                      u"Status changed to Solved"_s, u"Tag \"refund\" removed"_s});
    CHECK(column(history, TicketHistoryModel::WhoColumn).count(u"李娜"_s) == history.rowCount());

    // Another ticket's changes leave this history alone.
    const qint64 other = t.addTicket(t.addCustomer(u"王强"_s), u"发票"_s, u"开发票"_s);
    QSignalSpy reset(&history, &QAbstractItemModel::modelReset);
    REQUIRE(t.store->setStatus(other, TicketStatus::Open));
    CHECK(reset.isEmpty());
    CHECK(history.rowCount() == 8);
}

TEST_CASE("A history event of an unknown kind is still shown, as it came", "[models][history]")
{
    AuditEvent event;
    event.action = u"escalate_v9"_s;
    event.detail = u"L3"_s;
    CHECK(TicketHistoryModel::describe(event) == u"escalate_v9: L3"_s);
    event.action = u"status"_s;
    event.detail = u"archived_later"_s; // a key a newer desk may write
    CHECK(TicketHistoryModel::describe(event) == u"Status changed to archived_later"_s);
}
