#include "catchcompat.h"
#include "conversationmodel.h"
#include "customerrecordsmodel.h"
#include "customerstore.h"
#include "teststore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

TEST_CASE("The conversation model shows a ticket's thread and appends new messages", "[models][conversation]")
{
    TestStore t;
    const qint64 id =
        t.addTicket(t.addCustomer(QStringLiteral("周杰")), QStringLiteral("App 闪退"), QStringLiteral("打开就闪退"));
    const qint64 other =
        t.addTicket(t.addCustomer(QStringLiteral("Max")), QStringLiteral("Other"), QStringLiteral("x"));
    ConversationModel model(*t.store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTicket(id);
    REQUIRE(model.rowCount() == 1);
    CHECK(model.index(0).data(ConversationModel::AuthorRole).toString() == QStringLiteral("周杰"));
    CHECK(model.index(0).data(ConversationModel::KindRole).toInt() == int(MessageKind::Customer));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    REQUIRE(t.store->addMessage(id, MessageKind::Agent, QStringLiteral("请更新到最新版本")));
    REQUIRE(t.store->addMessage(other, MessageKind::Agent, QStringLiteral("not this thread")));
    CHECK(inserted.count() == 1);
    CHECK(reset.isEmpty());
    REQUIRE(model.rowCount() == 2);
    CHECK(model.index(1).data(ConversationModel::BodyRole).toString() == QStringLiteral("请更新到最新版本"));
    CHECK(model.index(1).data(ConversationModel::AuthorRole).toString() == QStringLiteral("李娜"));

    AttachmentInput log{QStringLiteral("crash.log"), QStringLiteral("text/plain"), QByteArray("trace")};
    REQUIRE(t.store->addMessage(id, MessageKind::Note, QStringLiteral("log attached"), {log}));
    const QVariantList attachments = model.index(2).data(ConversationModel::AttachmentsRole).toList();
    REQUIRE(attachments.size() == 1);
    CHECK(attachments.first().toMap().value(QStringLiteral("name")).toString() == QStringLiteral("crash.log"));
}

TEST_CASE("Opening a ticket with 200 messages loads them all in order", "[models][conversation]")
{
    TestStore t(5, 200);
    ConversationModel model(*t.store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTicket(1);
    REQUIRE(model.rowCount() == 200);
    for (int row = 1; row < 200; ++row) {
        CHECK(model.index(row).data(ConversationModel::CreatedAtRole).toDateTime() >=
              model.index(row - 1).data(ConversationModel::CreatedAtRole).toDateTime());
    }
}

TEST_CASE("Customer record models list orders, devices and earlier tickets", "[models][customer]")
{
    TestStore t(200, 2);
    qint64 customerId = 0;
    for (qint64 id = 1; id < 100 && customerId == 0; ++id) {
        if (!CustomerStore(*t.store).orders(id).isEmpty() && t.store->ticketsOfCustomer(id).size() > 1)
            customerId = id;
    }
    REQUIRE(customerId > 0);
    CustomerRecordsModel orders(*t.store, CustomerRecordsModel::Section::Orders);
    CustomerRecordsModel devices(*t.store, CustomerRecordsModel::Section::Devices);
    CustomerRecordsModel tickets(*t.store, CustomerRecordsModel::Section::Tickets);
    QAbstractItemModelTester t1(&orders, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester t2(&devices, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester t3(&tickets, QAbstractItemModelTester::FailureReportingMode::Fatal);
    orders.setCustomer(customerId);
    devices.setCustomer(customerId);
    tickets.setCustomer(customerId);

    CHECK(orders.rowCount() == CustomerStore(*t.store).orders(customerId).size());
    CHECK(orders.index(0, 0).data().toString() == CustomerStore(*t.store).orders(customerId).first().number);
    CHECK(devices.rowCount() >= 1);
    CHECK_FALSE(devices.index(0, 0).data().toString().isEmpty());
    REQUIRE(tickets.rowCount() == t.store->ticketsOfCustomer(customerId).size());

    // A ticket of this customer that may still be put on hold: a new one.
    NewTicketInput input;
    input.customerId = customerId;
    input.subject = QStringLiteral("Parcel held at customs");
    input.firstMessage = QStringLiteral("Where is it?");
    const auto ticketId = t.store->createTicket(input);
    REQUIRE(ticketId);
    tickets.setCustomer(customerId); // as the pane does when the customer is shown again
    int row = 0;
    while (row < tickets.rowCount() && tickets.index(row, 0).data(CustomerRecordsModel::RecordIdRole) != *ticketId)
        ++row;
    REQUIRE(row < tickets.rowCount());
    QSignalSpy changed(&tickets, &QAbstractItemModel::dataChanged);
    REQUIRE(t.store->setStatus(*ticketId, TicketStatus::OnHold));
    REQUIRE(changed.count() == 1);
    CHECK(tickets.index(row, 3).data().toString() == QStringLiteral("On hold"));

    // Beside that ticket's conversation, its own row would only repeat what is on screen.
    tickets.setCustomer(customerId, *ticketId);
    CHECK(tickets.rowCount() == t.store->ticketsOfCustomer(customerId).size() - 1);
    for (int r = 0; r < tickets.rowCount(); ++r)
        CHECK(tickets.index(r, 0).data(CustomerRecordsModel::RecordIdRole).toLongLong() != *ticketId);
}
