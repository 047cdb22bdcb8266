#include "catchcompat.h"
#include "conversationpane.h"
#include "customerstore.h"
#include "desk.h"
#include "escalationbar.h"
#include "escalationdialog.h"
#include "escalationstore.h"
#include "peoplestore.h"
#include "teststore.h"
#include "ticketlistmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct EscalationDesk {
    EscalationDesk()
    {
        l2 = *PeopleStore(*t.store).createTeam({0, u"Technical Specialists L2"_s, 2});
        const qint64 l3 = *PeopleStore(*t.store).createTeam({0, u"管理层 L3"_s, 3});
        Agent specialist;
        specialist.login = u"liu.yang"_s;
        specialist.name = u"刘洋"_s;
        specialist.teamId = l2;
        liuYang = *PeopleStore(*t.store).createAgent(specialist);
        Agent manager;
        manager.login = u"sarah"_s;
        manager.name = u"Sarah Mitchell"_s;
        manager.teamId = l3;
        manager.role = AgentRole::Supervisor;
        sarah = *PeopleStore(*t.store).createAgent(manager);
        Customer customer;
        customer.name = u"张伟"_s;
        customer.username = u"zhangwei88"_s;
        customer.accountStatus = AccountStatus::Locked;
        ticket = t.addTicket(*CustomerStore(*t.store).createCustomer(customer), u"App 闪退"_s, u"升级后一打开就闪退"_s);
        REQUIRE(t.store->takeTicket(ticket));
    }
    TestStore t;
    qint64 l2 = 0, liuYang = 0, sarah = 0, ticket = 0;
};

} // namespace

TEST_CASE("The escalation dialog offers higher tiers, pre-fills the facts and escalates", "[gui][escalation][dialogs]")
{
    EscalationDesk d;
    Desk desk(*d.t.store);
    EscalationDialog dialog(desk, d.ticket);
    dialog.show();
    // Only tiers above L1 are offered for a functional escalation.
    REQUIRE(dialog.teamBox()->count() == 2);
    CHECK(dialog.teamBox()->itemText(0).contains(u"L2"_s));
    CHECK(dialog.summaryField()->toPlainText().contains(u"升级后一打开就闪退"_s));
    CHECK(dialog.factField(u"account"_s)->text().contains(u"zhangwei88"_s));
    CHECK(dialog.factBox(u"account"_s)->isChecked());
    CHECK(!dialog.factBox(u"steps"_s)->isChecked());
    QTest::keyClicks(dialog.factField(u"steps"_s), u"Reinstalled"_s);
    CHECK(dialog.factBox(u"steps"_s)->isChecked()); // writing a fact down collects it

    dialog.personBox()->setCurrentIndex(dialog.personBox()->findData(d.liuYang));
    QTest::keyClicks(dialog.reasonField(), u"Needs the crash logs read"_s);
    dialog.urgencyBox()->setCurrentIndex(dialog.urgencyBox()->findData(int(Priority::Urgent)));
    dialog.accept();
    REQUIRE(dialog.result() == QDialog::Accepted);
    const auto open = EscalationStore(*d.t.store).openEscalation(d.ticket);
    REQUIRE(open);
    CHECK(open->id == dialog.escalationId());
    CHECK(open->toAgentName == u"刘洋"_s);
    CHECK(open->urgency == Priority::Urgent);
    const auto ticket = d.t.store->ticket(d.ticket);
    CHECK(ticket->priority == Priority::Urgent);
    CHECK(ticket->escalationTier == 2);
}

TEST_CASE("The escalation dialog asks for a reason and a supervisor, keeping what was typed",
          "[gui][escalation][dialogs][bad-input]")
{
    EscalationDesk d;
    Desk desk(*d.t.store);
    EscalationDialog dialog(desk, d.ticket);
    dialog.show();
    dialog.summaryField()->setPlainText(u"我写的摘要"_s);
    dialog.accept();
    CHECK(dialog.result() != QDialog::Accepted);
    CHECK(dialog.errorLabel()->isVisible());
    CHECK(dialog.errorLabel()->text().contains(u"reason"_s));
    CHECK(dialog.summaryField()->toPlainText() == u"我写的摘要"_s);

    QTest::mouseClick(dialog.hierarchicalButton(), Qt::LeftButton);
    CHECK(!dialog.teamBox()->isEnabled());
    // Only supervisors and managers are offered above the agent.
    REQUIRE(dialog.personBox()->count() == 1);
    CHECK(dialog.personBox()->itemData(0).toLongLong() == d.sarah);
    QTest::keyClicks(dialog.reasonField(), u"Customer asks for a manager"_s);
    dialog.accept();
    CHECK(dialog.result() == QDialog::Accepted);
    CHECK(d.t.store->ticket(d.ticket)->assigneeName == u"Sarah Mitchell"_s);
    CHECK(EscalationStore(*d.t.store).escalations(d.ticket).size() == 1);
}

TEST_CASE("An escalated ticket says so in its header and list row, and its receiver hands it back", "[gui][escalation]")
{
    EscalationDesk d;
    EscalationRequest request;
    request.ticketId = d.ticket;
    request.toTeamId = d.l2;
    request.reason = u"Crash"_s;
    request.summary = u"Crashes on start"_s;
    REQUIRE(EscalationStore(*d.t.store).escalate(request));

    TicketListModel list(*d.t.store, d.t.clock);
    list.setFilter(TicketFilter{});
    QModelIndex row;
    for (int r = 0; r < list.rowCount(); ++r) {
        if (list.index(r, 0).data(TicketListModel::TicketIdRole).toLongLong() == d.ticket)
            row = list.index(r, TicketListModel::StatusColumn);
    }
    REQUIRE(row.isValid());
    CHECK(row.data(TicketListModel::EscalationTierRole).toInt() == 2);
    CHECK(row.data(Qt::ToolTipRole).toString().contains(u"L2"_s));

    Desk desk(*d.t.store);
    ConversationPane pane(desk);
    pane.show();
    pane.setTicket(d.ticket);
    EscalationBar *bar = pane.escalationBar();
    REQUIRE(bar->isVisible());
    CHECK(bar->textLabel()->text().contains(u"L2"_s));
    CHECK(bar->textLabel()->text().contains(u"李娜"_s));
    CHECK(bar->textLabel()->text().contains(u"Crash"_s));
    CHECK(bar->handBackButton()->isHidden()); // the sender does not hand back to themselves

    REQUIRE(d.t.store->setCurrentAgent(u"liu.yang"_s));
    pane.setTicket(d.ticket);
    CHECK(bar->handBackButton()->isVisible());
    CHECK(!bar->handBack(QString()));
    CHECK(bar->isVisible());
    REQUIRE(bar->handBack(u"Known bug, fixed in 5.2.1"_s));
    CHECK(bar->isHidden());
    CHECK(d.t.store->ticket(d.ticket)->assigneeName == u"李娜"_s);
    CHECK(pane.escalateButton()->isEnabled());
}
