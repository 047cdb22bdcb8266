#include "catchcompat.h"
#include "conversationservice.h"
#include "customerstore.h"
#include "filestore.h"
#include "jsonlinesexporter.h"
#include "jsonlinesimporter.h"
#include "localstore.h"
#include "mailstore.h"
#include "syncissuestore.h"
#include "testdesk.h"
#include "testserver.h"
#include "teststore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

using namespace Qt::StringLiterals;

// Issue 15, team mode: files are kept on the server once per content and fetched by a desk when
// a message is opened; the mail behind a message is the server's and reaches every desk.

namespace {

qint64 newTicket(LocalStore &store, const QString &subject)
{
    Customer customer;
    customer.name = u"陈静"_s;
    customer.email = u"chen.jing@example.com"_s;
    const auto customerId = CustomerStore(store).createCustomer(customer);
    REQUIRE(customerId);
    NewTicketInput input;
    input.customerId = *customerId;
    input.subject = subject;
    input.channel = Channel::Email;
    input.firstMessage = u"发票开错了"_s;
    const auto id = store.createTicket(input);
    INFO(store.errorString().toStdString());
    REQUIRE(id);
    return *id;
}

void serverExec(const TestServer &server, const QString &sql)
{
    QSqlQuery query(server.admin());
    INFO(sql.toStdString());
    INFO(query.lastError().text().toStdString());
    REQUIRE(query.exec(sql));
}

// A content put on the server as the gateway does, beside the desks; its SHA-256.
QString putOnServer(const TestServer &server, const QByteArray &content)
{
    QSqlQuery query(server.admin());
    REQUIRE(
        query.prepare(u"INSERT INTO deskline.file_contents(sha256, size, content) VALUES (decode(?, 'hex'), ?, ?)"_s));
    query.addBindValue(LocalStore::contentSha256(content));
    query.addBindValue(qint64(content.size()));
    query.addBindValue(content);
    INFO(query.lastError().text().toStdString());
    REQUIRE(query.exec());
    return LocalStore::contentSha256(content);
}

// The engine's answer to fetchContent, waited for.
bool fetch(TestDesk &desk, const QString &sha256)
{
    QSignalSpy fetched(desk.engine.get(), &SyncEngine::contentFetched);
    desk.engine->fetchContent(sha256);
    REQUIRE((!fetched.isEmpty() || fetched.wait(10000)));
    CHECK(fetched.first().at(0).toString() == sha256);
    return fetched.first().at(1).toBool();
}

QList<Attachment> filesOf(const LocalStore &store, qint64 ticketId)
{
    QList<Attachment> files;
    for (const Message &m : store.messages(ticketId))
        files << m.attachments;
    return files;
}

// Every byte value, NUL and invalid UTF-8 included: the bytes must come back exactly.
QByteArray binaryFile()
{
    QByteArray bytes("%PDF-1.4 发票 ");
    for (int round = 0; round < 800; ++round) {
        for (int b = 0; b < 256; ++b)
            bytes.append(char((b + round) & 0xff));
    }
    return bytes;
}

const QByteArray invoice = binaryFile();

} // namespace

TEST_CASE("A reply's file reaches the other desk listed, is fetched once when asked, then kept", "[sync][files]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 ticket = newTicket(*alice.store, u"发票抬头错误"_s);
    REQUIRE(alice.store->addMessage(ticket, MessageKind::Agent, u"请看附件"_s,
                                    {{u"发票.pdf"_s, u"application/pdf"_s, invoice}}));
    REQUIRE(alice.sync());
    REQUIRE(alice.outboxSize() == 0);
    const QString sha256 = LocalStore::contentSha256(invoice);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.file_contents"_s) == 1);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.attachments WHERE sha256 = decode('%1', 'hex')"
                        " AND name = '发票.pdf' AND size = %2"_s.arg(sha256)
                            .arg(invoice.size())) == 1);
    // Alice's own file came back as the same row, now with the server's id, bytes kept.
    REQUIRE(alice.sync());
    const QList<Attachment> mine = filesOf(*alice.store, ticket);
    REQUIRE(mine.size() == 1);
    CHECK(mine.first().local);
    QSqlQuery own(alice.store->database());
    REQUIRE(own.exec(u"SELECT count(*), count(server_id) FROM attachments"_s));
    REQUIRE(own.next());
    CHECK(own.value(0).toInt() == 1);
    CHECK(own.value(1).toInt() == 1);

    REQUIRE(bob.sync());
    const qint64 bobs = bob.localTicket(alice.serverTicket(ticket));
    REQUIRE(bobs > 0);
    const QList<Attachment> listed = filesOf(*bob.store, bobs);
    REQUIRE(listed.size() == 1);
    CHECK(listed.first().name == u"发票.pdf"_s);
    CHECK(listed.first().size == invoice.size());
    CHECK(listed.first().sha256 == sha256);
    CHECK_FALSE(listed.first().local);
    CHECK(bob.store->attachment(listed.first().id)->content.isEmpty());

    // Asked for: fetched from the server and kept; asked again: read from the store.
    CHECK(fetch(bob, sha256));
    CHECK(bob.engine->contentRequests() == 1);
    const auto kept = bob.store->attachment(listed.first().id);
    REQUIRE(kept);
    CHECK(kept->local);
    CHECK(kept->content == invoice);
    CHECK(fetch(bob, sha256));
    CHECK(bob.engine->contentRequests() == 1);

    // A new desk's first copy lists the open ticket's file too.
    TestDesk sam(server.as(u"sam"_s));
    const QList<Attachment> copied = filesOf(*sam.store, sam.localTicket(alice.serverTicket(ticket)));
    REQUIRE(copied.size() == 1);
    CHECK(copied.first().name == u"发票.pdf"_s);
    CHECK_FALSE(copied.first().local);
}

TEST_CASE("The same content attached twice is one file on the server, and sending again adds nothing", "[sync][files]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    const qint64 ticket = newTicket(*alice.store, u"截图"_s);
    REQUIRE(alice.store->addMessage(ticket, MessageKind::Agent, {}, {{u"a.png"_s, u"image/png"_s, invoice}}));
    REQUIRE(alice.store->addMessage(ticket, MessageKind::Note, u"同一张图"_s, {{u"b.png"_s, u"image/png"_s, invoice}}));
    // A message.add sent twice (a lost acknowledgement): the server keeps one message.
    QSqlQuery again(alice.store->database());
    REQUIRE(again.prepare(u"INSERT INTO outbox(mutation_id, name, args, ticket_id, created_at) SELECT"
                          " ?, name, args, ticket_id, created_at FROM outbox"
                          " WHERE name = 'message.add' ORDER BY id DESC LIMIT 1"_s));
    again.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    REQUIRE(again.exec());
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.file_contents"_s) == 1);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.attachments"_s) == 2);
    CHECK(SyncIssueStore(*alice.store).syncIssues().isEmpty());
}

TEST_CASE("A desk that cannot see a ticket gets nothing for its files", "[sync][files][roles]")
{
    TestServer server;
    TestDesk carol(server.as(u"carol"_s)); // team L2
    const qint64 ticket = newTicket(*carol.store, u"合同"_s);
    REQUIRE(carol.store->addMessage(ticket, MessageKind::Note, u"合同扫描件"_s,
                                    {{u"合同.pdf"_s, u"application/pdf"_s, invoice}}));
    REQUIRE(carol.sync());
    serverExec(server,
               u"UPDATE deskline.tickets SET restricted = true WHERE id = %1"_s.arg(carol.serverTicket(ticket)));

    TestDesk alice(server.as(u"alice"_s)); // team L1
    const QString sha256 = LocalStore::contentSha256(invoice);
    CHECK_FALSE(fetch(alice, sha256));
    CHECK(alice.engine->contentRequests() == 1);
    CHECK_FALSE(FileStore(*alice.store).content(sha256));
    // Carol's team still may.
    ServerConnection direct;
    REQUIRE(direct.open(server.as(u"carol"_s), u"carol-direct"_s));
    {
        QSqlQuery query(QSqlDatabase::database(u"carol-direct"_s, false));
        REQUIRE(query.exec(u"SELECT deskline.fetch_content('%1') IS NOT NULL"_s.arg(sha256)));
        REQUIRE(query.next());
        CHECK(query.value(0).toBool());
    }
    QSqlDatabase::database(u"carol-direct"_s, false).close();
    QSqlDatabase::removeDatabase(u"carol-direct"_s);
}

TEST_CASE("A message naming a file the server never got is refused, kept on the desk and shown as an issue",
          "[sync][files][bad-input]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    const qint64 ticket = newTicket(*alice.store, u"日志"_s);
    REQUIRE(alice.sync());
    const auto message =
        alice.store->addMessage(ticket, MessageKind::Agent, u"日志见附件"_s, {{u"app.log"_s, u"text/plain"_s, "boom"}});
    REQUIRE(message);
    const QString never = QString(u"ab"_s).repeated(32);
    QSqlQuery tamper(alice.store->database());
    REQUIRE(tamper.exec(u"UPDATE outbox SET args = json_set(args, '$.attachments[0].sha256', '%1')"
                        " WHERE name = 'message.add'"_s.arg(never)));
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    const QList<SyncIssue> issues = SyncIssueStore(*alice.store).syncIssues();
    REQUIRE(issues.size() == 1);
    CHECK(issues.first().mutation == u"message.add"_s);
    CHECK(issues.first().reason == u"missing_content"_s);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.messages WHERE body = '日志见附件'"_s) == 0);
    // The agent's reply and its file are still on the desk.
    const QList<Message> thread = alice.store->messages(ticket);
    REQUIRE(thread.size() == 2);
    CHECK(thread.last().body == u"日志见附件"_s);
    REQUIRE(thread.last().attachments.size() == 1);
    CHECK(alice.store->attachment(thread.last().attachments.first().id)->content == "boom");
}

TEST_CASE("A file listed before its message came down brings the message with it", "[sync][files]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    const qint64 ticket = newTicket(*alice.store, u"已解决"_s);
    REQUIRE(alice.store->setStatus(ticket, TicketStatus::Solved));
    REQUIRE(alice.sync());
    TestDesk bob(server.as(u"bob"_s)); // a solved ticket's thread stays on the server in the first copy
    const qint64 bobs = bob.localTicket(alice.serverTicket(ticket));
    REQUIRE(bobs > 0);
    REQUIRE(bob.store->messages(bobs).isEmpty());

    // The gateway (or anyone on the server) adds a file to the ticket's first message.
    const QString scan = putOnServer(server, "scan");
    serverExec(server, u"INSERT INTO deskline.attachments(message_id, name, mime_type, size, sha256)"
                       " SELECT min(id), 'scan.jpg', 'image/jpeg', 4, decode('%1', 'hex') FROM deskline.messages"
                       " WHERE ticket_id = %2"_s.arg(scan)
                           .arg(alice.serverTicket(ticket)));
    REQUIRE(bob.sync());
    const QList<Attachment> files = filesOf(*bob.store, bobs);
    REQUIRE(files.size() == 1);
    CHECK(files.first().name == u"scan.jpg"_s);
    CHECK(bob.store->messages(bobs).first().body == u"发票开错了"_s);
    CHECK(fetch(bob, scan));
    CHECK(bob.store->attachment(files.first().id)->content == "scan");
}

TEST_CASE("The mail behind messages is the server's: a reply's delivery reaches every desk, the raw mail on request",
          "[sync][files][mail]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 ticket = newTicket(*alice.store, u"退款"_s);
    REQUIRE(alice.sync());
    const qint64 serverTicket = alice.serverTicket(ticket);
    // As the gateway records a received mail: its facts and its raw bytes, on the server only.
    const QByteArray raw = "From: chen.jing@example.com\r\nSubject: refund\r\n\r\nplease\r\n";
    const QString rawSha256 = putOnServer(server, raw);
    serverExec(server, u"INSERT INTO deskline.mail_messages(message_id, direction, rfc_message_id, sender, recipients,"
                       " delivery, raw_sha256) SELECT min(id), 0, 'refund-1@example.com', 'chen.jing@example.com',"
                       " '[\"support@example.test\"]', 0, decode('%1', 'hex') FROM deskline.messages"
                       " WHERE ticket_id = %2"_s.arg(rawSha256)
                           .arg(serverTicket));
    REQUIRE(alice.sync());
    const qint64 received = alice.store->messages(ticket).first().id;
    const auto facts = MailStore(*alice.store).facts(received);
    REQUIRE(facts);
    CHECK(facts->direction == MailDirection::Received);
    CHECK(facts->sender == u"chen.jing@example.com"_s);
    CHECK(facts->recipients == QStringList{u"support@example.test"_s});
    CHECK_FALSE(facts->hasRaw);
    CHECK(facts->rawSha256 == rawSha256);

    // Alice answers: the desk queues the mail as a desk on its own would, the server's row for
    // the same message replaces it, and the gateway's delivery reaches both desks.
    const auto reply = ConversationService(*alice.store).reply(ticket, u"已为您退款"_s);
    REQUIRE(reply);
    CHECK(MailStore(*alice.store).facts(*reply)->delivery == MailDelivery::Waiting);
    REQUIRE(alice.sync());
    const qint64 serverReply =
        server.scalar(u"SELECT id FROM deskline.messages WHERE ticket_id = %1 AND kind = 1"_s.arg(serverTicket));
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.mail_messages WHERE message_id = %1 AND direction = 1"
                        " AND delivery = 1"_s.arg(serverReply)) == 1);
    serverExec(server,
               u"UPDATE deskline.mail_messages SET delivery = 4, delivery_detail = '550 no such user',"
               " rfc_message_id = 'reply-1@example.test', attempts = 1 WHERE message_id = %1"_s.arg(serverReply));
    REQUIRE(alice.sync());
    const auto bounced = MailStore(*alice.store).facts(*reply);
    REQUIRE(bounced);
    CHECK(bounced->delivery == MailDelivery::Bounced);
    CHECK(bounced->deliveryDetail == u"550 no such user"_s);
    CHECK(bounced->rfcMessageId == u"reply-1@example.test"_s);
    QSqlQuery rows(alice.store->database());
    REQUIRE(rows.exec(u"SELECT count(*) FROM mail_messages"_s));
    REQUIRE(rows.next());
    CHECK(rows.value(0).toInt() == 2);

    REQUIRE(bob.sync());
    const qint64 bobs = bob.localTicket(serverTicket);
    const QList<Message> thread = bob.store->messages(bobs);
    REQUIRE(thread.size() == 2);
    const auto seen = MailStore(*bob.store).facts(thread.last().id);
    REQUIRE(seen);
    CHECK(seen->delivery == MailDelivery::Bounced);
    CHECK(seen->direction == MailDirection::Sent);

    // The raw mail comes when an agent saves it.
    CHECK(ConversationService(*bob.store).rawMail(thread.first().id).isEmpty());
    CHECK(fetch(bob, rawSha256));
    CHECK(ConversationService(*bob.store).rawMail(thread.first().id) == raw);
    CHECK(MailStore(*bob.store).facts(thread.first().id)->hasRaw);
}

TEST_CASE("An export from a team desk names a file it never fetched by its hash, without bytes, and import keeps "
          "the listing",
          "[sync][files][interchange]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    TestDesk bob(server.as(u"bob"_s));
    const qint64 ticket = newTicket(*alice.store, u"发票抬头错误"_s);
    REQUIRE(alice.store->addMessage(ticket, MessageKind::Agent, u"请看附件"_s,
                                    {{u"发票.pdf"_s, u"application/pdf"_s, invoice}}));
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    const qint64 bobs = bob.localTicket(alice.serverTicket(ticket));
    REQUIRE(bobs > 0);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"bob.jsonl"_s);
    JsonLinesExporter exporter(*bob.store);
    REQUIRE(exporter.exportTickets(path, {bobs}));
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
    QJsonObject exported;
    for (const QJsonValue message : line.value(u"messages").toArray()) {
        const QJsonArray files = message.toObject().value(u"attachments").toArray();
        if (!files.isEmpty())
            exported = files.first().toObject();
    }
    CHECK(exported.value(u"name").toString() == u"发票.pdf"_s);
    CHECK(exported.value(u"size").toInteger() == invoice.size());
    CHECK(exported.value(u"sha256").toString() == LocalStore::contentSha256(invoice));
    CHECK_FALSE(exported.contains(u"content"));

    TestStore fresh;
    JsonLinesImporter importer(*fresh.store);
    INFO(importer.report().errors.join(u"\n"_s).toStdString());
    REQUIRE(importer.importFile(path));
    QSqlQuery listed(fresh.store->database());
    REQUIRE(listed.exec(u"SELECT name, size, sha256, content IS NULL FROM attachments"_s));
    REQUIRE(listed.next());
    CHECK(listed.value(0).toString() == u"发票.pdf"_s);
    CHECK(listed.value(1).toLongLong() == invoice.size());
    CHECK(listed.value(2).toString() == LocalStore::contentSha256(invoice));
    CHECK(listed.value(3).toBool());

    // Fetched, the export carries the bytes again; a listing with a bad hash is refused.
    CHECK(fetch(bob, LocalStore::contentSha256(invoice)));
    const QString again = dir.filePath(u"bob-fetched.jsonl"_s);
    REQUIRE(exporter.exportTickets(again, {bobs}));
    QFile fetchedFile(again);
    REQUIRE(fetchedFile.open(QIODevice::ReadOnly));
    CHECK(fetchedFile.readAll().contains(invoice.left(8).toBase64().left(8)));
    QFile bad(dir.filePath(u"bad.jsonl"_s));
    REQUIRE(bad.open(QIODevice::WriteOnly));
    QByteArray text = QJsonDocument(line).toJson(QJsonDocument::Compact);
    text.replace(LocalStore::contentSha256(invoice).toLatin1(), "not-a-hash");
    bad.write(text + '\n');
    bad.close();
    TestStore other;
    JsonLinesImporter refusing(*other.store);
    CHECK_FALSE(refusing.importFile(bad.fileName()));
    CHECK(refusing.report().errors.join(u"\n"_s).contains(u"sha256"_s));
}
