#include "catchcompat.h"
#include "conversationpane.h"
#include "desk.h"
#include "resolvedialog.h"
#include "surveystore.h"
#include "teststore.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

struct OpenTicket {
    explicit OpenTicket(Channel channel)
        : ticket(t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"密码错误"_s, channel))
    {
        REQUIRE(t.store->takeTicket(ticket));
    }
    TestStore t;
    qint64 ticket;
};

} // namespace

TEST_CASE("Solving a chat asks for the score now and records it", "[gui][survey][dialogs]")
{
    OpenTicket o(Channel::Chat);
    Desk desk(*o.t.store);
    ResolveDialog dialog(desk, o.ticket);
    dialog.show();
    CHECK(dialog.modeButton(SurveyMode::Live)->isChecked());
    CHECK(dialog.scoreButton(5)->isVisible());
    CHECK(dialog.queuedNote()->isHidden());

    dialog.accept(); // no score yet
    CHECK(dialog.result() != QDialog::Accepted);
    CHECK(dialog.errorLabel()->isVisible());
    CHECK(dialog.errorLabel()->text().contains(u"1 to 5"_s));
    CHECK(o.t.store->ticket(o.ticket)->status == TicketStatus::Open);

    QTest::mouseClick(dialog.scoreButton(4), Qt::LeftButton);
    dialog.commentField()->setPlainText(u"挺快的"_s);
    dialog.accept();
    REQUIRE(dialog.result() == QDialog::Accepted);
    CHECK(o.t.store->ticket(o.ticket)->status == TicketStatus::Solved);
    const auto surveys = SurveyStore(*o.t.store).surveys(o.ticket);
    REQUIRE(surveys.size() == 1);
    CHECK(surveys[0].score == 4);
    CHECK(surveys[0].comment == u"挺快的"_s);
}

TEST_CASE("Solving an email queues the survey, and skipping needs a reason", "[gui][survey][dialogs]")
{
    OpenTicket o(Channel::Email);
    Desk desk(*o.t.store);
    ResolveDialog dialog(desk, o.ticket);
    dialog.show();
    CHECK(dialog.modeButton(SurveyMode::Queued)->isChecked());
    CHECK(dialog.queuedNote()->isVisible());
    CHECK(dialog.scoreButton(1)->isHidden());

    QTest::mouseClick(dialog.modeButton(SurveyMode::Skipped), Qt::LeftButton);
    CHECK(dialog.skipReasonField()->isVisible());
    dialog.accept();
    CHECK(dialog.result() != QDialog::Accepted);
    CHECK(dialog.errorLabel()->text().contains(u"why"_s));
    QTest::keyClicks(dialog.skipReasonField(), u"Customer asked not to be surveyed"_s);
    dialog.accept();
    REQUIRE(dialog.result() == QDialog::Accepted);
    const auto surveys = SurveyStore(*o.t.store).surveys(o.ticket);
    REQUIRE(surveys.size() == 1);
    CHECK(surveys[0].mode == SurveyMode::Skipped);
    CHECK(surveys[0].skipReason == u"Customer asked not to be surveyed"_s);
}

TEST_CASE("When the customer says it is not solved the ticket stays open with a note", "[gui][survey][dialogs]")
{
    OpenTicket o(Channel::Phone);
    Desk desk(*o.t.store);
    ResolveDialog dialog(desk, o.ticket);
    dialog.show();
    QTest::mouseClick(dialog.resolutionButton(Resolution::NotResolved), Qt::LeftButton);
    CHECK(!dialog.modeButton(SurveyMode::Live)->isEnabled());
    CHECK(dialog.scoreButton(3)->isHidden());
    CHECK(dialog.okButton()->text().remove(u'&') == u"Keep open"_s);
    dialog.commentField()->setPlainText(u"还是收不到验证码"_s);
    dialog.accept();
    CHECK(dialog.result() == ResolveDialog::KeptOpen);
    CHECK(o.t.store->ticket(o.ticket)->status == TicketStatus::Open);
    CHECK(o.t.store->messages(o.ticket).last().body.contains(u"还是收不到验证码"_s));
    CHECK(SurveyStore(*o.t.store).surveys(o.ticket).isEmpty());
}

TEST_CASE("Choosing Solved in the status box opens the solve dialog; cancelling changes nothing",
          "[gui][survey][lifecycle]")
{
    OpenTicket o(Channel::Chat);
    Desk desk(*o.t.store);
    ConversationPane pane(desk);
    pane.show();
    pane.setTicket(o.ticket);
    QComboBox *status = pane.statusBox();
    bool sawDialog = false;
    QTimer::singleShot(0, &pane, [&] {
        auto *dialog = qobject_cast<ResolveDialog *>(QApplication::activeModalWidget());
        sawDialog = dialog != nullptr;
        if (dialog)
            dialog->reject();
    });
    status->setCurrentIndex(status->findData(int(TicketStatus::Solved)));
    Q_EMIT status->activated(status->currentIndex());
    CHECK(sawDialog);
    CHECK(o.t.store->ticket(o.ticket)->status == TicketStatus::Open);
    CHECK(status->currentData().toInt() == int(TicketStatus::Open)); // back to what the ticket has

    QTimer::singleShot(0, &pane, [&] {
        auto *dialog = qobject_cast<ResolveDialog *>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        dialog->scoreButton(5)->click();
        dialog->accept();
    });
    status->setCurrentIndex(status->findData(int(TicketStatus::Solved)));
    Q_EMIT status->activated(status->currentIndex());
    CHECK(o.t.store->ticket(o.ticket)->status == TicketStatus::Solved);
    CHECK(status->currentData().toInt() == int(TicketStatus::Solved));
}
