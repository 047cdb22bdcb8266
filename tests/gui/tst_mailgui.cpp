#include "catchcompat.h"
#include "conversationmodel.h"
#include "conversationpane.h"
#include "conversationservice.h"
#include "desk.h"
#include "mailintake.h"
#include "mailoutbox.h"
#include "mailparser.h"
#include "mailstore.h"
#include "mailviewdialog.h"
#include "messagedelegate.h"
#include "teststore.h"

#include <QListView>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace {

const QByteArray hostileHtmlMail =
    "From: =?UTF-8?B?5byg5Lyf?= <zhang.wei@example.com>\r\nTo: support@example.test\r\n"
    "Subject: =?UTF-8?B?5Y+R56Wo?=\r\nMessage-ID: <html1@example.com>\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><body><p onclick=\"steal()\">\xe8\xaf\xb7\xe5\xbc\x80\xe5\x8f\x91\xe7\xa5\xa8</p>"
    "<script>alert(1)</script><a href=\"javascript:alert(2)\">click</a>"
    "<img src=\"https://tracker.example.net/p.gif\"></body></html>\r\n--m\r\n"
    "Content-Type: application/pdf; name=\"order.pdf\"\r\nContent-Disposition: attachment; filename=\"order.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--m--\r\n";

} // namespace

TEST_CASE("The window shows an email ticket: sender, attachments, delivery of replies, the mail's HTML sealed",
          "[gui][mail]")
{
    TestStore t;
    Mailbox box;
    box.name = u"support"_s;
    box.address = u"support@example.test"_s;
    box.imapUrl = u"imaps://support@127.0.0.1/INBOX"_s;
    box.smtpUrl = u"smtps://support@127.0.0.1"_s;
    box.id = *MailStore(*t.store).addMailbox(box);
    const auto taken = MailIntake(*t.store, "k").take(box, 1, 1, MailParser().parse(hostileHtmlMail));
    REQUIRE(taken);

    Desk desk(*t.store);
    ConversationPane pane(desk);
    pane.resize(900, 700);
    pane.show();
    pane.setTicket(taken->ticketId);
    QAbstractItemModel *model = pane.thread()->model();
    REQUIRE(model->rowCount() == 1);
    const QModelIndex received = model->index(0, 0);
    CHECK(received.data(ConversationModel::BodyRole).toString().contains(u"请开发票"_s));
    CHECK(received.data(ConversationModel::AttachmentsRole).toList().size() == 1);
    CHECK(MessageDelegate::mailText(received).contains(u"zhang.wei@example.com"_s));
    const QVariantMap mail = received.data(ConversationModel::MailRole).toMap();
    CHECK(mail.value(u"hasHtml"_s).toBool());
    CHECK(mail.value(u"remoteImages"_s).toInt() == 1);

    // The sanitised HTML: no script, no handler, no javascript: link, the tracker blocked.
    const auto facts = ConversationService(*t.store).mail(taken->messageId);
    REQUIRE(facts);
    MailViewDialog dialog(*facts);
    const QString shown = dialog.browser()->document()->toHtml();
    CHECK(dialog.browser()->toPlainText().contains(u"请开发票"_s));
    CHECK_FALSE(shown.contains(u"alert"_s));
    CHECK_FALSE(shown.contains(u"javascript"_s));
    CHECK_FALSE(shown.contains(u"tracker.example.net/p.gif\""_s.prepend(u"src=\"https://"_s)));
    CHECK(ConversationService(*t.store).rawMail(taken->messageId) == hostileHtmlMail);

    // The agent's reply shows how its sending goes, and a failure in the thread's warning colour.
    REQUIRE(ConversationService(*t.store).reply(taken->ticketId, u"发票已开好"_s));
    REQUIRE(model->rowCount() == 2);
    CHECK(MessageDelegate::mailText(model->index(1, 0)) == MessageDelegate::tr("✉ waiting to be sent"));
    MailOutbox outbox(*t.store, "k");
    const auto due = outbox.due();
    REQUIRE(due.size() == 1);
    REQUIRE(outbox.failed(due[0], true, u"550 5.1.1 No such user"_s) == MailOutbox::Failed::GaveUp);
    CHECK(MessageDelegate::mailFailed(model->index(1, 0)));
    CHECK(MessageDelegate::mailText(model->index(1, 0)).contains(u"550 5.1.1"_s));
    CHECK(model->index(1, 0).data(Qt::ToolTipRole).toString() == u"550 5.1.1 No such user"_s);
}

TEST_CASE("A customer's quoted earlier mail is folded under a link that unfolds and folds it",
          "[gui][mail][quote]")
{
    TestStore t;
    Mailbox box;
    box.name = u"support"_s;
    box.address = u"support@example.test"_s;
    box.imapUrl = u"imaps://support@127.0.0.1/INBOX"_s;
    box.smtpUrl = u"smtps://support@127.0.0.1"_s;
    box.id = *MailStore(*t.store).addMailbox(box);
    const QByteArray quoting =
        "From: Li Lei <lilei@example.com>\r\nTo: support@example.test\r\nSubject: Printer\r\n"
        "Message-ID: <q1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "It works again, thanks.\r\n\r\nOn Tue, 1 Dec 2026 at 09:00, Support <support@example.test> wrote:\r\n"
        "> Please restart the printer.\r\n> Line two of the old mail\r\n> Line three\r\n";
    const auto taken = MailIntake(*t.store, "k").take(box, 1, 1, MailParser().parse(quoting));
    REQUIRE(taken);
    REQUIRE(ConversationService(*t.store).reply(taken->ticketId, u"> not a quote to fold: an agent's text"_s));

    Desk desk(*t.store);
    ConversationPane pane(desk);
    pane.resize(900, 700);
    pane.show();
    pane.setTicket(taken->ticketId);
    QListView *thread = pane.thread();
    REQUIRE(QTest::qWaitForWindowExposed(&pane));
    auto *delegate = qobject_cast<MessageDelegate *>(thread->itemDelegate());
    REQUIRE(delegate);
    const QModelIndex received = thread->model()->index(0, 0);
    CHECK(delegate->hasQuote(received));
    CHECK_FALSE(delegate->hasQuote(thread->model()->index(1, 0)));
    CHECK(delegate->split(received).fresh == u"It works again, thanks."_s);
    CHECK_FALSE(delegate->isQuoteShown(received));

    const int folded = thread->visualRect(received).height();
    const QRect link = delegate->quoteLinkRect(received);
    REQUIRE(link.isValid());
    CHECK(thread->visualRect(received).contains(link));
    QTest::mouseClick(thread->viewport(), Qt::LeftButton, {}, link.center());
    CHECK(delegate->isQuoteShown(received));
    CHECK(QTest::qWaitFor([&] { return thread->visualRect(received).height() > folded; }, 5000));

    // The same link hides it again.
    QTest::mouseClick(thread->viewport(), Qt::LeftButton, {}, delegate->quoteLinkRect(received).center());
    CHECK_FALSE(delegate->isQuoteShown(received));
    CHECK(QTest::qWaitFor([&] { return thread->visualRect(received).height() == folded; }, 5000));

    // A click elsewhere in the bubble unfolds nothing.
    QTest::mouseClick(thread->viewport(), Qt::LeftButton, {}, thread->visualRect(received).topLeft() + QPoint(20, 12));
    CHECK_FALSE(delegate->isQuoteShown(received));
}
