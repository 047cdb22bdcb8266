#include "catchcompat.h"
#include "composerwidget.h"
#include "conversationpane.h"
#include "desk.h"
#include "draftstore.h"
#include "teststore.h"
#include "tickethistorymodel.h"
#include "ticketlifecycle.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTest>
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
        , desk(*t.store)
        , pane(desk)
    {
        pane.show();
        pane.setTicket(ticket);
    }
    TestStore t;
    qint64 ticket;
    Desk desk;
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

TEST_CASE("A closed ticket is followed up in a new linked ticket that keeps what was typed",
          "[gui][lifecycle][followup]")
{
    PaneOnTicket p(u"张伟"_s, u"退款进度"_s, u"退款还没到"_s);
    REQUIRE(p.t.store->addMessage(p.ticket, MessageKind::Agent, u"已退款"_s));
    REQUIRE(DraftStore(*p.t.store).save(p.ticket, {u"您好，关于上次的退款……"_s, false}));
    REQUIRE(p.t.store->setStatus(p.ticket, TicketStatus::Solved));
    REQUIRE(p.t.store->setStatus(p.ticket, TicketStatus::Closed));
    p.pane.setTicket(p.ticket);
    REQUIRE(p.pane.followUpButton()->isVisible());
    CHECK(p.pane.linksLabel()->isHidden());

    QSignalSpy opened(&p.pane, &ConversationPane::ticketActivated);
    QTest::mouseClick(p.pane.followUpButton(), Qt::LeftButton);
    REQUIRE(opened.size() == 1);
    const qint64 next = opened.first().at(0).toLongLong();
    CHECK(p.t.store->ticket(next)->followUpOf == p.ticket);
    CHECK(DraftStore(*p.t.store).draft(next)->body == u"您好，关于上次的退款……"_s); // nothing typed is lost
    CHECK(!DraftStore(*p.t.store).draft(p.ticket));
    CHECK(p.pane.linksLabel()->isVisible());
    CHECK(p.pane.linksLabel()->text().contains(p.t.store->ticket(next)->displayId()));

    p.pane.setTicket(next);
    CHECK(p.pane.followUpButton()->isHidden());
    CHECK(p.pane.linksLabel()->text().contains(p.t.store->ticket(p.ticket)->displayId()));
    CHECK(p.pane.composer()->editor()->toPlainText() == u"您好，关于上次的退款……"_s);
    Q_EMIT p.pane.linksLabel()->linkActivated(u"ticket:%1"_s.arg(p.ticket));
    REQUIRE(opened.size() == 2);
    CHECK(opened.last().at(0).toLongLong() == p.ticket);
}
