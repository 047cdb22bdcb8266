#include "catchcompat.h"
#include "testmailserver.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace {

// One reply line, or the tagged completion of an IMAP command with what came before it.
QByteArray readUntil(QAbstractSocket &socket, const QByteArray &prefix)
{
    QByteArray all;
    while (true) {
        while (socket.canReadLine()) {
            const QByteArray line = socket.readLine();
            all += line;
            if (line.startsWith(prefix))
                return all;
        }
        if (!socket.waitForReadyRead(10000))
            return all;
    }
}

QByteArray imap(QAbstractSocket &socket, const QByteArray &tag, const QByteArray &command)
{
    socket.write(tag + ' ' + command + "\r\n");
    return readUntil(socket, tag + ' ');
}

QByteArray smtp(QAbstractSocket &socket, const QByteArray &command)
{
    socket.write(command + "\r\n");
    // Multi-line replies continue with "NNN-", the last line is "NNN ".
    QByteArray all;
    while (true) {
        const QByteArray line = readUntil(socket, QByteArray());
        all += line;
        if (line.isEmpty() || (line.size() > 3 && line[3] == ' '))
            return all;
    }
}

QByteArray loginCommand(const TestMailServer &server, const QString &user)
{
    QByteArray command = "LOGIN \"" + user.toUtf8() + "\" \"" + server.password(user).toUtf8() + '"';
    return command;
}

QSslConfiguration trusting(const TestMailServer &server)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(server.caFile()));
    return config;
}

const QByteArray message = "From: Customer <customer@example.test>\r\n"
                           "To: support@example.test\r\n"
                           "Subject: =?UTF-8?B?5omT5Y2w5py65Z2P5LqG?=\r\n"
                           "Message-ID: <fixture-1@example.test>\r\n"
                           "\r\n"
                           "The printer is broken.\r\n";

} // namespace

TEST_CASE("IMAPS verifies against the fixture's CA and only with it")
{
    TestMailServer server;
    {
        QSslSocket socket;
        socket.connectToHostEncrypted(server.hostname(), server.imapsPort());
        REQUIRE_FALSE(socket.waitForEncrypted(10000));
        REQUIRE_FALSE(socket.sslHandshakeErrors().isEmpty());
    }
    QSslSocket socket;
    socket.setSslConfiguration(trusting(server));
    socket.connectToHostEncrypted(server.hostname(), server.imapsPort());
    INFO(socket.errorString().toStdString());
    REQUIRE(socket.waitForEncrypted(10000));
    REQUIRE(readUntil(socket, "* OK").contains("* OK"));
    REQUIRE(imap(socket, "a1", "CAPABILITY").contains("IDLE"));
}

TEST_CASE("A message delivered through dovecot's LDA shows in SELECT")
{
    TestMailServer server;
    const QString user = u"support@example.test"_s;
    server.clearMailbox(user);
    const qint64 before = server.mailboxStatus(user).value(u"messages").toInteger();

    QSslSocket socket;
    socket.setSslConfiguration(trusting(server));
    socket.connectToHostEncrypted(server.hostname(), server.imapsPort());
    REQUIRE(socket.waitForEncrypted(10000));
    readUntil(socket, "* OK");
    REQUIRE(imap(socket, "a1", loginCommand(server, user)).contains("a1 OK"));

    server.deliver(user, message, u"INBOX"_s, u"customer@example.test"_s);
    server.deliver(user, message);
    const QByteArray selected = imap(socket, "a2", "SELECT INBOX");
    INFO(selected.toStdString());
    REQUIRE(selected.contains(QByteArray("* " + QByteArray::number(before + 2) + " EXISTS")));
    REQUIRE(imap(socket, "a3", "FETCH 1 BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]").contains("<fixture-1@example.test>"));
    REQUIRE(server.mailboxStatus(user).value(u"messages").toInteger() == before + 2);

    const qint64 validity = server.mailboxStatus(user).value(u"uidvalidity").toInteger();
    server.setUidValidity(user, quint32(validity + 1));
    REQUIRE(server.mailboxStatus(user).value(u"uidvalidity").toInteger() == validity + 1);
}

TEST_CASE("The plain IMAP port offers STARTTLS")
{
    TestMailServer server;
    QSslSocket socket;
    socket.setSslConfiguration(trusting(server));
    socket.setPeerVerifyName(server.hostname());
    socket.connectToHost(server.host(), server.imapPort());
    REQUIRE(socket.waitForConnected(10000));
    const QByteArray greeting = readUntil(socket, "* OK");
    REQUIRE(greeting.contains("STARTTLS"));
    REQUIRE(imap(socket, "a1", "STARTTLS").contains("a1 OK"));
    socket.startClientEncryption();
    INFO(socket.errorString().toStdString());
    REQUIRE(socket.waitForEncrypted(10000));
    const QString user = u"sales@example.test"_s;
    REQUIRE(imap(socket, "a2", loginCommand(server, user)).contains("a2 OK"));
}

TEST_CASE("The SMTP receiver keeps what it accepts and refuses when told")
{
    TestMailServer server;
    server.acceptSmtp();
    server.clearSent();

    QTcpSocket socket;
    socket.connectToHost(server.host(), server.smtpPort());
    REQUIRE(socket.waitForConnected(10000));
    REQUIRE(readUntil(socket, "220").startsWith("220"));
    REQUIRE(smtp(socket, "EHLO desk.example.test").contains("STARTTLS"));
    REQUIRE(smtp(socket, "MAIL FROM:<support@example.test>").startsWith("250"));
    REQUIRE(smtp(socket, "RCPT TO:<customer@example.test>").startsWith("250"));
    REQUIRE(smtp(socket, "DATA").startsWith("354"));
    REQUIRE(smtp(socket, message + ".").startsWith("250"));

    const auto sent = server.sentMessages();
    REQUIRE(sent.size() == 1);
    REQUIRE(sent[0].mailFrom == u"support@example.test"_s);
    REQUIRE(sent[0].rcptTo == QStringList{u"customer@example.test"_s});
    REQUIRE_FALSE(sent[0].tls);
    REQUIRE(sent[0].raw.contains("Message-ID: <fixture-1@example.test>"));

    server.refuseSmtp(TestMailServer::SmtpStage::Rcpt, "550 5.1.1 No such user");
    REQUIRE(smtp(socket, "MAIL FROM:<support@example.test>").startsWith("250"));
    REQUIRE(smtp(socket, "RCPT TO:<nobody@example.test>").startsWith("550 5.1.1"));
    server.acceptSmtp();
    server.refuseSmtp(TestMailServer::SmtpStage::Data, "451 4.3.0 Try again later");
    REQUIRE(smtp(socket, "RCPT TO:<customer@example.test>").startsWith("250"));
    REQUIRE(smtp(socket, "DATA").startsWith("354"));
    REQUIRE(smtp(socket, message + ".").startsWith("451 4.3.0"));
    server.acceptSmtp();
    REQUIRE(server.sentMessages().size() == 1);
    smtp(socket, "QUIT");
}
