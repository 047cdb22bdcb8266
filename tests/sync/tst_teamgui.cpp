#include "catchcompat.h"
#include "connectiondialog.h"
#include "conversationmodel.h"
#include "conversationpane.h"
#include "customerstore.h"
#include "desk.h"
#include "followupstore.h"
#include "mainwindow.h"
#include "syncrelay.h"
#include "syncstatuswidget.h"
#include "testdesk.h"
#include "testserver.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

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

TEST_CASE("Tools > Channels… on a team desk says the mailboxes are on the server and how to manage them",
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
