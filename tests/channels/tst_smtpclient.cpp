#include "catchcompat.h"
#include "mailserveraddress.h"
#include "smtpclient.h"
#include "testmailserver.h"

#include <QHostAddress>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace {

const QString support = u"support@example.test"_s;
const QString customer = u"customer@example.test"_s;

const QByteArray reply = "From: Support <support@example.test>\r\n"
                         "To: customer@example.test\r\n"
                         "Subject: =?UTF-8?B?UmU6IOaJk+WNsOacuuWdj+S6hg==?= [T-000042]\r\n"
                         "Message-ID: <T-000042.abc.def@example.test>\r\n"
                         "MIME-Version: 1.0\r\n"
                         "Content-Type: text/plain; charset=utf-8\r\n"
                         "\r\n"
                         "您好，打印机已修好。\r\n"
                         ".A line that starts with a dot.\r\n";

SmtpClient client(const TestMailServer &server, bool implicitTls, const QByteArray &password = {},
                  const QString &caFile = u"ca"_s)
{
    const MailServerAddress address =
        MailServerAddress::parse(u"%1://support%40example.test@%2:%3"_s.arg(implicitTls ? u"smtps"_s : u"smtp"_s)
                                     .arg(server.hostname())
                                     .arg(implicitTls ? server.smtpsPort() : server.smtpPort()));
    return SmtpClient(address, password.isNull() ? server.password(support).toUtf8() : password,
                      caFile == u"ca"_s ? server.caFile() : caFile);
}

} // namespace

TEST_CASE("SMTP sends over STARTTLS and over implicit TLS, with AUTH")
{
    TestMailServer server;
    server.acceptSmtp();
    server.clearSent();
    const bool implicitTls = GENERATE(false, true);
    INFO((implicitTls ? "smtps" : "smtp+STARTTLS"));

    const SmtpClient::SmtpResult result = client(server, implicitTls).send(support, {customer}, reply);
    INFO(result.errorString.toStdString());
    REQUIRE(result.sent);
    REQUIRE(result.failure == SmtpClient::Failure::None);
    REQUIRE(result.code == 250);
    const QList<TestMailServer::SentMessage> sent = server.sentMessages();
    REQUIRE(sent.size() == 1);
    REQUIRE(sent[0].mailFrom == support);
    REQUIRE(sent[0].rcptTo == QStringList{customer});
    REQUIRE(sent[0].authLogin == support);
    REQUIRE(sent[0].tls);
    REQUIRE(sent[0].port == (implicitTls ? server.smtpsPort() : server.smtpPort()));
    REQUIRE(sent[0].raw == reply);
    server.clearSent();
}

TEST_CASE("SMTP refusals: 5xx is permanent, 4xx and a dropped connection are temporary")
{
    TestMailServer server;
    server.acceptSmtp();
    server.clearSent();
    SECTION("550 at RCPT")
    {
        server.refuseSmtp(TestMailServer::SmtpStage::Rcpt, "550 5.1.1 No such user");
        const SmtpClient::SmtpResult result = client(server, false).send(support, {u"nobody@example.test"_s}, reply);
        REQUIRE_FALSE(result.sent);
        REQUIRE(result.permanent);
        REQUIRE(result.code == 550);
        REQUIRE(result.serverReply == u"550 5.1.1 No such user"_s);
        REQUIRE(result.errorString.contains(u"550 5.1.1 No such user"_s));
    }
    SECTION("451 at DATA")
    {
        server.refuseSmtp(TestMailServer::SmtpStage::Data, "451 4.3.0 Try later");
        const SmtpClient::SmtpResult result = client(server, true).send(support, {customer}, reply);
        REQUIRE_FALSE(result.sent);
        REQUIRE_FALSE(result.permanent);
        REQUIRE(result.code == 451);
        REQUIRE(result.serverReply == u"451 4.3.0 Try later"_s);
    }
    SECTION("451 at MAIL")
    {
        server.refuseSmtp(TestMailServer::SmtpStage::Mail, "451 4.3.0 Try later");
        const SmtpClient::SmtpResult result = client(server, false).send(support, {customer}, reply);
        REQUIRE_FALSE(result.sent);
        REQUIRE_FALSE(result.permanent);
        REQUIRE(result.code == 451);
    }
    SECTION("the connection drops at RCPT")
    {
        server.refuseSmtp(TestMailServer::SmtpStage::Rcpt, "close");
        const SmtpClient::SmtpResult result = client(server, false).send(support, {customer}, reply);
        INFO(result.errorString.toStdString());
        REQUIRE_FALSE(result.sent);
        REQUIRE_FALSE(result.permanent);
        REQUIRE(result.failure == SmtpClient::Failure::Protocol);
    }
    server.acceptSmtp();
    REQUIRE(server.sentMessages().isEmpty());
}

TEST_CASE("SMTP check() logs in without sending, and names what fails")
{
    TestMailServer server;
    server.acceptSmtp();
    server.clearSent();
    SECTION("right password")
    {
        const SmtpClient::SmtpResult result = client(server, GENERATE(false, true)).check();
        INFO(result.errorString.toStdString());
        REQUIRE(result.failure == SmtpClient::Failure::None);
        REQUIRE_FALSE(result.sent);
        REQUIRE(server.sentMessages().isEmpty());
    }
    SECTION("wrong password")
    {
        const SmtpClient::SmtpResult result = client(server, GENERATE(false, true), "not-the-password").check();
        INFO(result.errorString.toStdString());
        REQUIRE(result.failure == SmtpClient::Failure::Login);
        REQUIRE_FALSE(result.permanent);
        REQUIRE(result.errorString.startsWith(u"login refused for support@example.test"_s));
        const SmtpClient::SmtpResult send = client(server, false, "not-the-password").send(support, {customer}, reply);
        REQUIRE(send.failure == SmtpClient::Failure::Login);
        REQUIRE(server.sentMessages().isEmpty());
    }
    SECTION("private CA not given")
    {
        const SmtpClient::SmtpResult result = client(server, GENERATE(false, true), {}, QString()).check();
        INFO(result.errorString.toStdString());
        REQUIRE(result.failure == SmtpClient::Failure::UntrustedCertificate);
        REQUIRE(result.errorString.contains(u"--ca-file"_s));
    }
    SECTION("refused")
    {
        QTcpServer closed;
        REQUIRE(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        const SmtpClient smtp(MailServerAddress::parse(u"smtps://a@127.0.0.1:%1"_s.arg(port)), "x", server.caFile());
        const SmtpClient::SmtpResult result = smtp.check();
        REQUIRE(result.failure == SmtpClient::Failure::Refused);
        REQUIRE(result.errorString == u"connection refused by 127.0.0.1:%1"_s.arg(port));
    }
    SECTION("a server that never answers")
    {
        QTcpServer silent;
        REQUIRE(silent.listen(QHostAddress::LocalHost));
        const QString scheme = GENERATE(u"smtps"_s, u"smtp"_s);
        SmtpClient smtp(MailServerAddress::parse(u"%1://a@127.0.0.1:%2"_s.arg(scheme).arg(silent.serverPort())), "x",
                        server.caFile());
        smtp.setTimeout(1000);
        const SmtpClient::SmtpResult result = smtp.check();
        INFO(result.errorString.toStdString());
        REQUIRE(result.failure == SmtpClient::Failure::Timeout);
        REQUIRE_FALSE(result.permanent);
    }
    SECTION("no such host")
    {
        const SmtpClient smtp(MailServerAddress::parse(u"smtps://a@smtp.example.test"_s), "x", server.caFile());
        const SmtpClient::SmtpResult result = smtp.check();
        REQUIRE(result.failure == SmtpClient::Failure::NoSuchHost);
        REQUIRE(result.errorString == u"no such host smtp.example.test"_s);
    }
}
