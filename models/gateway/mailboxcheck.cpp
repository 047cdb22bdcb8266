#include "mailboxcheck.h"

#include "imapclient.h"
#include "smtpclient.h"

MailboxCheck::Report MailboxCheck::run(const Mailbox &mailbox, const QByteArray &password, int timeoutMs)
{
    Report report;
    QString error;
    const MailServerAddress imapAddress = MailServerAddress::parse(mailbox.imapUrl, &error);
    if (!imapAddress.isValid()) {
        report.imap = {false, TransportFailure::BadAddress, error};
    } else {
        ImapClient imap(imapAddress, password, mailbox.caFile);
        imap.setTimeout(timeoutMs);
        if (imap.connectAndLogin() && imap.select()) {
            report.imap.ok = true;
            report.messages = imap.exists();
            imap.logout();
        } else {
            report.imap = {false, imap.failure(), imap.errorString()};
        }
    }
    const MailServerAddress smtpAddress = MailServerAddress::parse(mailbox.smtpUrl, &error);
    if (!smtpAddress.isValid()) {
        report.smtp = {false, TransportFailure::BadAddress, error};
    } else {
        SmtpClient smtp(smtpAddress, password, mailbox.caFile);
        smtp.setTimeout(timeoutMs);
        const SmtpClient::SmtpResult result = smtp.check();
        const bool ok = result.failure == TransportFailure::None;
        report.smtp = {ok, result.failure, ok ? QString() : result.errorString};
    }
    return report;
}
