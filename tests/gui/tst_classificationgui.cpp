#include "catchcompat.h"
#include "classificationbar.h"
#include "classificationrulestore.h"
#include "conversationpane.h"
#include "desk.h"
#include "newticketdialog.h"
#include "rulesdialog.h"
#include "teststore.h"
#include "ticketclassifier.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

void typeChinese(QWidget *editor, const QString &text)
{
    editor->setFocus();
    QInputMethodEvent preedit(u"zhifu"_s, {});
    QCoreApplication::sendEvent(editor, &preedit);
    QInputMethodEvent commit;
    commit.setCommitString(text);
    QCoreApplication::sendEvent(editor, &commit);
}

} // namespace

TEST_CASE("The new-ticket dialog fills category and priority from the rules as the agent types",
          "[gui][classification]")
{
    TestStore t;
    REQUIRE(ClassificationRuleStore(*t.store).ensureDefaults());
    const qint64 customer = t.addCustomer(u"张伟"_s, u"+86 138 0000 0001"_s);
    Desk desk(*t.store);
    NewTicketDialog dialog(desk);
    dialog.show();
    dialog.setCaller(u"138 0000 0001"_s);
    REQUIRE(dialog.selectedCustomerId() == customer);
    CHECK(dialog.suggestionLabel()->isHidden());

    typeChinese(dialog.subjectField(), u"支付失败"_s);
    CHECK(dialog.subjectField()->text() == u"支付失败"_s);
    CHECK(dialog.categoryBox()->currentData().toInt() == int(Category::Payment));
    CHECK(dialog.priorityBox()->currentData().toInt() == int(Priority::High));
    CHECK(dialog.suggestionLabel()->isVisible());
    CHECK(dialog.suggestionLabel()->text().contains(u"支付失败"_s));

    // The agent's own pick stays; the rules go on suggesting only what the agent left alone.
    dialog.categoryBox()->setFocus();
    QTest::keyClick(dialog.categoryBox(), Qt::Key_Up); // Payment -> Account & login, an agent's choice
    REQUIRE(dialog.categoryBox()->currentData().toInt() == int(Category::Account));
    typeChinese(dialog.descriptionField(), u"紧急，订单付不了款"_s);
    CHECK(dialog.categoryBox()->currentData().toInt() == int(Category::Account));
    CHECK(dialog.priorityBox()->currentData().toInt() == int(Priority::Urgent));

    dialog.accept();
    REQUIRE(dialog.result() == QDialog::Accepted);
    const auto ticket = t.store->ticket(dialog.createdTicketId());
    REQUIRE(ticket);
    CHECK(ticket->category == Category::Account);
    CHECK(ticket->priority == Priority::Urgent);
    CHECK(ticket->tags.contains(u"payment"_s));
}

TEST_CASE("A new ticket shows the rules' suggestion with the reason, and Apply sets it", "[gui][classification]")
{
    TestStore t;
    REQUIRE(ClassificationRuleStore(*t.store).ensureDefaults());
    const qint64 login = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"收不到验证码"_s);
    const qint64 plain = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Hello"_s, u"What are your opening hours?"_s);
    Desk desk(*t.store);
    ConversationPane pane(desk);
    pane.show();
    pane.setTicket(login);
    ClassificationBar *bar = pane.classificationBar();
    REQUIRE(bar->isVisible());
    // The two-step rule comes first and decides both the category and the tag.
    CHECK(bar->textLabel()->text().contains(u"验证码"_s));
    CHECK(bar->textLabel()->text().contains(fieldLabel(Category::Account)));
    CHECK(bar->textLabel()->text().contains(u"#2fa"_s));

    QTest::mouseClick(bar->applyButton(), Qt::LeftButton);
    const auto applied = t.store->ticket(login);
    CHECK(applied->category == Category::Account);
    CHECK(applied->tags.contains(u"2fa"_s));
    CHECK(bar->isHidden()); // nothing left to suggest
    CHECK(pane.categoryBox()->currentData().toInt() == int(Category::Account));

    pane.setTicket(plain);
    CHECK(bar->isHidden());

    // Dismissed: the ticket keeps what it has and the bar does not come back while it is open.
    const qint64 order = t.addTicket(t.addCustomer(u"Li Lei"_s), u"订单一直没发货"_s);
    pane.setTicket(order);
    REQUIRE(bar->isVisible());
    QTest::mouseClick(bar->dismissButton(), Qt::LeftButton);
    CHECK(bar->isHidden());
    CHECK(t.store->ticket(order)->category == Category::Other);
    pane.setTicket(plain);
    pane.setTicket(order);
    CHECK(bar->isHidden());
}

TEST_CASE("A supervisor adds, orders and tries a rule in the rules dialog", "[gui][classification][dialogs]")
{
    TestStore t;
    REQUIRE(ClassificationRuleStore(*t.store).ensureDefaults());
    t.signInAsSupervisor();
    Desk desk(*t.store);
    RulesDialog dialog(desk);
    dialog.show();
    REQUIRE(dialog.canEdit());
    const int before = dialog.ruleList()->count();
    REQUIRE(before == int(TicketClassifier::defaultRules().size()));

    dialog.newRule();
    dialog.nameField()->setText(u"Invoice"_s);
    dialog.phrasesField()->setPlainText(u"发票\ninvoice*"_s);
    dialog.categoryBox()->setCurrentIndex(dialog.categoryBox()->findData(int(Category::Order)));
    dialog.tagsField()->setText(u"invoice，billing"_s);
    REQUIRE(dialog.saveRule());
    CHECK(dialog.ruleList()->count() == before + 1);
    CHECK(dialog.ruleList()->currentItem()->text() == u"Invoice"_s);
    const auto saved = ClassificationRuleStore(*t.store).rules().last();
    CHECK(saved.phrases == QStringList{u"发票"_s, u"invoice*"_s});
    CHECK(saved.tags == QStringList{u"invoice"_s, u"billing"_s});
    CHECK(saved.category == Category::Order);

    REQUIRE(dialog.moveRule(-1));
    CHECK(dialog.ruleList()->item(before - 1)->text() == u"Invoice"_s);

    QTest::keyClicks(dialog.sampleField(), u"Please send the invoices"_s);
    CHECK(dialog.sampleResult()->text().contains(u"Invoice: "_s));
    CHECK(dialog.sampleResult()->text().contains(u"#billing"_s));
    dialog.sampleField()->clear();
    QTest::keyClicks(dialog.sampleField(), u"nothing to see"_s);
    CHECK(dialog.sampleResult()->text() == u"No rule matches."_s);
}

TEST_CASE("The rules dialog refuses a rule that would match everything and keeps the form",
          "[gui][classification][dialogs][bad-input]")
{
    TestStore t;
    t.signInAsSupervisor();
    Desk desk(*t.store);
    RulesDialog dialog(desk);
    dialog.show();
    dialog.newRule();
    dialog.nameField()->setText(u"All to payment"_s);
    dialog.categoryBox()->setCurrentIndex(dialog.categoryBox()->findData(int(Category::Payment)));
    CHECK(!dialog.saveRule());
    CHECK(dialog.errorLabel()->isVisible());
    CHECK(dialog.errorLabel()->text().contains(u"condition"_s));
    CHECK(dialog.nameField()->text() == u"All to payment"_s);
    CHECK(ClassificationRuleStore(*t.store).rules().isEmpty());
}

TEST_CASE("An agent reads and tries the rules but cannot change them", "[gui][classification][dialogs]")
{
    TestStore t; // signed in as li.na, an agent
    REQUIRE(ClassificationRuleStore(*t.store).ensureDefaults());
    Desk desk(*t.store);
    RulesDialog dialog(desk);
    dialog.show();
    CHECK(!dialog.canEdit());
    CHECK(!dialog.nameField()->isEnabled());
    CHECK(!dialog.findChild<QPushButton *>(u"saveRule"_s)->isEnabled());
    CHECK(dialog.findChild<QLabel *>(u"readOnlyNote"_s)->isVisible());
    QTest::keyClicks(dialog.sampleField(), u"app crash"_s);
    CHECK(dialog.sampleResult()->text().contains(fieldLabel(Category::Technical)));
}
