#include "catchcompat.h"
#include "channelsdialog.h"
#include "channelservice.h"
#include "desk.h"
#include "mailgatewayrunner.h"
#include "mainwindow.h"
#include "testmailserver.h"
#include "teststore.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString support = u"support@example.test"_s;

// A supervisor's desk with the test dovecot's support mailbox (emptied), its password in a file.
struct ServerDesk {
    ServerDesk()
    {
        server.clearMailbox(support);
        server.clearSent();
        server.acceptSmtp();
        t.signInAsSupervisor();
        mailboxId = add(u"Support"_s, server.password(support).toUtf8());
    }

    qint64 add(const QString &name, const QByteArray &password, const QString &address = support)
    {
        const QString path = t.dir.filePath(name + u".password"_s);
        QFile file(path);
        REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(password + '\n');
        file.close();
        REQUIRE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        ChannelService::MailboxInput input;
        input.name = name;
        input.address = address;
        input.imapUrl = u"imaps://support%40example.test@localhost:%1/INBOX"_s.arg(server.imapsPort());
        input.smtpUrl = u"smtps://support%40example.test@localhost:%1"_s.arg(server.smtpsPort());
        input.caFile = server.caFile();
        input.passwordFile = path;
        ChannelService channels(*t.store);
        const auto id = channels.add(input);
        INFO(channels.errorString());
        REQUIRE(id);
        return *id;
    }

    TestMailServer server;
    TestStore t;
    qint64 mailboxId = 0;
};

} // namespace

TEST_CASE("Test in Tools > Channels… tries both servers off the UI thread and says each one is ok",
          "[gui][channels][mail]")
{
    ServerDesk s;
    const qint64 wrong = s.add(u"Wrong password"_s, "not-the-password", u"sales@example.test"_s);
    Desk desk(*s.t.store);
    ChannelsDialog dialog(desk);
    dialog.show();
    bool finished = false;
    bool ok = false;
    QObject::connect(&dialog, &ChannelsDialog::checkFinished, &dialog, [&](qint64, bool passed) {
        finished = true;
        ok = passed;
    });

    REQUIRE(dialog.selectMailbox(s.mailboxId));
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    // Running on its own thread: the dialog is back at once, the button held until the answer.
    CHECK_FALSE(dialog.testButton()->isEnabled());
    CHECK(dialog.messageText().contains(u"Testing"_s));
    REQUIRE(QTest::qWaitFor([&] { return finished; }, 60000));
    CHECK(ok);
    INFO(dialog.messageText());
    CHECK(dialog.messageText().contains(u"IMAP: ok"_s));
    CHECK(dialog.messageText().contains(u"SMTP: ok"_s));
    CHECK(dialog.testButton()->isEnabled());

    // A wrong password is named, on each side.
    finished = false;
    REQUIRE(dialog.selectMailbox(wrong));
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    REQUIRE(QTest::qWaitFor([&] { return finished; }, 60000));
    CHECK_FALSE(ok);
    INFO(dialog.messageText());
    CHECK_FALSE(dialog.messageText().contains(u"IMAP: ok"_s));
    CHECK(dialog.messageText().contains(u"IMAP: "_s));
}

TEST_CASE("The window's gateway turns a delivered mail into a ticket that appears in the list", "[gui][gateway][mail]")
{
    ServerDesk s;
    Desk desk(*s.t.store);
    QSettings settings(s.t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    MainWindow window(desk, s.t.clock, settings);
    window.show();
    window.ticketList()->setView(TicketFilter::View::All);
    QAbstractItemModel *model = window.ticketList()->model();
    const int before = model->rowCount();

    MailGatewayRunner gateway(s.t.path(), s.t.clock);
    MailGatewayService::Options options;
    options.timeoutMs = 10000;
    gateway.setOptions(options);
    gateway.relayTo(*s.t.store);
    window.attachMailGateway(&gateway);
    bool listening = false; // told on this thread: the gateway emits on its own
    QObject::connect(&gateway, &MailGatewayRunner::listening, &window, [&] { listening = true; });
    REQUIRE(gateway.startIfMailboxes(*s.t.store));
    REQUIRE(gateway.isRunning());
    REQUIRE(QTest::qWaitFor([&] { return listening; }, 30000));

    s.server.deliver(support, "From: Zhang Wei <zhang.wei@example.com>\r\nTo: support@example.test\r\n"
                              "Subject: =?UTF-8?B?5Y+R56Wo5rKh5pS25Yiw?=\r\nMessage-ID: <window1@example.com>\r\n"
                              "Date: Wed, 02 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                              "Content-Type: text/plain; charset=utf-8\r\n\r\nInvoice missing\r\n");
    // Written on the gateway's connection; the window's list hears of it through the relay.
    REQUIRE(QTest::qWaitFor([&] { return model->rowCount() == before + 1; }, 30000));
    bool found = false;
    for (int row = 0; row < model->rowCount(); ++row)
        found = found || model->index(row, TicketListModel::SubjectColumn).data().toString() == u"发票没收到"_s;
    CHECK(found);

    // Closing the window stops it without waiting out the IDLE.
    QElapsedTimer stopping;
    stopping.start();
    gateway.stop();
    CHECK_FALSE(gateway.isRunning());
    CHECK(stopping.elapsed() < 5000);
}

TEST_CASE("A sender flooding the mailbox is held, and the supervisor at the window is told once",
          "[gui][gateway][mail]")
{
    ServerDesk s;
    Desk desk(*s.t.store);
    QSettings settings(s.t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    MainWindow window(desk, s.t.clock, settings);
    window.show();

    for (int i = 0; i < 4; ++i)
        s.server.deliver(support,
                         u"From: bot@spam.example\r\nTo: support@example.test\r\nSubject: Buy %1\r\n"
                         "Message-ID: <flood%1@spam.example>\r\nDate: Wed, 02 Dec 2026 09:00:00 +0000\r\n"
                         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBuy now\r\n"_s.arg(i)
                             .toUtf8());
    MailGatewayRunner gateway(s.t.path(), s.t.clock);
    MailGatewayService::Options options;
    options.timeoutMs = 10000;
    options.floodLimit = 2;
    gateway.setOptions(options);
    gateway.relayTo(*s.t.store);
    window.attachMailGateway(&gateway);
    int held = 0; // told on this thread: the gateway emits on its own
    QObject::connect(&gateway, &MailGatewayRunner::senderHeld, &window, [&] { ++held; });
    REQUIRE(gateway.startIfMailboxes(*s.t.store));
    REQUIRE(QTest::qWaitFor([&] { return held == 2; }, 30000));
    QCoreApplication::processEvents();
    const QString told = window.statusBar()->currentMessage();
    CHECK(told.contains(u"bot@spam.example"_s));
    CHECK(told.contains(u"Support"_s));
    // The second held mail tells nobody again.
    window.statusBar()->clearMessage();
    window.tellSenderHeld(u"Support"_s, u"bot@spam.example"_s, u"again"_s);
    CHECK(window.statusBar()->currentMessage().isEmpty());
    gateway.stop();

    QSqlQuery query(s.t.store->database());
    REQUIRE(query.exec(u"SELECT (SELECT count(*) FROM mail_set_aside WHERE reason = 2),"
                       " (SELECT count(*) FROM tickets t JOIN customers c ON c.id = t.customer_id"
                       "  WHERE c.email = 'bot@spam.example')"_s));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 2);
    CHECK(query.value(1).toInt() == 2);
    CHECK(s.server.sentMessages().isEmpty());
}

TEST_CASE("An agent at the window is not told of held senders: that is for supervisors", "[gui][gateway]")
{
    TestStore t; // its agent is no supervisor
    Desk desk(*t.store);
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    MainWindow window(desk, t.clock, settings);
    window.tellSenderHeld(u"Support"_s, u"bot@spam.example"_s, u"More than 2 mails within a minute."_s);
    CHECK(window.statusBar()->currentMessage().isEmpty());
}
