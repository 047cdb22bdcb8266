#include "businesshoursdialog.h"
#include "cannedanswersdialog.h"
#include "cannedanswerstore.h"
#include "catchcompat.h"
#include "chatdesk.h"
#include "composerwidget.h"
#include "customerstore.h"
#include "desk.h"
#include "livechat.h"
#include "newticketdialog.h"
#include "peoplestore.h"
#include "slapolicydialog.h"
#include "teststore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QTest>
#include <QTimeEdit>

TEST_CASE("The new-ticket dialog finds the caller by order number and creates the ticket", "[gui][dialogs]")
{
    TestStore t(150, 2);
    CustomerOrder order;
    for (qint64 id = 1; id < 75 && order.id == 0; ++id) {
        const auto list = CustomerStore(*t.store).orders(id);
        if (!list.isEmpty())
            order = list.first();
    }
    REQUIRE(order.id > 0);
    Desk desk(*t.store);
    NewTicketDialog dialog(desk);
    dialog.show();
    QTest::keyClicks(dialog.lookupField(), order.number);
    QTest::keyClick(dialog.lookupField(), Qt::Key_Return);
    REQUIRE(dialog.results()->count() >= 1);
    CHECK(dialog.selectedCustomerId() == order.customerId);

    QTest::keyClicks(dialog.subjectField(), QStringLiteral("Where is my parcel"));
    dialog.descriptionField()->setPlainText(QStringLiteral("Called about the order"));
    dialog.accept();
    CHECK(dialog.result() == QDialog::Accepted);
    const auto ticket = t.store->ticket(dialog.createdTicketId());
    REQUIRE(ticket);
    CHECK(ticket->customerId == order.customerId);
    CHECK(ticket->channel == Channel::Phone);
    CHECK(ticket->assigneeId == t.store->currentAgentId());
    CHECK(t.store->messages(ticket->id).first().body == QStringLiteral("Called about the order"));
}

TEST_CASE("The new-ticket dialog explains what is missing and keeps what was typed", "[gui][dialogs][bad-input]")
{
    TestStore t;
    Desk desk(*t.store);
    NewTicketDialog dialog(desk);
    dialog.show();
    dialog.subjectField()->setText(QStringLiteral("电话咨询"));
    dialog.accept();
    CHECK(dialog.result() != QDialog::Accepted);
    CHECK(dialog.errorLabel()->isVisible());
    CHECK(dialog.errorLabel()->text().contains(QStringLiteral("caller")));
    CHECK(dialog.subjectField()->text() == QStringLiteral("电话咨询"));

    // Nobody found: the number becomes the new customer's phone.
    dialog.setCaller(QStringLiteral("+86 139 1234 5678"));
    CHECK(dialog.newPhoneField()->text() == QStringLiteral("+86 139 1234 5678"));
    dialog.newCustomerBox()->setChecked(true);
    dialog.accept();
    CHECK(dialog.errorLabel()->text().contains(QStringLiteral("name")));
    dialog.newNameField()->setText(QStringLiteral("陈先生"));
    dialog.accept();
    CHECK(dialog.result() == QDialog::Accepted);
    const auto ticket = t.store->ticket(dialog.createdTicketId());
    REQUIRE(ticket);
    CHECK(CustomerStore(*t.store).customer(ticket->customerId)->phone == QStringLiteral("+86 139 1234 5678"));
    CHECK(CustomerStore(*t.store).findCustomers(QStringLiteral("13912345678")).size() == 1);
}

TEST_CASE("Canned answers are edited in their dialog and inserted at the cursor", "[gui][dialogs]")
{
    TestStore t(10, 2);
    Desk desk(*t.store);
    CannedAnswersDialog dialog(desk);
    const int before = dialog.list()->count();
    REQUIRE(before > 0);
    dialog.addNew();
    dialog.titleField()->setText(QStringLiteral("退款时效"));
    dialog.bodyField()->setPlainText(QStringLiteral("退款将在 3-5 个工作日内原路退回。"));
    REQUIRE(dialog.saveCurrent());
    CHECK(dialog.list()->count() == before + 1);

    ComposerWidget composer(desk);
    composer.setTicket(1);
    composer.editor()->setPlainText(QStringLiteral("您好，"));
    composer.editor()->moveCursor(QTextCursor::End);
    const auto answers = CannedAnswerStore(*t.store).answers();
    composer.insertCannedAnswer(answers.back());
    CHECK(composer.text() == QStringLiteral("您好，退款将在 3-5 个工作日内原路退回。"));

    // Variables are filled from the ticket; an unknown one is left and explained.
    dialog.addNew();
    dialog.titleField()->setText(QStringLiteral("Greeting by name"));
    dialog.bodyField()->setPlainText(QStringLiteral("Hi {customer.name}, {agent.name} here. {customer.nmae}"));
    REQUIRE(dialog.saveCurrent());
    QString error;
    QObject::connect(&composer, &ComposerWidget::errorOccurred, &composer, [&](const QString &m) { error = m; });
    composer.editor()->clear();
    composer.insertCannedAnswer(CannedAnswerStore(*t.store).answers().back());
    const QString customer = t.store->ticket(1)->customerName;
    CHECK(composer.text() == QStringLiteral("Hi %1, 李娜 here. {customer.nmae}").arg(customer));
    CHECK(error.contains(QStringLiteral("{customer.nmae}")));
    CHECK(dialog.findChild<QLabel *>(QStringLiteral("variablesHelp"))->text().contains(QStringLiteral("{ticket.id}")));

    dialog.addNew();
    dialog.titleField()->clear();
    CHECK_FALSE(dialog.saveCurrent()); // a title is required
}

TEST_CASE("A canned answer is published in the chat page's FAQ with its Chinese and English article",
          "[gui][dialogs][faq]")
{
    TestStore t(5, 2);
    Desk desk(*t.store);
    CannedAnswersDialog dialog(desk);
    dialog.addNew();
    CHECK(!dialog.chineseTitleField()->isEnabled()); // until it is published
    dialog.titleField()->setText(QStringLiteral("Refunds"));
    dialog.bodyField()->setPlainText(QStringLiteral("Refunds reach your card within 5 working days."));
    dialog.publicField()->setChecked(true);
    CHECK(dialog.chineseTitleField()->isEnabled());
    dialog.chineseTitleField()->setText(QStringLiteral("退款时效"));
    dialog.chineseBodyField()->setPlainText(QStringLiteral("退款将在 5 个工作日内到账。"));
    REQUIRE(dialog.saveCurrent());
    const auto published = CannedAnswerStore(*t.store).publicAnswers();
    REQUIRE(published.size() == 1);
    CHECK(published[0].isPublic);
    CHECK(published[0].titleZh == QStringLiteral("退款时效"));
    CHECK(published[0].bodyZh == QStringLiteral("退款将在 5 个工作日内到账。"));
    CHECK(published[0].titleEn.isEmpty());
    // Shown again as saved when it is selected; the list marks it.
    CHECK(dialog.list()->currentItem()->text().contains(QStringLiteral("FAQ")));
    CHECK(dialog.publicField()->isChecked());
    CHECK(dialog.chineseTitleField()->text() == QStringLiteral("退款时效"));
    dialog.publicField()->setChecked(false);
    REQUIRE(dialog.saveCurrent());
    CHECK(CannedAnswerStore(*t.store).publicAnswers().isEmpty());
}

TEST_CASE("A live chat's visitor typing shows over the composer, and the agent's typing goes to the page",
          "[gui][dialogs][chat]")
{
    TestStore t(5, 2);
    Desk desk(*t.store);
    ComposerWidget composer(desk);
    // The gateway's process, as far as the desk can tell: another connection to the file.
    LocalStore gateway(t.clock);
    REQUIRE(gateway.open(t.path()));
    LiveChat chat(gateway);
    LiveChat::Start start;
    start.name = QStringLiteral("Ana Souza");
    start.text = QStringLiteral("Where is my parcel?");
    const auto started = chat.start(start);
    REQUIRE(started);
    const auto session = chat.session(started->token);
    REQUIRE(session);
    CHECK(desk.chat().checkOtherWrites());
    composer.setTicket(started->ticketId);
    CHECK(composer.customerTypingNotice()->isHidden());
    REQUIRE(chat.noteCustomerTyping(*session));
    CHECK(desk.chat().checkOtherWrites());
    CHECK(!composer.customerTypingNotice()->isHidden());
    CHECK(composer.customerTypingNotice()->text().contains(QStringLiteral("typing")));

    composer.editor()->setPlainText(QStringLiteral("Let me look"));
    CHECK(chat.since(*session, 0).agentTyping);
    composer.setTicket(1); // not a chat
    CHECK(composer.customerTypingNotice()->isHidden());
}

TEST_CASE("Attaching a file too large is refused with a clear message", "[gui][dialogs][bad-input]")
{
    TestStore t(5, 2);
    Desk desk(*t.store);
    ComposerWidget composer(desk);
    qint64 ticketId = 1; // the first that still takes messages (a closed one does not)
    while (ticketId < 5 && t.store->ticket(ticketId)->status == TicketStatus::Closed)
        ++ticketId;
    REQUIRE(t.store->ticket(ticketId)->status != TicketStatus::Closed);
    composer.setTicket(ticketId);
    QString error;
    QObject::connect(&composer, &ComposerWidget::errorOccurred, &composer, [&](const QString &m) { error = m; });

    QTemporaryFile small;
    REQUIRE(small.open());
    small.write("%PDF-1.4 small invoice");
    small.flush();
    CHECK(composer.attachFile(small.fileName()));
    CHECK(composer.pendingAttachments().size() == 1);

    QTemporaryFile big;
    REQUIRE(big.open());
    REQUIRE(big.resize(LocalStore::maxAttachmentBytes + 1));
    CHECK_FALSE(composer.attachFile(big.fileName()));
    CHECK(error.contains(QStringLiteral("at most 25 MB")));
    CHECK(composer.pendingAttachments().size() == 1);

    composer.editor()->setPlainText(QStringLiteral("Invoice attached"));
    REQUIRE(composer.send());
    const auto messages = t.store->messages(ticketId);
    REQUIRE(messages.back().attachments.size() == 1);
    CHECK(messages.back().attachments.first().mimeType == QStringLiteral("application/pdf"));
}

TEST_CASE("The business-hours dialog imports holidays from an iCalendar file and moves the deadlines",
          "[gui][dialogs][sla][icalendar]")
{
    TestStore t; // Monday 2026-03-02 10:00 UTC
    const qint64 ticket = t.addTicket(t.addCustomer(QStringLiteral("Ana Souza")), QStringLiteral("Refund"),
                                      QStringLiteral("Where is it?"));
    // 24 business hours: 8 on Monday, 9 on Tuesday, 7 on Wednesday.
    REQUIRE(t.store->ticket(ticket)->dueAt == QDateTime(QDate(2026, 3, 4), QTime(16, 0), Qt::UTC));
    const QString ics = t.dir.filePath(QStringLiteral("holidays.ics"));
    {
        QFile file(ics);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
                   "BEGIN:VEVENT\r\nUID:a@test\r\nDTSTART;VALUE=DATE:20260303\r\nDTEND;VALUE=DATE:20260304\r\n"
                   "SUMMARY:Staff day\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:b@test\r\nDTSTART;VALUE=DATE:20261001\r\nRRULE:FREQ=YEARLY\r\n"
                   "SUMMARY:National Day\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:c@test\r\nDTSTART:20260305T090000Z\r\nSUMMARY:Meeting\r\nEND:VEVENT\r\n"
                   "END:VCALENDAR\r\n");
    }
    BusinessHoursDialog dialog(*t.store);
    dialog.show();
    CHECK(dialog.importHolidays(ics) == 3); // 2026-03-03, and National Day this year and next
    CHECK(dialog.holidayList()->count() == 3);
    CHECK(dialog.holidayList()->item(0)->text().contains(QStringLiteral("Staff day")));
    CHECK(dialog.importLabel()->isVisible());
    CHECK(dialog.importLabel()->text().contains(QStringLiteral("holidays.ics")));
    CHECK(dialog.importLabel()->text().contains(QStringLiteral("1 event")));
    CHECK(dialog.importHolidays(ics) == 0); // each date once

    // Bad input: the reason is shown and the list stays as it was.
    const QString bad = t.dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile file(bad);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write("not a calendar");
    }
    CHECK(dialog.importHolidays(bad) == -1);
    CHECK(dialog.errorLabel()->isVisible());
    CHECK(dialog.errorLabel()->text().contains(QStringLiteral("iCalendar")));
    CHECK(dialog.holidayList()->count() == 3);

    REQUIRE(dialog.save());
    CHECK(t.store->sla().calendar().holidays().contains(QDate(2027, 10, 1)));
    // Tuesday off: the deadline moves a business day on.
    CHECK(t.store->ticket(ticket)->dueAt == QDateTime(QDate(2026, 3, 5), QTime(16, 0), Qt::UTC));
}

TEST_CASE("The business-hours dialog keeps hours and holidays and moves the deadlines", "[gui][dialogs][sla]")
{
    TestStore t; // Monday 2026-03-02 10:00 UTC
    const qint64 ticket = t.addTicket(t.addCustomer(QStringLiteral("Ana Souza")), QStringLiteral("Refund"),
                                      QStringLiteral("Where is it?"));
    const QDateTime before = t.store->ticket(ticket)->dueAt; // 24 business hours: Wednesday 16:00
    BusinessHoursDialog dialog(*t.store);
    CHECK(dialog.timeZoneBox()->currentText() == QStringLiteral("UTC"));
    CHECK(dialog.openBox(Qt::Monday)->isChecked());
    CHECK_FALSE(dialog.openBox(Qt::Saturday)->isChecked());

    // Bad input: a day that closes before it opens is refused, and nothing changes.
    dialog.openBox(Qt::Saturday)->setChecked(true);
    dialog.openingEdit(Qt::Saturday)->setTime(QTime(14, 0));
    dialog.closingEdit(Qt::Saturday)->setTime(QTime(10, 0));
    CHECK_FALSE(dialog.save());
    CHECK(dialog.errorLabel()->text().contains(QLocale().dayName(Qt::Saturday)));
    CHECK_FALSE(t.store->sla().calendar().hours(Qt::Saturday));

    dialog.openingEdit(Qt::Saturday)->setTime(QTime(10, 0));
    dialog.closingEdit(Qt::Saturday)->setTime(QTime(14, 0));
    dialog.holidayEdit()->setDate(QDate(2026, 3, 3)); // Tuesday
    dialog.addHoliday();
    dialog.addHoliday(); // once is enough
    CHECK(dialog.holidayList()->count() == 1);
    REQUIRE(dialog.save());
    CHECK(t.store->sla().calendar().hours(Qt::Saturday) == BusinessCalendar::Hours{QTime(10, 0), QTime(14, 0)});
    CHECK(t.store->sla().calendar().holidays().contains(QDate(2026, 3, 3)));
    // Tuesday off: 8 hours on Monday, 9 on Wednesday, 7 on Thursday.
    CHECK(before == QDateTime(QDate(2026, 3, 4), QTime(16, 0), Qt::UTC));
    CHECK(t.store->ticket(ticket)->dueAt == QDateTime(QDate(2026, 3, 5), QTime(16, 0), Qt::UTC));

    dialog.timeZoneBox()->setCurrentText(QStringLiteral("Nowhere/Atlantis"));
    CHECK_FALSE(dialog.save());
    CHECK(dialog.errorLabel()->text().contains(QStringLiteral("Nowhere/Atlantis")));
}

TEST_CASE("The service-targets dialog changes a channel's targets and moves its deadlines", "[gui][dialogs][sla]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(QStringLiteral("Ana Souza")), QStringLiteral("Refund"),
                                      QStringLiteral("Where is it?"), Channel::Email);
    SlaPolicyDialog dialog(*t.store);
    dialog.show();
    CHECK(dialog.firstResponseBox(Channel::Phone)->value() == 2);
    CHECK(dialog.firstResponseBox(Channel::Email)->value() == 24 * 60);
    CHECK(dialog.resolutionBox(Channel::Email)->value() == 48);
    CHECK(dialog.nextResponseBox(Channel::Chat)->value() == 5);
    dialog.firstResponseBox(Channel::Email)->setValue(60);
    dialog.nextResponseBox(Channel::Email)->setValue(120);
    dialog.accept();
    REQUIRE(dialog.result() == QDialog::Accepted);
    CHECK(t.store->sla().policy().baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Email) == 3600 * 1000);
    CHECK(t.store->sla().policy().baseMsecs(SlaPolicy::Target::NextResponse, Channel::Email) == 2 * 3600 * 1000);
    CHECK(t.store->ticket(ticket)->dueAt == QDateTime(QDate(2026, 3, 2), QTime(11, 0), Qt::UTC));
}

TEST_CASE("In a team an agent reads the shared hours and targets; a supervisor changes them for every desk",
          "[gui][dialogs][sla][roles]")
{
    TestStore t;
    const qint64 boss = t.signInAsSupervisor();
    REQUIRE(t.store->setCurrentAgent(QStringLiteral("li.na"))); // an agent
    t.store->setTeamMode(true); // no server needed: the desk decides from the role it knows
    {
        BusinessHoursDialog hours(*t.store);
        hours.show();
        const auto *notice = hours.findChild<QLabel *>(QStringLiteral("sharedSettingNotice"));
        REQUIRE(notice);
        CHECK(notice->isVisible());
        CHECK(notice->text().contains(QStringLiteral("supervisors")));
        CHECK_FALSE(hours.openBox(Qt::Monday)->isEnabled());
        CHECK_FALSE(hours.openingEdit(Qt::Monday)->isEnabled());
        const auto *buttons = hours.findChild<QDialogButtonBox *>();
        REQUIRE(buttons);
        CHECK(buttons->standardButtons() == QDialogButtonBox::Close);
        SlaPolicyDialog targets(*t.store);
        targets.show();
        CHECK_FALSE(targets.firstResponseBox(Channel::Chat)->isEnabled());
        CHECK(targets.findChild<QDialogButtonBox *>()->standardButtons() == QDialogButtonBox::Close);
    }
    CHECK_FALSE(t.store->setSlaPolicy(SlaPolicy()));
    CHECK(t.store->errorString().contains(QStringLiteral("supervisor")));

    REQUIRE(t.store->setCurrentAgent(PeopleStore(*t.store).agent(boss)->login));
    SlaPolicyDialog targets(*t.store);
    targets.show();
    const auto *notice = targets.findChild<QLabel *>(QStringLiteral("sharedSettingNotice"));
    REQUIRE(notice);
    CHECK(notice->isVisible());
    CHECK(notice->text().contains(QStringLiteral("every desk")));
    REQUIRE(targets.firstResponseBox(Channel::Chat)->isEnabled());
    targets.firstResponseBox(Channel::Chat)->setValue(7);
    targets.accept();
    REQUIRE(targets.result() == QDialog::Accepted);
    CHECK(t.store->sla().policy().baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Chat) == 7 * 60 * 1000);
    QSqlQuery outbox(t.store->database());
    REQUIRE(outbox.exec(QStringLiteral("SELECT name, json_extract(args, '$.key') FROM outbox")));
    REQUIRE(outbox.next());
    CHECK(outbox.value(0).toString() == QStringLiteral("setting.save"));
    CHECK(outbox.value(1).toString() == QStringLiteral("sla_policy"));
}
