#include "catchcompat.h"
#include "channelservice.h"
#include "mailstore.h"
#include "peoplestore.h"
#include "teststore.h"

#include <QFile>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

ChannelService::MailboxInput supportInput(const QString &passwordFile)
{
    ChannelService::MailboxInput input;
    input.name = u"  售后支持 "_s;
    input.address = u"Support@Example.COM"_s;
    input.imapUrl = u"imaps://support%40example.com@imap.example.com:993/INBOX"_s;
    input.smtpUrl = u"smtp://support%40example.com@smtp.example.com:587"_s;
    input.passwordFile = passwordFile;
    input.maxAttachmentMegabytes = 10;
    return input;
}

} // namespace

TEST_CASE("A supervisor adds a mailbox checked as deskctl checks it, and removes it", "[channels][services]")
{
    TestStore t;
    t.signInAsSupervisor();
    const qint64 teamId = PeopleStore(*t.store).teams().constFirst().id;
    ChannelService channels(*t.store);
    REQUIRE(channels.canChange());
    REQUIRE(channels.mailboxes().isEmpty());

    ChannelService::MailboxInput input = supportInput(t.ownerOnlyFile(u"password"_s, "s3cret\n"));
    input.teamId = teamId;
    const auto id = channels.add(input);
    INFO(channels.errorString());
    REQUIRE(id);
    const QList<Mailbox> boxes = channels.mailboxes();
    REQUIRE(boxes.size() == 1);
    const Mailbox &box = boxes.constFirst();
    CHECK(box.id == *id);
    CHECK(box.name == u"售后支持"_s);
    CHECK(box.address == u"support@example.com"_s);
    CHECK(box.imapUrl.startsWith(u"imaps://"_s));
    CHECK(box.smtpUrl.startsWith(u"smtp://"_s));
    CHECK(box.teamId == teamId);
    CHECK(box.maxAttachmentBytes == 10 * 1024 * 1024);
    CHECK(ChannelService::passwordPlace(box) == t.dir.filePath(u"password"_s));
    CHECK(channels.teamName(teamId) == u"L1"_s);
    CHECK(channels.teamName(0).isEmpty());
    Mailbox inKeychain = box;
    inKeychain.passwordFile.clear();
    CHECK(ChannelService::passwordPlace(inKeychain) == ChannelService::tr("System keychain"));

    // A second one under the same name is refused, whatever the spaces.
    CHECK_FALSE(channels.add(input));
    CHECK(channels.errorString().contains(u"exists already"_s));
    // So is another name for the same address.
    input.name = u"Support again"_s;
    CHECK_FALSE(channels.add(input));
    CHECK(channels.errorString().contains(u"support@example.com"_s));
    CHECK(channels.mailboxes().size() == 1);

    REQUIRE(channels.remove(*id));
    CHECK(channels.mailboxes().isEmpty());
    CHECK_FALSE(channels.remove(*id));
    CHECK_FALSE(channels.errorString().isEmpty());
}

TEST_CASE("A mailbox with a wrong field is refused with the field named, and nothing is written",
          "[channels][services]")
{
    TestStore t;
    t.signInAsSupervisor();
    ChannelService channels(*t.store);
    const QString passwordFile = t.ownerOnlyFile(u"password"_s, "s3cret\n");

    struct Case {
        const char *what;
        std::function<void(ChannelService::MailboxInput &)> change;
        QString expected;
    };
    const QString openFile = t.ownerOnlyFile(u"open-password"_s, "s3cret\n");
    QFile::setPermissions(openFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    const QString notPem = t.ownerOnlyFile(u"ca.pem"_s, "not a certificate\n");
    const QList<Case> cases = {
        {"no name", [](auto &in) { in.name = u"   "_s; }, u"name"_s},
        {"a long name", [](auto &in) { in.name = QString(101, u'x'); }, u"name"_s},
        {"no address", [](auto &in) { in.address = u"support"_s; }, u"support@example.com"_s},
        {"an address with a space", [](auto &in) { in.address = u"sup port@example.com"_s; }, u"address"_s},
        {"no IMAP URL", [](auto &in) { in.imapUrl.clear(); }, u"IMAP: "_s},
        {"an SMTP URL for IMAP", [](auto &in) { in.imapUrl = u"smtps://a@smtp.example.com"_s; }, u"IMAP: "_s},
        {"plain http for SMTP", [](auto &in) { in.smtpUrl = u"http://smtp.example.com"_s; }, u"SMTP: "_s},
        {"no attachments", [](auto &in) { in.maxAttachmentMegabytes = 0; }, u"1024"_s},
        {"huge attachments", [](auto &in) { in.maxAttachmentMegabytes = 1025; }, u"1024"_s},
        {"a missing password file", [&](auto &in) { in.passwordFile = t.dir.filePath(u"missing"_s); }, u"missing"_s},
        {"a password file others may read", [&](auto &in) { in.passwordFile = openFile; }, u"chmod 600"_s},
        {"a CA file without a certificate", [&](auto &in) { in.caFile = notPem; }, u"PEM"_s},
        {"a team that is not there", [](auto &in) { in.teamId = 9999; }, u"team"_s},
    };
    for (const Case &c : cases) {
        INFO(c.what);
        ChannelService::MailboxInput input = supportInput(passwordFile);
        c.change(input);
        CHECK_FALSE(channels.check(input));
        CHECK(channels.errorString().contains(c.expected));
        CHECK_FALSE(channels.add(input));
        CHECK_FALSE(channels.errorString().isEmpty());
    }
    CHECK(channels.mailboxes().isEmpty());
    // The same input without the fault goes in.
    CHECK(channels.check(supportInput(passwordFile)));
}

TEST_CASE("An agent may read the channels but is refused any change", "[channels][services][roles]")
{
    TestStore t; // li.na, an agent
    REQUIRE(t.store->setCurrentAgent(u"li.na"_s));
    Mailbox existing;
    existing.name = u"support"_s;
    existing.address = u"support@example.test"_s;
    existing.imapUrl = u"imaps://support@127.0.0.1/INBOX"_s;
    existing.smtpUrl = u"smtps://support@127.0.0.1"_s;
    const auto existingId = MailStore(*t.store).addMailbox(existing);
    REQUIRE(existingId);

    ChannelService channels(*t.store);
    CHECK_FALSE(channels.canChange());
    CHECK_FALSE(channels.checkAllowed());
    const QString refusal = channels.errorString();
    CHECK(refusal.contains(u"supervisor"_s));
    CHECK(channels.mailboxes().size() == 1);
    CHECK_FALSE(channels.add(supportInput(t.ownerOnlyFile(u"password"_s, "s3cret\n"))));
    CHECK(channels.errorString() == refusal);
    CHECK_FALSE(channels.remove(*existingId));
    CHECK(channels.errorString() == refusal);
    CHECK(channels.mailboxes().size() == 1);
}
