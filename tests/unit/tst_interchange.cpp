#include "catchcompat.h"
#include "conversationservice.h"
#include "customerstore.h"
#include "jsonlinesexporter.h"
#include "jsonlinesimporter.h"
#include "mailintake.h"
#include "mailoutbox.h"
#include "mailparser.h"
#include "mailstore.h"
#include "teststore.h"

#include <QFile>

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(content);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

const QByteArray goodLine =
    R"({"external_id":"T-000001","subject":"无法登录账号","channel":"email","category":"account","priority":"normal","status":"open","created_at":"2026-01-05T09:12:00Z","customer":{"external_id":"C-000123","name":"张伟","email":"zhang.wei@example.com","phone":"+86 138 0000 0001","username":"zhangwei88","account_status":"locked","two_factor":true},"messages":[{"author":"customer","at":"2026-01-05T09:12:00Z","body":"密码输入正确也登录不了","internal":false},{"author":"agent:li.na","at":"2026-01-05T09:20:00Z","body":"已为您解锁账号","internal":false},{"author":"agent:li.na","at":"2026-01-05T09:21:00Z","body":"unlocked in admin","internal":true}],"tags":["2fa"]})";

} // namespace

TEST_CASE("Importing the design's example line creates the ticket, customer and thread", "[interchange]")
{
    TestStore t;
    const QString path = t.dir.filePath(QStringLiteral("in.jsonl"));
    writeFile(path, goodLine + "\n");
    JsonLinesImporter importer(*t.store);
    REQUIRE(importer.importFile(path));
    CHECK(importer.report().imported == 1);
    const auto id = t.store->ticketIdByExternalId(QStringLiteral("T-000001"));
    REQUIRE(id);
    const auto ticket = t.store->ticket(*id);
    CHECK(ticket->category == Category::Account);
    CHECK(ticket->status == TicketStatus::Open);
    CHECK(ticket->tags == QStringList{QStringLiteral("2fa")});
    CHECK(ticket->firstResponseAt == QDateTime(QDate(2026, 1, 5), QTime(9, 20), Qt::UTC));
    const auto customer = CustomerStore(*t.store).customer(ticket->customerId);
    CHECK(customer->accountStatus == AccountStatus::Locked);
    CHECK(customer->twoFactor);
    const auto messages = t.store->messages(*id);
    REQUIRE(messages.size() == 3);
    CHECK(messages[2].kind == MessageKind::Note);
    CHECK(messages[1].authorName == QStringLiteral("李娜"));
}

TEST_CASE("Importing the same file twice does not duplicate anything", "[interchange]")
{
    TestStore t;
    const QString path = t.dir.filePath(QStringLiteral("in.jsonl"));
    writeFile(path, goodLine + "\n");
    JsonLinesImporter first(*t.store);
    REQUIRE(first.importFile(path));
    JsonLinesImporter second(*t.store);
    REQUIRE(second.importFile(path));
    CHECK(second.report().imported == 0);
    CHECK(second.report().skipped == 1);
    const StoreStats stats = t.store->stats();
    CHECK(stats.tickets == 1);
    CHECK(stats.messages == 3);
    CHECK(stats.customers == 1);
}

TEST_CASE("A file with bad lines reports each one and imports nothing", "[interchange][bad-input]")
{
    TestStore t;
    const QString path = t.dir.filePath(QStringLiteral("bad.jsonl"));
    QByteArray second = goodLine;
    second.replace("T-000001", "T-000002");
    QByteArray wrongChannel = goodLine;
    wrongChannel.replace("T-000001", "T-000003").replace(R"("channel":"email")", R"("channel":"pigeon")");
    QByteArray noSubject = goodLine;
    noSubject.replace("T-000001", "T-000004").replace(R"("subject":"无法登录账号")", R"("subject":"")");
    QByteArray badTime = goodLine;
    badTime.replace("T-000001", "T-000005").replace("2026-01-05T09:12:00Z\",\"customer", "yesterday\",\"customer");
    writeFile(path, goodLine + "\n" + second + "\n{not json\n" + wrongChannel + "\n\n" + noSubject + "\n" + badTime +
                        "\n" + goodLine + "\n");
    JsonLinesImporter importer(*t.store);
    CHECK_FALSE(importer.importFile(path));
    const QStringList errors = importer.report().errors;
    REQUIRE(errors.size() == 5);
    CHECK(errors[0].startsWith(path + QStringLiteral(":3: not valid JSON")));
    CHECK(errors[1].startsWith(path + QStringLiteral(":4: \"channel\" must be one of email | chat")));
    CHECK(errors[1].contains(QStringLiteral("pigeon")));
    CHECK(errors[2].startsWith(path + QStringLiteral(":6: \"subject\"")));
    CHECK(errors[3].startsWith(path + QStringLiteral(":7: \"created_at\"")));
    CHECK(errors[4].startsWith(path + QStringLiteral(":8: external_id \"T-000001\" appears twice")));
    CHECK(t.store->stats().tickets == 0);
    CHECK(t.store->stats().customers == 0);
}

TEST_CASE("Export and import round-trip every ticket, message and tag", "[interchange]")
{
    TestStore source(120, 3);
    const QString file = source.dir.filePath(QStringLiteral("out.jsonl"));
    JsonLinesExporter exporter(*source.store);
    REQUIRE(exporter.exportFile(file));
    CHECK(exporter.exportedCount() == 120);

    TestStore target;
    JsonLinesImporter importer(*target.store);
    REQUIRE(importer.importFile(file));
    CHECK(importer.report().imported == 120);
    CHECK(target.store->stats().messages == source.store->stats().messages);

    // Exporting the copy gives the same file: nothing was lost or changed on the way.
    const QString again = target.dir.filePath(QStringLiteral("again.jsonl"));
    JsonLinesExporter second(*target.store);
    REQUIRE(second.exportFile(again));
    CHECK(readFile(again) == readFile(file));
}

TEST_CASE("Export and import carry each mail's facts and its files, checked by SHA-256", "[interchange][mail]")
{
    using namespace Qt::StringLiterals;
    TestStore from;
    Mailbox box;
    box.name = u"support"_s;
    box.address = u"support@example.test"_s;
    box.imapUrl = u"imaps://support%40example.test@127.0.0.1:993/INBOX"_s;
    box.smtpUrl = u"smtps://support%40example.test@127.0.0.1:465"_s;
    const auto boxId = MailStore(*from.store).addMailbox(box);
    REQUIRE(boxId);
    box.id = *boxId;
    const QByteArray raw = "From: Li Na <li.na@example.com>\r\nTo: support@example.test\r\nSubject: 发票\r\n"
                           "Message-ID: <invoice-1@example.com>\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\n"
                           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                           "Content-Type: text/plain; charset=utf-8\r\n\r\n请看附件\r\n--b\r\n"
                           "Content-Type: application/pdf; name=\"发票.pdf\"\r\nContent-Disposition: attachment; "
                           "filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                           "JVBERi0xLjQKJcTl8uXr\r\n--b\r\nContent-Type: text/plain; name=empty.txt\r\n"
                           "Content-Disposition: attachment; filename=empty.txt\r\n\r\n\r\n--b--\r\n";
    const QByteArray secret = "export-secret";
    const auto taken = MailIntake(*from.store, secret).take(box, 1, 1, MailParser().parse(raw));
    REQUIRE(taken);
    ConversationService conversation(*from.store);
    const auto sentReply = conversation.reply(taken->ticketId, u"收到，我们会处理。"_s);
    REQUIRE(sentReply);
    MailOutbox outbox(*from.store, secret);
    const auto due = outbox.due();
    REQUIRE(due.size() == 1);
    REQUIRE(outbox.sent(due[0]));
    REQUIRE(conversation.reply(taken->ticketId, u"Still to go out"_s));

    const QString path = from.dir.filePath(u"mail.jsonl"_s);
    JsonLinesExporter exporter(*from.store);
    REQUIRE(exporter.exportTickets(path, {taken->ticketId}));

    TestStore to;
    JsonLinesImporter importer(*to.store);
    INFO(importer.report().errors.join(u"\n"_s).toStdString());
    REQUIRE(importer.importFile(path));
    REQUIRE(importer.report().imported == 1);
    const auto ticketId = to.store->ticketIdByExternalId(from.store->ticket(taken->ticketId)->displayId());
    REQUIRE(ticketId);
    const QList<Message> messages = to.store->messages(*ticketId);
    REQUIRE(messages.size() == 3);
    REQUIRE(messages[0].attachments.size() == 2);
    const auto pdf = to.store->attachment(messages[0].attachments[0].id);
    REQUIRE(pdf);
    CHECK(pdf->name == u"发票.pdf"_s);
    CHECK(pdf->content == QByteArray::fromBase64("JVBERi0xLjQKJcTl8uXr"));
    CHECK(to.store->attachment(messages[0].attachments[1].id)->content.isEmpty());

    const QHash<qint64, MailFacts> facts = MailStore(*to.store).factsOfTickets({*ticketId});
    REQUIRE(facts.size() == 3);
    CHECK(facts.value(messages[0].id).rfcMessageId == u"invoice-1@example.com"_s);
    CHECK(facts.value(messages[0].id).sender == u"li.na@example.com"_s);
    CHECK(facts.value(messages[1].id).delivery == MailDelivery::Sent);
    CHECK(facts.value(messages[1].id).rfcMessageId == due[0].rfcMessageId);
    // A reply that had not gone out is not sent from a desk that has no mailbox for it.
    CHECK(facts.value(messages[2].id).delivery == MailDelivery::Failed);
    CHECK(MailOutbox(*to.store, secret).due().isEmpty());

    // The customer's next mail finds the imported ticket by the Message-IDs that came along.
    const QByteArray answer = "From: li.na@example.com\r\nTo: support@example.test\r\nSubject: Re: 发票\r\n"
                              "Message-ID: <invoice-2@example.com>\r\nIn-Reply-To: <invoice-1@example.com>\r\n"
                              "Content-Type: text/plain; charset=utf-8\r\n\r\n谢谢\r\n";
    Mailbox toBox = box;
    toBox.id = *MailStore(*to.store).addMailbox(box);
    const auto threaded = MailIntake(*to.store, "another-secret").take(toBox, 1, 1, MailParser().parse(answer));
    REQUIRE(threaded);
    CHECK(threaded->outcome == MailIntake::Outcome::AddedToTicket);
    CHECK(threaded->ticketId == *ticketId);

    // A file whose bytes do not match its SHA-256 refuses the whole line.
    QByteArray line = readFile(path);
    const qsizetype at = line.indexOf("\"sha256\":\"") + 10;
    line[at] = line[at] == '0' ? '1' : '0';
    const QString tampered = to.dir.filePath(u"tampered.jsonl"_s);
    writeFile(tampered, line.replace("T-", "X-"));
    TestStore other;
    JsonLinesImporter refusing(*other.store);
    CHECK(!refusing.importFile(tampered));
    CHECK(refusing.report().errors.join(u"\n"_s).contains(u"sha256"_s));
    CHECK(refusing.report().imported == 0);
}
