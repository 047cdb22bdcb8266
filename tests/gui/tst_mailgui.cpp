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
#include "remoteimagefetcher.h"
#include "teststore.h"

#include <QFile>
#include <QHostAddress>
#include <QImage>
#include <QLabel>
#include <QListView>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
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
    CHECK(MessageDelegate::deliveryText(received).contains(u"zhang.wei@example.com"_s));
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
    CHECK(MessageDelegate::deliveryText(model->index(1, 0)) == MessageDelegate::tr("✉ waiting to be sent"));
    MailOutbox outbox(*t.store, "k");
    const auto due = outbox.due();
    REQUIRE(due.size() == 1);
    REQUIRE(outbox.failed(due[0], true, u"550 5.1.1 No such user"_s) == MailOutbox::Failed::GaveUp);
    CHECK(MessageDelegate::deliveryFailed(model->index(1, 0)));
    CHECK(MessageDelegate::deliveryText(model->index(1, 0)).contains(u"550 5.1.1"_s));
    CHECK(model->index(1, 0).data(Qt::ToolTipRole).toString() == u"550 5.1.1 No such user"_s);
}

TEST_CASE("A customer's quoted earlier mail is folded under a link that unfolds and folds it", "[gui][mail][quote]")
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

namespace {

// Python's http.server on a free loopback port, serving dir; its request log (stderr) says what
// was asked for.
struct ImageServer {
    explicit ImageServer(const QString &dir)
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
        probe.close();
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(u"python3"_s, {u"-u"_s, u"-m"_s, u"http.server"_s, QString::number(port), u"--bind"_s,
                                     u"127.0.0.1"_s, u"--directory"_s, dir});
        REQUIRE(process.waitForStarted(10000));
        const bool up = QTest::qWaitFor(
            [&] {
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, port);
                return socket.waitForConnected(200);
            },
            10000);
        REQUIRE(up);
    }
    ~ImageServer()
    {
        process.kill();
        process.waitForFinished(5000);
    }

    // The request lines logged so far ("GET /pixel.png HTTP/1.1"…).
    QString log()
    {
        m_log += QString::fromUtf8(process.readAllStandardError());
        return m_log;
    }
    QString url(const QString &path) const { return u"http://127.0.0.1:%1/%2"_s.arg(QString::number(port), path); }

    QProcess process;
    quint16 port = 0;

private:
    QString m_log;
};

} // namespace

TEST_CASE("A mail's remote images are fetched only after the agent asks, size-limited, and shown", "[gui][mail]")
{
    QTemporaryDir served;
    REQUIRE(served.isValid());
    QImage pixel(40, 30, QImage::Format_RGB32);
    pixel.fill(Qt::red);
    REQUIRE(pixel.save(served.filePath(u"pixel.png"_s)));
    QFile big(served.filePath(u"big.png"_s));
    REQUIRE(big.open(QIODevice::WriteOnly));
    REQUIRE(big.write(QByteArray(300 * 1024, 'x')) == 300 * 1024);
    big.close();
    ImageServer server(served.path());

    TestStore t;
    Mailbox box;
    box.name = u"support"_s;
    box.address = u"support@example.test"_s;
    box.imapUrl = u"imaps://support@127.0.0.1/INBOX"_s;
    box.smtpUrl = u"smtps://support@127.0.0.1"_s;
    box.id = *MailStore(*t.store).addMailbox(box);
    const QByteArray raw = "From: Li Lei <lilei@example.com>\r\nTo: support@example.test\r\nSubject: Photo\r\n"
                           "Message-ID: <img1@example.com>\r\nMIME-Version: 1.0\r\n"
                           "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>See the photo</p><img src=\"" +
                           server.url(u"pixel.png?tracker=1"_s).toUtf8() + "\"><img src=\"" +
                           server.url(u"big.png"_s).toUtf8() + "\"><img src=\"" +
                           server.url(u"missing.png"_s).toUtf8() + "\"></body></html>\r\n";
    const auto taken = MailIntake(*t.store, "k").take(box, 1, 1, MailParser().parse(raw));
    REQUIRE(taken);
    const auto facts = ConversationService(*t.store).mail(taken->messageId);
    REQUIRE(facts);
    REQUIRE(facts->remoteImages.size() == 3);

    MailViewDialog dialog(*facts);
    dialog.show();
    REQUIRE(QTest::qWaitForWindowExposed(&dialog));
    QTest::qWait(500); // time enough for any request the dialog might make by itself
    CHECK_FALSE(server.log().contains(u"GET"_s));
    REQUIRE(dialog.loadImagesButton());
    CHECK(dialog.loadImagesButton()->text() == MailViewDialog::tr("Load remote images for this message"));
    const QTextDocument *document = dialog.browser()->document();
    CHECK(document->resource(QTextDocument::ImageResource, MailViewDialog::imageUrl(0)).isNull());

    dialog.fetcher()->setMaxBytes(100 * 1024);
    dialog.fetcher()->setLocalNetworkAllowed(true); // the test's server is on loopback
    QSignalSpy finished(dialog.fetcher(), &RemoteImageFetcher::finished);
    QSignalSpy failed(dialog.fetcher(), &RemoteImageFetcher::imageFailed);
    QTest::mouseClick(dialog.loadImagesButton(), Qt::LeftButton);
    CHECK_FALSE(dialog.loadImagesButton()->isEnabled());
    REQUIRE(finished.wait(20000));
    CHECK(finished.at(0).at(0).toInt() == 1); // the pixel
    CHECK(failed.size() == 2);                // too large, and not there
    CHECK(server.log().contains(u"GET /pixel.png?tracker=1 HTTP/1.1"_s));
    CHECK(server.log().contains(u"GET /missing.png"_s));
    CHECK(dialog.imagesShown() == 1);
    const QImage shown = document->resource(QTextDocument::ImageResource, MailViewDialog::imageUrl(0)).value<QImage>();
    CHECK(shown.size() == QSize(40, 30));
    CHECK(document->resource(QTextDocument::ImageResource, MailViewDialog::imageUrl(1)).isNull());
    CHECK(dialog.imagesLabel()->toolTip().contains(u"big.png"_s));
    CHECK(!dialog.browser()->toHtml().contains(u"script"_s));
}

TEST_CASE("Remote images on this computer or the local network are never fetched, whatever the mail says",
          "[gui][mail]")
{
    QTemporaryDir served;
    REQUIRE(served.isValid());
    QImage pixel(4, 4, QImage::Format_RGB32);
    pixel.fill(Qt::blue);
    REQUIRE(pixel.save(served.filePath(u"pixel.png"_s)));
    ImageServer server(served.path());

    RemoteImageFetcher fetcher;
    fetcher.setTimeoutMs(5000);
    QSignalSpy finished(&fetcher, &RemoteImageFetcher::finished);
    QSignalSpy failed(&fetcher, &RemoteImageFetcher::imageFailed);
    fetcher.fetch({server.url(u"pixel.png"_s),
                   QString(server.url(u"pixel.png"_s)).replace(u"127.0.0.1"_s, u"localhost"_s),
                   u"http://192.168.1.1/admin.png"_s, u"http://10.0.0.1/x.png"_s, u"http://[::1]/x.png"_s,
                   u"http://169.254.169.254/latest/meta-data"_s});
    REQUIRE(finished.wait(20000));
    CHECK(finished.at(0).at(0).toInt() == 0);
    CHECK(failed.size() == 6);
    for (const QList<QVariant> &failure : std::as_const(failed))
        CHECK(failure.at(1).toString().contains(u"local network"_s));
    CHECK_FALSE(server.log().contains(u"GET"_s));
    CHECK(RemoteImageFetcher::isLocalNetwork(QHostAddress(u"172.16.5.4"_s)));
    CHECK(RemoteImageFetcher::isLocalNetwork(QHostAddress(u"fd00::1"_s)));
    CHECK_FALSE(RemoteImageFetcher::isLocalNetwork(QHostAddress(u"93.184.216.34"_s)));
}
