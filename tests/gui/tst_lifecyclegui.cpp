#include "catchcompat.h"
#include "composerwidget.h"
#include "conversationpane.h"
#include "teststore.h"
#include "ticketlifecycle.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardItemModel>

using namespace Qt::StringLiterals;

namespace {

bool offered(QComboBox *box, TicketStatus status)
{
    const auto *items = qobject_cast<QStandardItemModel *>(box->model());
    REQUIRE(items);
    return items->item(box->findData(int(status)))->isEnabled();
}

} // namespace

TEST_CASE("The status box offers only the moves the lifecycle allows", "[gui][lifecycle]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Card declined"_s, u"It keeps failing"_s);
    ConversationPane pane(*t.store);
    pane.show();
    pane.setTicket(ticket);
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
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"王强"_s), u"发票抬头"_s, u"需要改抬头"_s);
    ConversationPane pane(*t.store);
    pane.show();
    pane.setTicket(ticket);
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
