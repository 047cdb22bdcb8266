#include "catchcompat.h"
#include "customerstore.h"
#include "draftstore.h"
#include "teststore.h"

#include <QSignalSpy>

TEST_CASE("Creating a ticket records its first message, a deadline and an audit event", "[writes]")
{
    TestStore t;
    const qint64 customer = t.addCustomer(QStringLiteral("Emma Clark"), QStringLiteral("+1 555 010 0199"));
    QSignalSpy changed(t.store.get(), &LocalStore::ticketsChanged);
    const qint64 id =
        t.addTicket(customer, QStringLiteral("Refund not received"), QStringLiteral("Where is it?"), Channel::Chat);
    REQUIRE(changed.count() == 1);
    CHECK(changed.at(0).at(0).value<QList<qint64>>() == QList<qint64>{id});

    const auto ticket = t.store->ticket(id);
    REQUIRE(ticket);
    CHECK(ticket->status == TicketStatus::New);
    CHECK(ticket->customerName == QStringLiteral("Emma Clark"));
    CHECK(ticket->messageCount == 1);
    CHECK(ticket->dueAt == t.clock.now().addSecs(5 * 60)); // chat: five minutes
    const auto events = t.store->auditEvents(id);
    REQUIRE(events.size() == 1);
    CHECK(events.first().action == QStringLiteral("create"));
}

TEST_CASE("Agent actions change the ticket and leave an audit trail", "[writes]")
{
    TestStore t;
    const qint64 id = t.addTicket(t.addCustomer(QStringLiteral("张伟")), QStringLiteral("无法登录"));

    REQUIRE(t.store->takeTicket(id));
    auto ticket = t.store->ticket(id);
    CHECK(ticket->assigneeId == t.store->currentAgentId());
    CHECK(ticket->assigneeName == QStringLiteral("李娜"));
    CHECK(ticket->status == TicketStatus::Open); // taking a new ticket opens it

    REQUIRE(t.store->setPriority(id, Priority::Urgent));
    REQUIRE(t.store->setCategory(id, Category::Account));
    REQUIRE(t.store->addTag(id, QStringLiteral("2FA")));
    REQUIRE(t.store->addTag(id, QStringLiteral("vip")));
    REQUIRE(t.store->removeTag(id, QStringLiteral("vip")));
    REQUIRE(t.store->setStatus(id, TicketStatus::Solved));
    ticket = t.store->ticket(id);
    CHECK(ticket->priority == Priority::Urgent);
    CHECK(ticket->category == Category::Account);
    CHECK(ticket->tags == QStringList{QStringLiteral("2fa")});
    CHECK(ticket->solvedAt.isValid());
    CHECK_FALSE(ticket->dueAt.isValid()); // no clock runs on a solved ticket

    QStringList actions;
    for (const AuditEvent &event : t.store->auditEvents(id))
        actions << event.action;
    CHECK(actions == QStringList{QStringLiteral("create"), QStringLiteral("assign"), QStringLiteral("priority"),
                                 QStringLiteral("category"), QStringLiteral("tag_add"), QStringLiteral("tag_add"),
                                 QStringLiteral("tag_remove"), QStringLiteral("status")});
}

TEST_CASE("Replies, notes and customer messages are told apart", "[writes]")
{
    TestStore t;
    const qint64 id =
        t.addTicket(t.addCustomer(QStringLiteral("李雷")), QStringLiteral("支付失败"), QStringLiteral("付款一直失败"));
    t.clock.advance(60 * 1000);
    REQUIRE(t.store->addMessage(id, MessageKind::Note, QStringLiteral("Check the gateway log")));
    CHECK_FALSE(t.store->ticket(id)->firstResponseAt.isValid()); // a note is no response
    t.clock.advance(60 * 1000);
    REQUIRE(t.store->addMessage(id, MessageKind::Agent, QStringLiteral("请换一张银行卡再试")));
    auto ticket = t.store->ticket(id);
    CHECK(ticket->firstResponseAt == t.clock.now());
    CHECK(ticket->status == TicketStatus::Open);
    REQUIRE(t.store->setStatus(id, TicketStatus::Pending));
    REQUIRE(t.store->addMessage(id, MessageKind::Customer, QStringLiteral("还是不行")));
    CHECK(t.store->ticket(id)->status == TicketStatus::Open); // the customer answered

    const auto messages = t.store->messages(id);
    REQUIRE(messages.size() == 4);
    CHECK(messages[1].kind == MessageKind::Note);
    CHECK(messages[1].authorName == QStringLiteral("李娜"));
    CHECK(messages[2].kind == MessageKind::Agent);
    CHECK(messages[3].kind == MessageKind::Customer);
    CHECK(messages[3].authorName == QStringLiteral("李雷"));
}

TEST_CASE("Attachments are stored, and one over the limit is refused with nothing written", "[writes][bad-input]")
{
    TestStore t;
    const qint64 id = t.addTicket(t.addCustomer(QStringLiteral("Ann")), QStringLiteral("Screenshot"));
    AttachmentInput shot{QStringLiteral("error.png"), QStringLiteral("image/png"), QByteArray(2048, 'x')};
    const auto messageId = t.store->addMessage(id, MessageKind::Agent, QStringLiteral("See attached"), {shot});
    REQUIRE(messageId);
    const auto messages = t.store->messages(id);
    REQUIRE(messages.back().attachments.size() == 1);
    const auto stored = t.store->attachment(messages.back().attachments.first().id);
    REQUIRE(stored);
    CHECK(stored->content == shot.content);
    CHECK(stored->mimeType == QStringLiteral("image/png"));

    AttachmentInput huge{QStringLiteral("video.mp4"), QStringLiteral("video/mp4"),
                         QByteArray(LocalStore::maxAttachmentBytes + 1, 'v')};
    CHECK_FALSE(t.store->addMessage(id, MessageKind::Agent, QStringLiteral("too big"), {huge}));
    CHECK(t.store->errorString().contains(QStringLiteral("video.mp4")));
    CHECK(t.store->errorString().contains(QStringLiteral("at most 25 MB")));
    CHECK(t.store->messages(id).size() == messages.size());
}

TEST_CASE("Drafts survive until the message is sent", "[writes]")
{
    TestStore t;
    const qint64 id = t.addTicket(t.addCustomer(QStringLiteral("Bo")), QStringLiteral("Question"));
    REQUIRE(DraftStore(*t.store).save(id, Draft{QStringLiteral("半句话"), true}));
    t.store->close();
    LocalStore again(t.clock);
    REQUIRE(again.open(t.path()));
    const auto draft = DraftStore(again).draft(id);
    REQUIRE(draft);
    CHECK(draft->body == QStringLiteral("半句话"));
    CHECK(draft->internal);
    REQUIRE(again.setCurrentAgent(QStringLiteral("li.na")));
    REQUIRE(again.addMessage(id, MessageKind::Note, draft->body));
    CHECK_FALSE(DraftStore(again).draft(id));
}

TEST_CASE("Bad input to writes is refused with a reason", "[writes][bad-input]")
{
    TestStore t;
    const qint64 customer = t.addCustomer(QStringLiteral("Cy"));
    NewTicketInput input;
    input.customerId = customer;
    input.subject = QStringLiteral("   ");
    CHECK_FALSE(t.store->createTicket(input));
    CHECK(t.store->errorString().contains(QStringLiteral("subject")));
    input.subject = QStringLiteral("Fine");
    input.customerId = 999999;
    CHECK_FALSE(t.store->createTicket(input));
    const qint64 id = t.addTicket(customer, QStringLiteral("ok"));
    CHECK_FALSE(t.store->addTag(id, QStringLiteral("two words")));
    CHECK_FALSE(t.store->addMessage(id, MessageKind::Agent, QStringLiteral("  ")));
    CHECK_FALSE(t.store->setStatus(424242, TicketStatus::Open));
    CHECK(t.store->stats().tickets == 1);
}

TEST_CASE("Callers are found by phone, email, username, order number or name", "[writes][customers]")
{
    TestStore t(300, 2);
    const auto orders = [&] {
        for (qint64 id = 1; id < 200; ++id) {
            const auto list = CustomerStore(*t.store).orders(id);
            if (!list.isEmpty())
                return list;
        }
        return QList<CustomerOrder>{};
    }();
    REQUIRE_FALSE(orders.isEmpty());
    const auto owner = CustomerStore(*t.store).customer(orders.first().customerId);
    REQUIRE(owner);

    auto findsOwner = [&](const QString &term) {
        const auto found = CustomerStore(*t.store).findCustomers(term);
        return std::any_of(found.cbegin(), found.cend(), [&](const Customer &c) { return c.id == owner->id; });
    };
    CHECK(findsOwner(orders.first().number));
    CHECK(findsOwner(orders.first().number.toLower()));
    CHECK(findsOwner(owner->email.toUpper()));
    CHECK(findsOwner(owner->username));
    CHECK(findsOwner(owner->name));
    // Phone numbers are typed every way: without country code or spaces.
    QString digits = owner->phone;
    digits.remove(QLatin1Char(' '));
    CHECK(findsOwner(digits.right(8)));
    // An order number by its start, as agents read the first digits off a screen.
    CHECK(findsOwner(orders.first().number.left(orders.first().number.size() - 3)));
    CHECK(CustomerStore(*t.store).findCustomers(QStringLiteral("no-such-person@nowhere.invalid")).isEmpty());
}

TEST_CASE("A phone number finds its customer with or without the country code, in any spacing",
          "[writes][customers][search]")
{
    TestStore t;
    const qint64 stored = t.addCustomer(QStringLiteral("王芳"), QStringLiteral("138 0013 8000"));
    const qint64 international = t.addCustomer(QStringLiteral("Li Lei"), QStringLiteral("+86 139-0013-9000"));
    auto finds = [&](const QString &term, qint64 id) {
        const auto found = CustomerStore(*t.store).findCustomers(term);
        return std::any_of(found.cbegin(), found.cend(), [&](const Customer &c) { return c.id == id; });
    };
    CHECK(finds(QStringLiteral("+86 138 0013 8000"), stored));
    CHECK(finds(QStringLiteral("0086-13800138000"), stored));
    CHECK(finds(QStringLiteral("13800138000"), stored));
    CHECK(finds(QStringLiteral("139 0013 9000"), international));
    CHECK(finds(QStringLiteral("+8613900139000"), international));
    CHECK_FALSE(finds(QStringLiteral("+86 139 0013 9000"), stored));
    // Short digit runs are order or ticket numbers, not phones.
    CHECK(CustomerStore(*t.store).findCustomers(QStringLiteral("8000")).isEmpty());
}

TEST_CASE("One transaction announces what it changed once, when it commits; a rolled-back one nothing",
          "[writes][unitofwork]")
{
    TestStore t;
    t.store->setTeamMode(true);
    const qint64 customer = t.addCustomer(QStringLiteral("Emma Clark"));
    const qint64 first = t.addTicket(customer, QStringLiteral("Refund not received"));
    const qint64 second = t.addTicket(customer, QStringLiteral("Card declined"));
    QSignalSpy changed(t.store.get(), &LocalStore::ticketsChanged);
    QSignalSpy added(t.store.get(), &LocalStore::messagesAdded);
    QSignalSpy outbox(t.store.get(), &LocalStore::outboxChanged);
    std::optional<qint64> message;
    const bool committed = t.store->transaction([&] {
        message = t.store->addMessage(first, MessageKind::Agent, QStringLiteral("Refunded today."));
        const bool done =
            message && t.store->setPriority(second, Priority::High) && t.store->setCategory(first, Category::Payment);
        // Nothing is told while the transaction is open: a view would read rows not yet there.
        CHECK(changed.isEmpty());
        CHECK(added.isEmpty());
        return done;
    });
    REQUIRE(committed);
    REQUIRE(changed.count() == 1);
    CHECK(changed.at(0).at(0).value<QList<qint64>>() == QList<qint64>{first, second});
    REQUIRE(added.count() == 1);
    CHECK(added.at(0).at(0).toLongLong() == first);
    CHECK(added.at(0).at(1).value<QList<qint64>>() == QList<qint64>{*message});
    CHECK(outbox.count() == 1);

    changed.clear();
    added.clear();
    outbox.clear();
    const auto messagesBefore = t.store->messages(second).size();
    const bool rolledBack = t.store->transaction([&] {
        return t.store->setPriority(first, Priority::Urgent) &&
               t.store->addMessage(second, MessageKind::Note, QStringLiteral("never kept")).has_value() &&
               false; // something later in the same change failed
    });
    CHECK_FALSE(rolledBack);
    CHECK(changed.isEmpty());
    CHECK(added.isEmpty());
    CHECK(outbox.isEmpty());
    CHECK(t.store->ticket(first)->priority != Priority::Urgent);
    CHECK(t.store->messages(second).size() == messagesBefore);
}
