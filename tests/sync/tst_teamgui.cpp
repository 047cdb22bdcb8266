#include "catchcompat.h"
#include "channelsdialog.h"
#include "connectiondialog.h"
#include "conversationmodel.h"
#include "conversationpane.h"
#include "customerstore.h"
#include "desk.h"
#include "followupstore.h"
#include "mailboxdialog.h"
#include "mainwindow.h"
#include "syncrelay.h"
#include "syncstatuswidget.h"
#include "teammailboxes.h"
#include "testdesk.h"
#include "testserver.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace {

void retype(QLineEdit *field, const QString &text)
{
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
}

} // namespace

TEST_CASE("The connection dialog says a password is wrong and connects with the right one", "[gui][sync]")
{
    TestServer server;
    ConnectionDialog dialog;
    ServerAddress address = server.as(u"alice"_s);
    const QString right = address.password;
    address.password = u"wrong"_s;
    dialog.setAddress(address);
    dialog.setRememberPassword(false);
    dialog.show();
    QSignalSpy checked(&dialog, &ConnectionDialog::connectionChecked);
    auto *connect = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::mouseClick(connect, Qt::LeftButton);
    REQUIRE(checked.wait(15000));
    CHECK_FALSE(checked.first().at(0).toBool());
    CHECK(dialog.isVisible());
    CHECK(dialog.problemText().contains(address.login));
    CHECK(dialog.problemText().contains(u"password"_s));

    dialog.findChild<QLineEdit *>(u"password"_s)->setText(right);
    QTest::mouseClick(connect, Qt::LeftButton);
    REQUIRE(checked.wait(15000));
    CHECK(checked.last().at(0).toBool());
    CHECK(dialog.result() == QDialog::Accepted);
}

TEST_CASE("A ticket another desk creates appears in the window's list, and the status bar says online", "[gui][sync]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*alice.store);
    MainWindow window(desk, alice.clock, settings);
    SyncRelay::connect(*alice.engine, *alice.store);
    window.attachSync(alice.engine.get(), u"alice@test"_s);
    TicketListPane *list = window.ticketList();
    list->setView(TicketFilter::View::All);
    const int before = list->model()->rowCount();

    Customer customer;
    customer.name = u"李雷"_s;
    NewTicketInput input;
    input.customerId = *CustomerStore(*bob.store).createCustomer(customer);
    input.subject = u"支付失败，订单被取消"_s;
    input.firstMessage = u"付款时提示失败"_s;
    const auto created = bob.store->createTicket(input);
    REQUIRE(created);
    REQUIRE(bob.sync());
    REQUIRE(alice.sync());
    QCoreApplication::processEvents(); // deliver the engine's queued signals to the window

    CHECK(list->model()->rowCount() == before + 1);
    const qint64 local = alice.localTicket(bob.serverTicket(*created));
    CHECK(list->model()->rowOfTicket(local) >= 0);
    CHECK(window.syncStatus()->text().startsWith(u"Online"_s));
    CHECK(window.windowTitle().contains(u"alice@test"_s));
}

TEST_CASE("Tools > Channels… on a team desk not connected to its server says where the mailboxes are",
          "[gui][sync][channels]")
{
    TestServer server;
    TestDesk sam(server.as(u"sam"_s));
    Desk desk(*sam.store);
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    MainWindow window(desk, sam.clock, settings);
    window.show();
    QString said;
    QTimer::singleShot(0, &window, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        REQUIRE(box);
        said = box->text();
        box->accept();
    });
    CHECK_FALSE(window.openChannels());
    CHECK(said.contains(u"deskctl channel add-mailbox --url"_s));
}

TEST_CASE("Tools > Channels… on a team desk lists, adds, tests and removes the team's mailboxes on the server",
          "[gui][sync][channels]")
{
    TestServer server;
    TestDesk sam(server.as(u"sam"_s));
    REQUIRE(sam.sync());
    Desk desk(*sam.store);
    TeamMailboxes team(server.as(u"sam"_s));
    ChannelsDialog dialog(desk, &team);
    QSignalSpy listed(&dialog, &ChannelsDialog::listed);
    QSignalSpy changed(&dialog, &ChannelsDialog::mailboxesChanged);
    dialog.show();
    REQUIRE(listed.wait(10000));
    CHECK(dialog.list()->topLevelItemCount() == 0);
    CHECK(dialog.addButton()->isEnabled());

    bool filled = false;
    QTimer::singleShot(0, &dialog, [&] {
        auto *form = qobject_cast<MailboxDialog *>(QApplication::activeModalWidget());
        REQUIRE(form);
        // The password can only be a file on the gateway's machine: no keychain offered.
        CHECK(form->keychainChoice()->isHidden());
        CHECK(form->fileChoice()->isChecked());
        QTest::keyClicks(form->nameField(), u"Support"_s);
        QTest::keyClicks(form->addressField(), u"support@example.com"_s);
        QTest::keyClicks(form->imapField(), u"imaps://support%40example.com@127.0.0.1:1/INBOX"_s);
        QTest::keyClicks(form->smtpField(), u"smtps://support%40example.com@127.0.0.1:1"_s);
        QTest::keyClicks(form->passwordFileField(), u"support.password"_s);
        form->teamBox()->setCurrentIndex(form->teamBox()->findText(u"L1"_s));
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        CHECK(form->isVisible());
        CHECK(form->problemText().contains(u"full path"_s));
        retype(form->passwordFileField(), u"/etc/deskline/support.password"_s);
        QSignalSpy attempted(form, &MailboxDialog::attempted);
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        CHECK_FALSE(form->addButton()->isEnabled()); // waiting for the server
        filled = true;
    });
    REQUIRE(dialog.addMailbox());
    REQUIRE(filled);
    CHECK(changed.size() == 1);
    {
        QSqlQuery query(server.admin());
        REQUIRE(query.exec(u"SELECT b.name, b.password_file, t.name FROM deskline.mailboxes b"
                           " JOIN deskline.teams t ON t.id = b.team_id"_s));
        REQUIRE(query.next());
        CHECK(query.value(0).toString() == u"Support"_s);
        CHECK(query.value(1).toString() == u"/etc/deskline/support.password"_s);
        CHECK(query.value(2).toString() == u"L1"_s);
        CHECK_FALSE(query.next());
    }
    if (dialog.list()->topLevelItemCount() == 0)
        REQUIRE(listed.wait(10000));
    REQUIRE(dialog.list()->topLevelItemCount() == 1);
    CHECK(dialog.list()->topLevelItem(0)->text(ChannelsDialog::QueueColumn) == u"L1"_s);
    CHECK(dialog.list()->topLevelItem(0)->text(ChannelsDialog::PasswordColumn) == u"/etc/deskline/support.password"_s);

    // The same name again: the server refuses, the form says so and stays.
    QTimer::singleShot(0, &dialog, [&] {
        auto *form = qobject_cast<MailboxDialog *>(QApplication::activeModalWidget());
        REQUIRE(form);
        QTest::keyClicks(form->nameField(), u"Support"_s);
        QTest::keyClicks(form->addressField(), u"other@example.com"_s);
        QTest::keyClicks(form->imapField(), u"imaps://other@127.0.0.1:1/INBOX"_s);
        QTest::keyClicks(form->smtpField(), u"smtps://other@127.0.0.1:1"_s);
        QTest::keyClicks(form->passwordFileField(), u"/etc/deskline/other.password"_s);
        QSignalSpy attempted(form, &MailboxDialog::attempted);
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        REQUIRE((!attempted.isEmpty() || attempted.wait(10000)));
        CHECK_FALSE(attempted.constFirst().constFirst().toBool());
        CHECK(form->problemText().contains(u"exists already"_s));
        form->reject();
    });
    CHECK_FALSE(dialog.addMailbox());

    // Tested from the desk with a password typed for the test: nothing listens on port 1.
    QSignalSpy checked(&dialog, &ChannelsDialog::checkFinished);
    dialog.testCurrentWith("typed-for-the-test");
    REQUIRE(checked.wait(30000));
    CHECK_FALSE(checked.constFirst().at(1).toBool());
    CHECK(dialog.messageIsProblem());
    CHECK(dialog.messageText().contains(u"IMAP"_s));

    REQUIRE(dialog.removeMailbox(dialog.currentMailboxId()));
    REQUIRE(changed.wait(10000));
    CHECK(dialog.messageText().contains(u"removed"_s));
    if (dialog.list()->topLevelItemCount() != 0)
        REQUIRE(listed.wait(10000));
    CHECK(dialog.list()->topLevelItemCount() == 0);
    QSqlQuery left(server.admin());
    REQUIRE(left.exec(u"SELECT count(*) FROM deskline.mailboxes"_s));
    REQUIRE(left.next());
    CHECK(left.value(0).toInt() == 0);
}

TEST_CASE("An agent's desk may not change the team's mailboxes: the dialog offers nothing and the server refuses",
          "[gui][sync][channels]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    REQUIRE(alice.sync());
    Desk desk(*alice.store);
    TeamMailboxes team(server.as(u"alice"_s));
    ChannelsDialog dialog(desk, &team);
    CHECK_FALSE(dialog.addButton()->isEnabled());

    // Past the window, straight to the server: refused there.
    ChannelService::MailboxInput input;
    input.name = u"Sneaky"_s;
    input.address = u"sneaky@example.com"_s;
    input.imapUrl = u"imaps://sneaky@127.0.0.1:1/INBOX"_s;
    input.smtpUrl = u"smtps://sneaky@127.0.0.1:1"_s;
    input.passwordFile = u"/etc/deskline/sneaky.password"_s;
    QSignalSpy failed(&team, &TeamMailboxes::failed);
    QSignalSpy added(&team, &TeamMailboxes::added);
    team.add(input, {});
    REQUIRE(failed.wait(10000));
    CHECK(added.isEmpty());
    QSqlQuery left(server.admin());
    REQUIRE(left.exec(u"SELECT count(*) FROM deskline.mailboxes"_s));
    REQUIRE(left.next());
    CHECK(left.value(0).toInt() == 0);
}

TEST_CASE("Opening a colleague's message in the window fetches its file on the engine's thread, once",
          "[gui][sync][files]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    // The customer writes again after the ticket closed: the follow-up carries the file, through
    // message.add like a reply.
    Customer customer;
    customer.name = u"韩梅梅"_s;
    NewTicketInput input;
    input.customerId = *CustomerStore(*alice.store).createCustomer(customer);
    input.subject = u"屏幕碎了"_s;
    input.firstMessage = u"手机屏幕碎了"_s;
    const auto closed = alice.store->createTicket(input);
    REQUIRE(closed);
    REQUIRE(alice.store->setStatus(*closed, TicketStatus::Solved));
    REQUIRE(alice.store->setStatus(*closed, TicketStatus::Closed));
    const QByteArray photo = "JFIF photo of the screen";
    const auto followUp =
        FollowUpStore(*alice.store).createFollowUp(*closed, u"照片"_s, {{u"屏幕.jpg"_s, u"image/jpeg"_s, photo}});
    INFO(alice.store->errorString().toStdString());
    REQUIRE(followUp);
    REQUIRE(alice.sync());
    REQUIRE(alice.outboxSize() == 0);

    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*bob.store);
    MainWindow window(desk, bob.clock, settings);
    SyncRelay::connect(*bob.engine, *bob.store);
    window.attachSync(bob.engine.get(), u"bob@test"_s);
    QSignalSpy fetched(bob.engine.get(), &SyncEngine::contentFetched);
    REQUIRE(bob.sync());
    QCoreApplication::processEvents();
    const qint64 bobs = bob.localTicket(alice.serverTicket(*followUp));
    REQUIRE(bobs > 0);

    // Shown, as the list's current ticket or chosen: its file is asked for at once.
    window.selectTicket(bobs);
    CHECK(window.conversation()->ticketId() == bobs);
    REQUIRE((!fetched.isEmpty() || fetched.wait(10000)));
    CHECK(fetched.first().at(1).toBool());
    QCoreApplication::processEvents();
    ConversationModel *model = window.conversation()->model();
    bool shownLocal = false;
    for (int row = 0; row < model->rowCount(); ++row) {
        for (const QVariant &file : model->index(row, 0).data(ConversationModel::AttachmentsRole).toList()) {
            const QVariantMap f = file.toMap();
            CHECK(f.value(u"name"_s).toString() == u"屏幕.jpg"_s);
            shownLocal =
                ConversationModel::ContentState(f.value(u"state"_s).toInt()) == ConversationModel::ContentState::Local;
        }
    }
    CHECK(shownLocal);
    CHECK(bob.engine->contentRequests() == 1);
    // Shown again: nothing more to fetch.
    window.selectTicket(0);
    window.selectTicket(bobs);
    QTest::qWait(200);
    CHECK(bob.engine->contentRequests() == 1);
}
