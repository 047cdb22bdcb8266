#include "catchcompat.h"
#include "composerwidget.h"
#include "conversationpane.h"
#include "teststore.h"
#include "tickethistorymodel.h"
#include "ticketlifecycle.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace {

bool offered(QComboBox *box, TicketStatus status)
{
    const auto *items = qobject_cast<QStandardItemModel *>(box->model());
    REQUIRE(items);
    return items->item(box->findData(int(status)))->isEnabled();
}

// A new ticket open in a conversation pane on screen.
struct PaneOnTicket {
    explicit PaneOnTicket(const QString &customer, const QString &subject, const QString &body)
        : ticket(t.addTicket(t.addCustomer(customer), subject, body))
        , pane(*t.store)
    {
        pane.show();
        pane.setTicket(ticket);
    }
    TestStore t;
    qint64 ticket;
    ConversationPane pane;
};

} // namespace

TEST_CASE("The status box offers only the moves the lifecycle allows", "[gui][lifecycle]")
{
    PaneOnTicket on(u"Ana Souza"_s, u"Card declined"_s, u"It keeps failing"_s);
    TestStore &t = on.t;
    const qint64 ticket = on.ticket;
    ConversationPane &pane = on.pane;
    QComboBox *status = pane.statusBox();
    CHECK(status->currentData().toInt() == int(TicketStatus::New));
    for (TicketStatus to : allFieldValues<TicketStatus>())
        CHECK(offered(status, to) == TicketLifecycle::canChange(TicketStatus::New, to));
    CHECK_FALSE(offered(status, TicketStatus::Closed));

    REQUIRE(t.store->setStatus(ticket, TicketStatus::Solved));
    CHECK(status->currentData().toInt() == int(TicketStatus::Solved));
    CHECK(offered(status, TicketStatus::Closed));
    CHECK_FALSE(offered(status, TicketStatus::Pending));
    CHECK(pane.composer()->isEnabled());
}

TEST_CASE("A closed ticket's composer says it takes no more messages and keeps what was typed", "[gui][lifecycle]")
{
    PaneOnTicket on(u"王强"_s, u"发票抬头"_s, u"需要改抬头"_s);
    TestStore &t = on.t;
    const qint64 ticket = on.ticket;
    ConversationPane &pane = on.pane;
    pane.composer()->editor()->setPlainText(u"已经为您修改"_s);
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Solved));
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Closed));
    CHECK(pane.composer()->isClosed());
    CHECK_FALSE(pane.composer()->isEnabled());
    CHECK(pane.composer()->editor()->placeholderText().contains(u"closed"_s));
    CHECK(pane.composer()->editor()->toPlainText() == u"已经为您修改"_s);
    for (TicketStatus to : allFieldValues<TicketStatus>())
        CHECK(offered(pane.statusBox(), to) == (to == TicketStatus::Closed));
}

TEST_CASE("The History tab beside the conversation shows what happened to the ticket", "[gui][history]")
{
    PaneOnTicket on(u"Ana Souza"_s, u"Card declined"_s, u"It keeps failing"_s);
    TestStore &t = on.t;
    const qint64 ticket = on.ticket;
    ConversationPane &pane = on.pane;
    REQUIRE(pane.views()->count() == 2);
    CHECK(pane.views()->tabText(1) == u"History"_s);
    pane.views()->setCurrentIndex(1);
    CHECK(pane.history()->isVisible());
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Pending));
    const QAbstractItemModel *events = pane.history()->model();
    REQUIRE(events->rowCount() == 2);
    CHECK(events->index(1, TicketHistoryModel::WhatColumn).data().toString() == u"Status changed to Pending"_s);

    const qint64 other = t.addTicket(t.addCustomer(u"王强"_s), u"发票抬头"_s, u"需要改抬头"_s);
    pane.setTicket(other);
    CHECK(events->rowCount() == 1); // the other ticket's own history, not the first one's
}
