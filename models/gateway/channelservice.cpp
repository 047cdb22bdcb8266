#include "channelservice.h"

#include "localstore.h"
#include "mailpasswords.h"
#include "mailserveraddress.h"
#include "mailstore.h"
#include "peoplestore.h"

#include <QDir>
#include <QFileInfo>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace {

// As deskctl has it: loose on purpose, since the server is the judge of what it delivers.
bool looksLikeAddress(const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    return at > 0 && at < address.size() - 1 && !address.contains(u' ') && address.size() <= 254;
}

} // namespace

ChannelService::ChannelService(LocalStore &store, Caller caller)
    : m_store(store)
    , m_caller(caller)
{}

QList<Mailbox> ChannelService::mailboxes() const
{
    return MailStore(m_store).mailboxes();
}

QList<Team> ChannelService::teams() const
{
    return PeopleStore(m_store).teams();
}

QString ChannelService::teamName(qint64 teamId) const
{
    if (teamId == 0)
        return {};
    return PeopleStore(m_store).team(teamId).value_or(Team{}).name;
}

QString ChannelService::passwordPlace(const Mailbox &mailbox)
{
    return mailbox.passwordFile.isEmpty() ? tr("System keychain") : mailbox.passwordFile;
}

bool ChannelService::canChange() const
{
    return m_caller == Caller::StoreOwner || m_store.signedInAsManager();
}

bool ChannelService::checkAllowed()
{
    if (canChange())
        return true;
    m_error = tr("Only a supervisor or an administrator can change the desk's channels.");
    return false;
}

std::optional<Mailbox> ChannelService::fail(const QString &message)
{
    m_error = message;
    return std::nullopt;
}

std::optional<Mailbox> ChannelService::checkFields(const MailboxInput &input, QString *problem, FilesAt files)
{
    auto fail = [problem](const QString &message) -> std::optional<Mailbox> {
        *problem = message;
        return std::nullopt;
    };
    Mailbox mailbox;
    mailbox.name = input.name.trimmed();
    mailbox.address = input.address.trimmed().toLower();
    if (mailbox.name.isEmpty() || mailbox.name.size() > maxNameLength)
        return fail(tr("The mailbox needs a name of at most %1 characters.").arg(maxNameLength));
    if (!looksLikeAddress(mailbox.address))
        return fail(tr("The address must be a mail address such as support@example.com."));
    QString error;
    const MailServerAddress imap = MailServerAddress::parse(input.imapUrl.trimmed(), &error);
    if (!imap.isValid() || imap.protocol() != MailServerAddress::Protocol::Imap)
        return fail(tr("IMAP: %1").arg(error.isEmpty() ? tr("an imaps:// or imap:// URL is needed") : error));
    error.clear();
    const MailServerAddress smtp = MailServerAddress::parse(input.smtpUrl.trimmed(), &error);
    if (!smtp.isValid() || smtp.protocol() != MailServerAddress::Protocol::Smtp)
        return fail(tr("SMTP: %1").arg(error.isEmpty() ? tr("an smtps:// or smtp:// URL is needed") : error));
    mailbox.imapUrl = imap.toString();
    mailbox.smtpUrl = smtp.toString();
    if (input.maxAttachmentMegabytes < 1 || input.maxAttachmentMegabytes > attachmentLimitMegabytes)
        return fail(tr("The largest attachment kept must be from 1 to %1 MB.").arg(attachmentLimitMegabytes));
    mailbox.maxAttachmentBytes = qint64(input.maxAttachmentMegabytes) * 1024 * 1024;
    if (files == FilesAt::GatewayMachine) {
        for (const QString &path : {input.caFile.trimmed(), input.passwordFile.trimmed()}) {
            if (!path.isEmpty() && !QDir::isAbsolutePath(path))
                return fail(tr("%1 is not a full path: the file is on the gateway's machine, so name it from the "
                               "root, such as /etc/deskline/support.password.")
                                .arg(path));
        }
        if (input.passwordFile.trimmed().isEmpty())
            return fail(tr("Name the file that holds the mailbox's password on the gateway's machine."));
        mailbox.caFile = QDir::cleanPath(input.caFile.trimmed());
        mailbox.passwordFile = QDir::cleanPath(input.passwordFile.trimmed());
        return mailbox;
    }
    if (!input.caFile.trimmed().isEmpty()) {
        mailbox.caFile = QFileInfo(input.caFile.trimmed()).absoluteFilePath();
        if (QSslCertificate::fromPath(mailbox.caFile, QSsl::Pem).isEmpty())
            return fail(tr("No PEM certificate could be read from %1.").arg(mailbox.caFile));
    }
    if (!input.passwordFile.trimmed().isEmpty()) {
        mailbox.passwordFile = QFileInfo(input.passwordFile.trimmed()).absoluteFilePath();
        // Reads a few bytes of a local file: refused now rather than at the gateway's first login.
        if (!MailPasswords::readFile(mailbox.passwordFile, &error))
            return fail(error);
    }
    return mailbox;
}

std::optional<Mailbox> ChannelService::check(const MailboxInput &input)
{
    m_error.clear();
    if (!checkAllowed())
        return std::nullopt;
    std::optional<Mailbox> checked = checkFields(input, &m_error);
    if (!checked)
        return std::nullopt;
    Mailbox mailbox = *checked;
    if (input.teamId != 0) {
        if (!PeopleStore(m_store).team(input.teamId))
            return fail(tr("That team no longer exists."));
        mailbox.teamId = input.teamId;
    }
    if (MailStore(m_store).mailboxByName(mailbox.name))
        return fail(tr("A mailbox named \"%1\" exists already.").arg(mailbox.name));
    // The store refuses it too, but in words meant for a programmer.
    for (const Mailbox &other : MailStore(m_store).mailboxes()) {
        if (other.address == mailbox.address)
            return fail(tr("The mailbox \"%1\" has the address %2 already.").arg(other.name, mailbox.address));
    }
    return mailbox;
}

std::optional<qint64> ChannelService::add(const MailboxInput &input)
{
    const std::optional<Mailbox> mailbox = check(input);
    if (!mailbox)
        return std::nullopt;
    const auto id = MailStore(m_store).addMailbox(*mailbox);
    if (!id)
        m_error = m_store.errorString();
    return id;
}

bool ChannelService::remove(qint64 mailboxId)
{
    m_error.clear();
    if (!checkAllowed())
        return false;
    if (!MailStore(m_store).mailbox(mailboxId)) {
        m_error = tr("That mailbox was removed already.");
        return false;
    }
    if (!MailStore(m_store).removeMailbox(mailboxId)) {
        m_error = m_store.errorString();
        return false;
    }
    return true;
}
