#include "catchcompat.h"
#include "imapclient.h"
#include "mailserveraddress.h"
#include "testmailserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QHostInfo>
#include <QTcpServer>

#include <future>
#include <iostream>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

const QString support = u"support@example.test"_s;

QByteArray mail(int n)
{
    const QByteArray number = QByteArray::number(n);
    return "From: Customer <customer@example.test>\r\n"
           "To: support@example.test\r\n"
           "Subject: =?UTF-8?B?5omT5Y2w5py65Z2P5LqG?= " +
           number +
           "\r\n"
           "Message-ID: <transport-" +
           number +
           "@example.test>\r\n"
           "Date: Wed, 02 Dec 2026 04:00:00 +0000\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "\r\n"
           "打印机坏了 " +
           number + ".\r\n";
}

MailServerAddress imapsAddress(const TestMailServer &server, const QString &host = QString(),
                               const QString &folder = u"INBOX"_s)
{
    return MailServerAddress::parse(
        u"imaps://support%40example.test@%1:%2/%3"_s.arg(host.isEmpty() ? server.hostname() : host)
            .arg(server.imapsPort())
            .arg(folder));
}

ImapClient loggedIn(const TestMailServer &server)
{
    return ImapClient(imapsAddress(server), server.password(support).toUtf8(), server.caFile());
}

qint64 unseen(const TestMailServer &server)
{
    return server.mailboxStatus(support).value(u"unseen").toInteger();
}

// Ends the thread even when a REQUIRE throws, so that no joinable std::thread is destroyed.
struct Joined {
    std::atomic<bool> &stop;
    std::thread &thread;
    ~Joined()
    {
        stop = true;
        if (thread.joinable())
            thread.join();
    }
};

} // namespace

TEST_CASE("MailServerAddress reads the four kinds of mail server URL")
{
    QString error;
    MailServerAddress imaps =
        MailServerAddress::parse(u"imaps://support%40example.test@imap.example.test:1993/Support"_s, &error);
    REQUIRE(imaps.isValid());
    REQUIRE(error.isEmpty());
    REQUIRE(imaps.protocol() == MailServerAddress::Protocol::Imap);
    REQUIRE(imaps.security() == MailServerAddress::Security::ImplicitTls);
    REQUIRE(imaps.login() == u"support@example.test"_s);
    REQUIRE(imaps.host() == u"imap.example.test"_s);
    REQUIRE(imaps.port() == 1993);
    REQUIRE(imaps.folder() == u"Support"_s);
    REQUIRE(imaps.toString() == u"imaps://support%40example.test@imap.example.test:1993/Support"_s);

    // A raw "@" in the login: the host follows the last one.
    const MailServerAddress imap = MailServerAddress::parse(u"imap://support@example.test@Mail.Example.TEST"_s);
    REQUIRE(imap.isValid());
    REQUIRE(imap.security() == MailServerAddress::Security::StartTls);
    REQUIRE(imap.login() == u"support@example.test"_s);
    REQUIRE(imap.host() == u"mail.example.test"_s);
    REQUIRE(imap.port() == 143);
    REQUIRE(imap.folder() == u"INBOX"_s);
    REQUIRE(MailServerAddress::parse(u"imaps://a@h"_s).port() == 993);
    REQUIRE(MailServerAddress::parse(u"imaps://a@h/Sent%20Items"_s).folder() == u"Sent Items"_s);

    const MailServerAddress smtps = MailServerAddress::parse(u"smtps://support@example.test@smtp.example.test"_s);
    REQUIRE(smtps.protocol() == MailServerAddress::Protocol::Smtp);
    REQUIRE(smtps.security() == MailServerAddress::Security::ImplicitTls);
    REQUIRE(smtps.port() == 465);
    const MailServerAddress smtp = MailServerAddress::parse(u"smtp://desk@[::1]:2525"_s);
    REQUIRE(smtp.security() == MailServerAddress::Security::StartTls);
    REQUIRE(smtp.host() == u"::1"_s);
    REQUIRE(smtp.port() == 2525);
    REQUIRE(smtp.toString() == u"smtp://desk@[::1]:2525"_s);
    REQUIRE(MailServerAddress::parse(u"smtp://a@h"_s).port() == 587);

    for (const QString &bad :
         {u"imap.example.test"_s, u"http://a@h"_s, u"imaps://h:993"_s, u"imaps://a@h:0"_s, u"imaps://a@h:99999"_s,
          u"imaps://a@h:x1"_s, u"smtp://a@h/INBOX"_s, u"imaps://a@/x"_s, u"imaps://a@h?x=1"_s}) {
        INFO(bad.toStdString());
        REQUIRE_FALSE(MailServerAddress::parse(bad, &error).isValid());
        REQUIRE_FALSE(error.isEmpty());
    }
}

TEST_CASE("IMAPS logs in, selects and reads UIDVALIDITY like the server's own status")
{
    TestMailServer server;
    server.clearMailbox(support);
    ImapClient client = loggedIn(server);
    INFO(client.errorString().toStdString());
    REQUIRE(client.connectAndLogin());
    REQUIRE(client.failure() == ImapClient::Failure::None);
    REQUIRE(client.supportsIdle());
    REQUIRE(client.select());
    const QJsonObject status = server.mailboxStatus(support);
    REQUIRE(client.uidValidity() == quint32(status.value(u"uidvalidity").toInteger()));
    REQUIRE(client.uidNext() == quint32(status.value(u"uidnext").toInteger()));
    REQUIRE(client.exists() == 0);
    REQUIRE(client.uidsFrom(1) == QList<quint32>{});
    client.logout();
    REQUIRE_FALSE(client.isLoggedIn());
}

TEST_CASE("imap:// logs in only after STARTTLS")
{
    TestMailServer server;
    const MailServerAddress address =
        MailServerAddress::parse(u"imap://sales@example.test@%1:%2"_s.arg(server.hostname()).arg(server.imapPort()));
    ImapClient client(address, server.password(u"sales@example.test"_s).toUtf8(), server.caFile());
    INFO(client.errorString().toStdString());
    REQUIRE(client.connectAndLogin());
    REQUIRE(client.select(u"INBOX"_s));
    REQUIRE(client.supportsIdle());
}

TEST_CASE("IMAP failures are named: login, folder, certificate, host name, refused, no such host")
{
    TestMailServer server;
    SECTION("wrong password")
    {
        ImapClient client(imapsAddress(server), "not-the-password", server.caFile());
        REQUIRE_FALSE(client.connectAndLogin());
        REQUIRE(client.failure() == ImapClient::Failure::Login);
        REQUIRE(client.errorString().contains(u"login refused for support@example.test"_s));
    }
    SECTION("no such folder")
    {
        ImapClient client = loggedIn(server);
        REQUIRE(client.connectAndLogin());
        REQUIRE_FALSE(client.select(u"Foo"_s));
        REQUIRE(client.failure() == ImapClient::Failure::NoSuchFolder);
        REQUIRE(client.errorString() == u"no folder \"Foo\" on the server"_s);
        // The session is still usable.
        REQUIRE(client.select(u"INBOX"_s));
        REQUIRE_FALSE(client.select(u"投诉"_s));
        REQUIRE(client.errorString() == u"no folder \"投诉\" on the server"_s);
    }
    SECTION("a folder with a Chinese name and an ampersand")
    {
        const QString folder = u"客户 & 订单"_s;
        server.doveadm({u"mailbox"_s, u"create"_s, u"-u"_s, support, folder});
        server.deliver(support, mail(7), folder);
        ImapClient client = loggedIn(server);
        REQUIRE(client.connectAndLogin());
        INFO(client.errorString().toStdString());
        REQUIRE(client.select(folder));
        REQUIRE(client.exists() == 1);
        REQUIRE(client.uidValidity() ==
                quint32(server.mailboxStatus(support, folder).value(u"uidvalidity").toInteger()));
        server.doveadm({u"mailbox"_s, u"delete"_s, u"-s"_s, u"-u"_s, support, folder});
    }
    SECTION("the private CA is trusted only when given")
    {
        ImapClient client(imapsAddress(server), server.password(support).toUtf8());
        REQUIRE_FALSE(client.connectAndLogin());
        REQUIRE(client.failure() == ImapClient::Failure::UntrustedCertificate);
        REQUIRE(client.errorString().contains(u"--ca-file"_s));
        const MailServerAddress startTls = MailServerAddress::parse(
            u"imap://support@example.test@%1:%2"_s.arg(server.hostname()).arg(server.imapPort()));
        ImapClient plain(startTls, server.password(support).toUtf8());
        REQUIRE_FALSE(plain.connectAndLogin());
        REQUIRE(plain.failure() == ImapClient::Failure::UntrustedCertificate);
    }
    SECTION("a host name the certificate does not name")
    {
        // The machine's own name reaches the same loopback server, but the certificate is
        // for localhost and 127.0.0.1 only.
        const QString name = QHostInfo::localHostName();
        const QList<QHostAddress> addresses = QHostInfo::fromName(name).addresses();
        if (name.isEmpty() || name == u"localhost"_s || !addresses.contains(QHostAddress(QHostAddress::LocalHost))) {
            WARN("the local host name does not resolve to 127.0.0.1; host name check not run");
            return;
        }
        ImapClient client(imapsAddress(server, name), server.password(support).toUtf8(), server.caFile());
        REQUIRE_FALSE(client.connectAndLogin());
        REQUIRE(client.failure() == ImapClient::Failure::UntrustedCertificate);
        // By address, which the certificate names, it is accepted.
        ImapClient byAddress(imapsAddress(server, server.host()), server.password(support).toUtf8(), server.caFile());
        INFO(byAddress.errorString().toStdString());
        REQUIRE(byAddress.connectAndLogin());
    }
    SECTION("connection refused")
    {
        QTcpServer closed;
        REQUIRE(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        const MailServerAddress address =
            MailServerAddress::parse(u"imaps://support@example.test@127.0.0.1:%1"_s.arg(port));
        ImapClient client(address, "x", server.caFile());
        REQUIRE_FALSE(client.connectAndLogin());
        REQUIRE(client.failure() == ImapClient::Failure::Refused);
        REQUIRE(client.errorString() == u"connection refused by 127.0.0.1:%1"_s.arg(port));
    }
    SECTION("no such host")
    {
        ImapClient client(imapsAddress(server, u"imap.example.test"_s), "x", server.caFile());
        REQUIRE_FALSE(client.connectAndLogin());
        REQUIRE(client.failure() == ImapClient::Failure::NoSuchHost);
        REQUIRE(client.errorString() == u"no such host imap.example.test"_s);
    }
    SECTION("a server that never answers")
    {
        // Listening but silent: the kernel completes the TCP handshake, nothing more comes.
        QTcpServer silent;
        REQUIRE(silent.listen(QHostAddress::LocalHost));
        const QString scheme = GENERATE(u"imaps"_s, u"imap"_s);
        const MailServerAddress address =
            MailServerAddress::parse(u"%1://support@example.test@127.0.0.1:%2"_s.arg(scheme).arg(silent.serverPort()));
        ImapClient client(address, "x", server.caFile());
        client.setTimeout(300);
        QElapsedTimer timer;
        timer.start();
        REQUIRE_FALSE(client.connectAndLogin());
        INFO(client.errorString().toStdString());
        REQUIRE(client.failure() == ImapClient::Failure::Timeout);
        REQUIRE(timer.elapsed() < 5000);
    }
    SECTION("no address")
    {
        ImapClient client(MailServerAddress::parse(u"imaps://nowhere"_s), "x");
        REQUIRE_FALSE(client.connectAndLogin());
        REQUIRE(client.failure() == ImapClient::Failure::BadAddress);
    }
}

TEST_CASE("Delivered mail is listed by UID and fetched byte for byte without being marked seen")
{
    TestMailServer server;
    server.clearMailbox(support);
    constexpr int count = 30;
    for (int n = 0; n < count; ++n)
        server.deliver(support, mail(n));

    ImapClient client = loggedIn(server);
    REQUIRE(client.connectAndLogin());
    REQUIRE(client.select());
    REQUIRE(client.exists() == count);
    const std::optional<QList<quint32>> uids = client.uidsFrom(1);
    REQUIRE(uids.has_value());
    REQUIRE(uids->size() == count);
    REQUIRE(std::is_sorted(uids->begin(), uids->end()));

    QList<QByteArray> fetched;
    QList<quint32> fetchedUids;
    REQUIRE(client.fetch(*uids, [&](quint32 uid, const QByteArray &raw) {
        fetchedUids.append(uid);
        fetched.append(raw);
        return true;
    }));
    REQUIRE(fetchedUids == *uids);
    for (int n = 0; n < count; ++n) {
        INFO(n);
        REQUIRE(fetched[n] == mail(n));
    }
    REQUIRE(unseen(server) == count);

    // Past the last UID: nothing, although "n:*" names the last message.
    REQUIRE(client.uidsFrom(uids->last() + 1) == QList<quint32>{});
    REQUIRE(client.uidsFrom(uids->last()) == QList<quint32>{uids->last()});
    REQUIRE(client.uidsFrom((*uids)[count - 3]) == uids->mid(count - 3));

    // The callback can stop the fetch.
    int seen = 0;
    REQUIRE(client.fetch(*uids, [&](quint32, const QByteArray &) { return ++seen < 5; }));
    REQUIRE(seen == 5);

    REQUIRE(client.markSeen(uids->mid(0, 10)));
    REQUIRE(unseen(server) == count - 10);
    REQUIRE(client.markSeen(*uids));
    REQUIRE(unseen(server) == 0);
    server.clearMailbox(support);
}

TEST_CASE("IDLE wakes up on a delivery, times out, and stops when told")
{
    TestMailServer server;
    server.clearMailbox(support);
    const MailServerAddress address = imapsAddress(server);
    const QByteArray password = server.password(support).toUtf8();
    const QString caFile = server.caFile();

    // The client lives on a thread of its own, as on the gateway's worker; the test waits
    // for its report that the server confirmed IDLE.
    auto idleOnThread = [&](int maxMs, std::atomic<bool> &stop, std::promise<void> &idling,
                            ImapClient::IdleResult &result, QString &error) {
        return std::thread([&, maxMs] {
            bool announced = false;
            ImapClient client(address, password, caFile);
            if (client.connectAndLogin() && client.select()) {
                result = client.idle(maxMs, stop, [&] {
                    announced = true;
                    idling.set_value();
                });
            } else {
                result = ImapClient::IdleResult::Failed;
            }
            error = client.errorString();
            if (!announced)
                idling.set_value();
        });
    };

    SECTION("a delivered mail ends IDLE with Changed")
    {
        std::atomic<bool> stop{false};
        std::promise<void> idling;
        ImapClient::IdleResult result = ImapClient::IdleResult::Failed;
        QString error;
        std::future<void> began = idling.get_future();
        std::thread thread = idleOnThread(30000, stop, idling, result, error);
        {
            Joined joined{stop, thread};
            REQUIRE(began.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
            QElapsedTimer timer;
            timer.start();
            server.deliver(support, mail(1));
            thread.join();
            std::cout << "IDLE: new mail reported " << timer.elapsed() << " ms after the delivery began\n";
        }
        INFO(error.toStdString());
        REQUIRE(result == ImapClient::IdleResult::Changed);
    }
    SECTION("stop ends IDLE within a moment")
    {
        std::atomic<bool> stop{false};
        std::promise<void> idling;
        ImapClient::IdleResult result = ImapClient::IdleResult::Failed;
        QString error;
        std::future<void> began = idling.get_future();
        std::thread thread = idleOnThread(60000, stop, idling, result, error);
        QElapsedTimer timer;
        {
            Joined joined{stop, thread};
            REQUIRE(began.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
            timer.start();
        }
        INFO(error.toStdString());
        REQUIRE(result == ImapClient::IdleResult::Stopped);
        REQUIRE(timer.elapsed() < 2000);
    }
    SECTION("mail announced with another command's answer is reported at once")
    {
        ImapClient client(address, password, caFile);
        REQUIRE(client.connectAndLogin());
        REQUIRE(client.select());
        REQUIRE(client.uidsFrom(1) == QList<quint32>{});
        server.deliver(support, mail(2));
        // dovecot tells of the new mail with the STORE's answer, not again during IDLE.
        REQUIRE(client.markSeen({999999}));
        std::atomic<bool> stop{false};
        QElapsedTimer timer;
        timer.start();
        REQUIRE(client.idle(10000, stop) == ImapClient::IdleResult::Changed);
        REQUIRE(timer.elapsed() < 2000);
        REQUIRE(client.exists() == 1);
        REQUIRE(client.uidsFrom(1)->size() == 1);
    }
    SECTION("nothing happens: TimedOut")
    {
        ImapClient client(address, password, caFile);
        REQUIRE(client.connectAndLogin());
        REQUIRE(client.select());
        std::atomic<bool> stop{false};
        REQUIRE(client.idle(300, stop) == ImapClient::IdleResult::TimedOut);
        // The session goes on after IDLE.
        REQUIRE(client.uidsFrom(1) == QList<quint32>{});
    }
    server.clearMailbox(support);
}

// Not run by default (ctest runs it with the others only when asked: [.throughput]); writes
// mails straight into the maildir, as a delivery agent would, and prints the fetch rate.
TEST_CASE("IMAP fetch throughput", "[.throughput]")
{
    TestMailServer server;
    server.clearMailbox(support);
    const int count = qEnvironmentVariableIntValue("DESKLINE_IMAP_THROUGHPUT_MAILS") > 0
                          ? qEnvironmentVariableIntValue("DESKLINE_IMAP_THROUGHPUT_MAILS")
                          : 2000;
    const QString folder = server.maildir(support) + u"/new"_s;
    QByteArray padding;
    for (int line = 0; line < 60; ++line)
        padding += "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n";
    for (int n = 0; n < count; ++n) {
        QFile file(folder + u"/%1.deskline%2.localhost"_s.arg(1700000000 + n).arg(n));
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(mail(n) + padding);
    }
    ImapClient client = loggedIn(server);
    REQUIRE(client.connectAndLogin());
    QElapsedTimer timer;
    timer.start();
    REQUIRE(client.select());
    const std::optional<QList<quint32>> uids = client.uidsFrom(1);
    REQUIRE(uids.has_value());
    REQUIRE(uids->size() == count);
    qint64 bytes = 0;
    int fetched = 0;
    REQUIRE(client.fetch(*uids, [&](quint32, const QByteArray &raw) {
        bytes += raw.size();
        ++fetched;
        return true;
    }));
    const qint64 ms = qMax<qint64>(1, timer.elapsed());
    REQUIRE(fetched == count);
    std::cout << "IMAP fetch: " << fetched << " mails, " << bytes / 1024 << " KiB in " << ms
              << " ms = " << fetched * 1000 / ms << " mails/s (SELECT, UID SEARCH and fetch)\n";
    server.clearMailbox(support);
}
