#include "mailgateway.h"

#include "imapclient.h"
#include "localmailbackend.h"
#include "mailparser.h"
#include "mailpasswords.h"
#include "smtpclient.h"

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

bool stopped(const std::atomic<bool> *stop)
{
    return stop && stop->load();
}

// The fault tests stop the gateway dead at a named point, as a crash or kill -9 would, with
// DESKLINE_FAILPOINT=NAME:N (the N-th time it is reached). Nothing is unwound or committed.
void failpoint(const char *name)
{
    static const QByteArray wanted = qgetenv("DESKLINE_FAILPOINT");
    static std::atomic<int> reached = 0;
    if (wanted.isEmpty())
        return;
    const qsizetype colon = wanted.lastIndexOf(':');
    if (wanted.left(colon) != name)
        return;
    if (++reached == wanted.mid(colon + 1).toInt())
        std::_Exit(70);
}

} // namespace

MailGateway::Tally &MailGateway::Tally::operator+=(const Tally &other)
{
    fetched += other.fetched;
    newTickets += other.newTickets;
    addedToTickets += other.addedToTickets;
    surveyAnswers += other.surveyAnswers;
    followUps += other.followUps;
    duplicates += other.duplicates;
    setAside += other.setAside;
    sent += other.sent;
    retrying += other.retrying;
    failed += other.failed;
    problems += other.problems;
    return *this;
}

MailGateway::MailGateway(LocalStore &store, QByteArray secret)
    : m_ownBackend(std::make_unique<LocalMailBackend>(store, std::move(secret)))
    , m_backend(*m_ownBackend)
    , m_passwords(&MailPasswords::read)
{}

MailGateway::MailGateway(MailBackend &backend)
    : m_backend(backend)
    , m_passwords(&MailPasswords::read)
{}

MailGateway::~MailGateway() = default;

void MailGateway::setFloodLimit(int mailsPerMinute)
{
    m_backend.setFloodLimit(mailsPerMinute);
}

void MailGateway::log(const QString &line) const
{
    if (m_log)
        m_log(line);
}

bool MailGateway::problem(Tally &tally, const Mailbox &mailbox, const QString &text) const
{
    const QString line = tr("%1: %2").arg(mailbox.name, text);
    tally.problems.append(line);
    log(line);
    return false;
}

std::optional<QByteArray> MailGateway::password(const Mailbox &mailbox, QString *error)
{
    const auto known = m_knownPasswords.constFind(mailbox.id);
    if (known != m_knownPasswords.cend())
        return *known;
    auto found = m_passwords(mailbox, error);
    if (found)
        m_knownPasswords.insert(mailbox.id, *found);
    return found;
}

MailGateway::Tally MailGateway::runOnce()
{
    Tally tally;
    const QList<Mailbox> mailboxes = m_backend.mailboxes();
    if (mailboxes.isEmpty() && !m_backend.errorString().isEmpty()) {
        // Said, not taken for "no mailboxes": nothing was read, and the outbox waits too.
        tally.problems.append(tr("The mailboxes could not be read: %1").arg(m_backend.errorString()));
        return tally;
    }
    for (const Mailbox &mailbox : mailboxes) {
        if (stopped(m_stop))
            break;
        if (!m_backend.claim(mailbox.id)) {
            log(tr("%1: another gateway is reading this mailbox; left to it").arg(mailbox.name));
            continue;
        }
        fetchMailbox(mailbox, tally);
        m_backend.release(mailbox.id);
    }
    if (!stopped(m_stop))
        sendDue(tally);
    return tally;
}

bool MailGateway::fetchMailbox(const Mailbox &mailbox, Tally &tally)
{
    QString error;
    const MailServerAddress address = MailServerAddress::parse(mailbox.imapUrl, &error);
    if (!address.isValid())
        return problem(tally, mailbox, error);
    const auto secret = password(mailbox, &error);
    if (!secret)
        return problem(tally, mailbox, error);
    ImapClient client(address, *secret, mailbox.caFile);
    client.setTimeout(m_timeoutMs);
    if (!client.connectAndLogin())
        return problem(tally, mailbox, client.errorString());
    const bool ok = fetch(client, mailbox.id, true, tally);
    client.logout();
    return ok;
}

bool MailGateway::fetch(ImapClient &client, qint64 mailboxId, bool firstOnSession, Tally &tally)
{
    // Read again each pass: the position moves with every mail taken, on any connection.
    auto current = m_backend.mailbox(mailboxId);
    if (!current)
        return false; // removed meanwhile: nothing to read into
    const Mailbox mailbox = *current;
    if (!client.select())
        return problem(tally, mailbox, client.errorString());

    const quint32 validity = client.uidValidity();
    quint32 from = mailbox.lastUid + 1;
    if (validity != mailbox.uidValidity) {
        // The server renumbered the folder (rebuilt, restored, moved): every UID we knew means
        // nothing now. Read it all again; what was taken already is known by its Message-ID.
        if (mailbox.uidValidity != 0)
            log(tr("%1: the server renumbered the folder (UIDVALIDITY %2 → %3); reading it again, without "
                   "taking any mail twice")
                    .arg(mailbox.name)
                    .arg(mailbox.uidValidity)
                    .arg(validity));
        if (!m_backend.resetReadPosition(mailbox.id, validity))
            return problem(tally, mailbox, m_backend.errorString());
        from = 1;
    } else if (firstOnSession && mailbox.lastUid > 0 && !client.markSeenThrough(mailbox.lastUid)) {
        return problem(tally, mailbox, client.errorString());
    }

    const auto uids = client.uidsFrom(from);
    if (!uids)
        return problem(tally, mailbox, client.errorString());
    if (uids->isEmpty())
        return true;

    const MailParser parser(mailbox.maxAttachmentBytes);
    QList<quint32> taken;
    bool refused = false;
    const bool read = client.fetch(*uids, [&](quint32 uid, const QByteArray &raw) {
        const InboundMail mail = parser.parse(raw);
        failpoint("gateway-before-commit");
        const auto result = m_backend.take(mailbox, validity, uid, mail);
        if (!result) {
            // Nothing was written and the position did not move: the mail is read again later.
            refused = true;
            problem(tally, mailbox,
                    tr("could not keep a mail from %1: %2").arg(mail.from.address, m_backend.errorString()));
            return false;
        }
        taken.append(uid);
        ++tally.fetched;
        QString what;
        const QString ticket = result->ticketId ? m_backend.ticketLabel(result->ticketId) : QString();
        switch (result->outcome) {
        case MailIntake::Outcome::NewTicket:
            ++tally.newTickets;
            what = tr("new ticket %1").arg(ticket);
            break;
        case MailIntake::Outcome::AddedToTicket:
            ++tally.addedToTickets;
            what = tr("added to %1").arg(ticket);
            break;
        case MailIntake::Outcome::SurveyAnswer:
            ++tally.addedToTickets;
            ++tally.surveyAnswers;
            what = tr("satisfaction answer on %1").arg(ticket);
            break;
        case MailIntake::Outcome::FollowUp:
            ++tally.followUps;
            what = tr("follow-up ticket %1").arg(ticket);
            break;
        case MailIntake::Outcome::Duplicate:
            ++tally.duplicates;
            what = tr("already taken");
            break;
        case MailIntake::Outcome::Held:
            if (m_heldNotice)
                m_heldNotice(mailbox, mail.from.address.trimmed().toLower(), result->detail);
            [[fallthrough]];
        case MailIntake::Outcome::AutoReply:
        case MailIntake::Outcome::Bounce:
            ++tally.setAside;
            what = tr("set aside: %1").arg(result->detail);
            break;
        }
        log(tr("%1: mail %2 from %3: %4").arg(mailbox.name, MailIntake::keyOf(mail), mail.from.address, what));
        return !stopped(m_stop);
    });
    failpoint("gateway-before-seen");
    // Flag what was committed, even when the fetch broke off after some of it.
    if (!taken.isEmpty() && !client.markSeen(taken) && read && !refused)
        return problem(tally, mailbox, client.errorString());
    if (!read)
        return problem(tally, mailbox, client.errorString());
    return !refused;
}

void MailGateway::sendDue(Tally &tally)
{
    // One sender at a time: two gateways sending the same reply would send it twice.
    if (!m_backend.claimOutbox())
        return;
    for (;;) {
        const QList<MailOutbox::Outgoing> due = m_backend.due(MailOutbox::batchSize);
        if (due.isEmpty() || stopped(m_stop))
            break;
        bool progress = false;
        for (const MailOutbox::Outgoing &mail : due) {
            if (stopped(m_stop))
                return;
            QString error;
            const MailServerAddress address = MailServerAddress::parse(mail.mailbox.smtpUrl, &error);
            const auto secret = address.isValid() ? password(mail.mailbox, &error) : std::nullopt;
            SmtpClient::SmtpResult result;
            if (!secret) {
                // A setting to fix, not the mail's fault: it waits, and the reply says why.
                result.errorString = error;
            } else {
                SmtpClient smtp(address, *secret, mail.mailbox.caFile);
                smtp.setTimeout(m_timeoutMs);
                result = smtp.send(mail.mailbox.address, mail.recipients, mail.bytes);
            }
            const QString ticket = m_backend.ticketLabel(mail.ticketId);
            if (result.sent) {
                if (!m_backend.sent(mail)) {
                    problem(tally, mail.mailbox, m_backend.errorString());
                    return;
                }
                ++tally.sent;
                progress = true;
                log(tr("%1: reply on %2 sent to %3").arg(mail.mailbox.name, ticket, mail.recipients.join(u", "_s)));
                continue;
            }
            const QString why = result.serverReply.isEmpty() ? result.errorString : result.serverReply;
            const auto after = m_backend.failed(mail, result.permanent, why);
            if (!after) {
                problem(tally, mail.mailbox, m_backend.errorString());
                return;
            }
            if (*after == MailOutbox::Failed::GaveUp) {
                ++tally.failed;
                progress = true;
                log(tr("%1: reply on %2 not delivered: %3").arg(mail.mailbox.name, ticket, why));
            } else {
                ++tally.retrying;
                log(tr("%1: reply on %2 will be sent again later: %3").arg(mail.mailbox.name, ticket, why));
            }
        }
        // Retries wait for their time; only a batch that moved on calls for the next one.
        if (!progress || due.size() < MailOutbox::batchSize)
            break;
    }
}
