#include "catchcompat.h"
#include "conversationmodel.h"
#include "conversationpane.h"
#include "desk.h"
#include "mergebar.h"
#include "mergedialog.h"
#include "mergestore.h"
#include "teststore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// One customer's three tickets (one closed) and another customer's ticket.
struct MergeDesk {
    MergeDesk()
        : customer(t.addCustomer(u"王磊"_s))
        , duplicate(t.addTicket(customer, u"无法登录"_s, u"登录总是提示密码错误"_s, Channel::Chat))
        , kept(t.addTicket(customer, u"账号被锁"_s, u"账号被锁定了"_s, Channel::Phone))
        , closed(t.addTicket(customer, u"旧问题"_s, u"早就解决了"_s))
        , stranger(t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Card declined"_s, u"again"_s))
    {
        REQUIRE(t.store->setStatus(closed, TicketStatus::Solved));
        REQUIRE(t.store->setStatus(closed, TicketStatus::Closed));
    }
    QString name(qint64 id) const { return t.store->ticket(id)->displayId(); }
    TestStore t;
    qint64 customer;
    qint64 duplicate;
    qint64 kept;
    qint64 closed;
    qint64 stranger;
};

QPushButton *mergeButton(const MergeDialog &dialog)
{
    return dialog.buttons()->button(QDialogButtonBox::Ok);
}

} // namespace

TEST_CASE("The merge dialog offers the customer's open tickets and says what will happen", "[gui][merge][dialogs]")
{
    MergeDesk d;
    Desk desk(*d.t.store);
    MergeDialog dialog(desk, d.duplicate);
    dialog.show();
    REQUIRE(dialog.candidateList()->count() == 1); // not itself, not the closed one, not the stranger's
    CHECK(dialog.candidateList()->item(0)->text().contains(d.name(d.kept)));
    CHECK(dialog.targetId() == d.kept);
    CHECK(mergeButton(dialog)->isEnabled());
    CHECK(dialog.previewLabel()->text().contains(d.name(d.kept)));
    CHECK(dialog.previewLabel()->text().contains(d.name(d.duplicate)));

    // Another ticket by its number: allowed, with a word about the other customer.
    QTest::keyClicks(dialog.numberField(), u"#%1"_s.arg(d.stranger));
    CHECK(dialog.targetId() == d.stranger);
    CHECK(dialog.candidateList()->currentItem() == nullptr);
    CHECK(dialog.previewLabel()->text().contains(u"Ana Souza"_s));
    // A closed one: refused with the reason, nothing to press.
    dialog.numberField()->setText(u"#%1"_s.arg(d.closed));
    CHECK(dialog.targetId() == 0);
    CHECK(!mergeButton(dialog)->isEnabled());
    CHECK(dialog.previewLabel()->text().contains(u"closed"_s));
    // A number that is nowhere.
    dialog.numberField()->setText(u"T-99999"_s);
    CHECK(!mergeButton(dialog)->isEnabled());
    CHECK(dialog.previewLabel()->text().contains(u"T-99999"_s));

    dialog.candidateList()->setCurrentRow(0);
    CHECK(dialog.numberField()->text().isEmpty());
    REQUIRE(mergeButton(dialog)->isEnabled());
    QTest::mouseClick(mergeButton(dialog), Qt::LeftButton);
    CHECK(dialog.result() == QDialog::Accepted);
    CHECK(d.t.store->ticket(d.duplicate)->mergedInto == d.kept);
}

TEST_CASE("Merge from the pane: the window goes to the ticket that carries on, which shows both threads",
          "[gui][merge]")
{
    MergeDesk d;
    Desk desk(*d.t.store);
    ConversationPane pane(desk);
    pane.show();
    pane.setTicket(d.duplicate);
    QSignalSpy activated(&pane, &ConversationPane::ticketActivated);
    QTimer::singleShot(0, &pane, [] {
        auto *dialog = qobject_cast<MergeDialog *>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        dialog->accept();
    });
    pane.merge();
    REQUIRE(activated.size() == 1);
    CHECK(activated.first().at(0).toLongLong() == d.kept);

    // The duplicate: a bar that says where the case went, with the undo.
    CHECK(pane.mergeBar()->isVisible());
    CHECK(pane.mergeBar()->textLabel()->text().contains(d.name(d.kept)));
    CHECK(pane.mergeBar()->undoButton()->isEnabled());
    CHECK(!pane.followUpButton()->isVisible()); // the case goes on in the other ticket
    QSignalSpy barLink(&pane, &ConversationPane::ticketActivated);
    Q_EMIT pane.mergeBar()->textLabel()->linkActivated(u"ticket:%1"_s.arg(d.kept));
    CHECK(barLink.size() == 1);

    pane.setTicket(d.kept);
    CHECK(!pane.mergeBar()->isVisible());
    CHECK(pane.linksLabel()->isVisible());
    CHECK(pane.linksLabel()->text().contains(d.name(d.duplicate)));
    REQUIRE(pane.model()->rowCount() == 2);
    CHECK(pane.model()->index(0).data(ConversationModel::MergedFromRole).toString() == d.name(d.duplicate));

    pane.setTicket(d.duplicate);
    QTest::mouseClick(pane.mergeBar()->undoButton(), Qt::LeftButton);
    CHECK(!pane.mergeBar()->isVisible());
    CHECK(d.t.store->ticket(d.duplicate)->status == TicketStatus::New);
    pane.setTicket(d.kept);
    CHECK(pane.model()->rowCount() == 1);
    CHECK(!pane.linksLabel()->isVisible());
}

TEST_CASE("Merging a closed ticket is refused before any dialog opens", "[gui][merge][bad-input]")
{
    MergeDesk d;
    Desk desk(*d.t.store);
    ConversationPane pane(desk);
    pane.show();
    pane.setTicket(d.closed);
    QSignalSpy errors(&pane, &ConversationPane::errorOccurred);
    pane.merge();
    REQUIRE(errors.size() == 1);
    CHECK(errors.first().at(0).toString().contains(u"closed"_s));
    CHECK(QApplication::activeModalWidget() == nullptr);
}
