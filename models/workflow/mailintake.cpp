#include "mailintake.h"

#include "customerstore.h"
#include "followupstore.h"
#include "localstore.h"
#include "mailnoise.h"
#include "mailstore.h"
#include "mailthreading.h"
#include "surveystore.h"
#include "ticketlifecycle.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024 * 1024), 'f', 1);
}

} // namespace

QList<AttachmentInput> MailIntake::filesOf(const InboundMail &mail)
{
    QList<AttachmentInput> result;
    result.reserve(mail.attachments.size());
    for (const InboundAttachment &a : mail.attachments)
        result.append({a.fileName, a.mimeType.isEmpty() ? u"application/octet-stream"_s : a.mimeType, a.content});
    // A mail that could not be read at all still reaches an agent: its bytes go along as a file.
    if (!mail.readable)
        result.append({u"message.eml"_s, u"message/rfc822"_s, mail.raw});
    return result;
}

QString MailIntake::bodyOf(const InboundMail &mail, bool withFiles)
{
    if (!mail.textBody.trimmed().isEmpty())
        return mail.textBody;
    return withFiles ? QString() : tr("(The mail has no text.)");
}

QStringList MailIntake::recipientsOf(const InboundMail &mail)
{
    QStringList result;
    for (const MailAddress &a : mail.to)
        result.append(a.address);
    for (const MailAddress &a : mail.cc)
        result.append(a.address);
    return result;
}

// In-Reply-To first, then References newest first: the nearest ancestor decides.
QStringList MailIntake::ancestorsOf(const InboundMail &mail)
{
    QStringList result;
    if (!mail.inReplyTo.isEmpty())
        result.append(mail.inReplyTo);
    for (auto it = mail.references.crbegin(); it != mail.references.crend(); ++it) {
        if (!result.contains(*it))
            result.append(*it);
    }
    return result;
}

MailIntake::MailIntake(LocalStore &store, QByteArray secret)
    : m_store(store)
    , m_secret(std::move(secret))
{}

QString MailIntake::keyOf(const InboundMail &mail)
{
    if (!mail.messageId.trimmed().isEmpty())
        return mail.messageId.trimmed();
    return QString::fromLatin1(QCryptographicHash::hash(mail.raw, QCryptographicHash::Sha256).toHex()) +
           u"@no-message-id.invalid"_s;
}

std::optional<MailIntake::Result> MailIntake::take(const Mailbox &mailbox, quint32 uidValidity, quint32 uid,
                                                   const InboundMail &mail)
{
    const QString key = keyOf(mail);
    Result result;
    const bool ok = m_store.transaction([&] {
        return takeInto(mailbox, mail, key, result) && MailStore(m_store).setReadPosition(mailbox.id, uidValidity, uid);
    });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    m_error.clear();
    return result;
}

bool MailIntake::takeInto(const Mailbox &mailbox, const InboundMail &mail, const QString &key, Result &result)
{
    MailStore mails(m_store);
    if (mails.knows(key)) {
        result.outcome = Outcome::Duplicate;
        return true;
    }
    const QString sender = mail.from.address.trimmed().toLower();
    const MailNoise::Verdict noise = MailNoise::classify(mail);
    if (noise.kind == MailNoise::Kind::Bounce) {
        result.outcome = Outcome::Bounce;
        result.detail = noise.diagnostic.isEmpty() ? noise.status : noise.diagnostic;
        if (const auto bounced = mails.sentMessage(noise.originalMessageId)) {
            if (!mails.markBounced(*bounced, bounceReason(noise)))
                return false;
            result.messageId = *bounced;
        }
        return mails.setAside(mailbox.id, key, sender, mail.subject, MailStore::SetAsideReason::Bounce, result.detail,
                              mail.raw);
    }
    if (noise.kind == MailNoise::Kind::AutoReply) {
        result.outcome = Outcome::AutoReply;
        result.detail = noise.why;
        return mails.setAside(mailbox.id, key, sender, mail.subject, MailStore::SetAsideReason::AutoReply, noise.why,
                              mail.raw);
    }
    if (m_floodLimit > 0 && !sender.isEmpty() &&
        mails.mailsFromSince(sender, m_store.nowMs() - minuteMs) >= m_floodLimit) {
        result.outcome = Outcome::Held;
        result.detail = floodDetail(m_floodLimit, sender);
        return mails.setAside(mailbox.id, key, sender, mail.subject, MailStore::SetAsideReason::Flood, result.detail,
                              mail.raw);
    }

    const QList<AttachmentInput> attachments = filesOf(mail);
    const QString body = bodyOf(mail, !attachments.isEmpty());

    qint64 ticketId = 0;
    qint64 messageId = 0;
    const auto addressed = threadOf(mail);
    const auto rating = addressed ? surveyAnswer(*addressed, sender, mail) : std::nullopt;
    if (rating && TicketLifecycle::isFinal(m_store.ticket(*addressed)->status)) {
        // Closed by itself since it was solved: the score still counts, and the mail is kept
        // beside the mailbox, since a closed ticket takes no more messages.
        if (!SurveyStore(m_store).recordAnswer(*addressed, rating->score, rating->comment) ||
            !mails.setAside(mailbox.id, key, sender, mail.subject, MailStore::SetAsideReason::SurveyAnswer,
                            QString::number(rating->score), mail.raw))
            return false;
        result.outcome = Outcome::SurveyAnswer;
        result.ticketId = *addressed;
        return true;
    }
    if (rating) {
        // Kept on the ticket like any mail of the customer's, but "5 thanks" asks nothing: the
        // ticket stays solved and no reply is expected.
        const auto added = m_store.addMessage(*addressed, MessageKind::Customer, body, attachments,
                                              LocalStore::StatusRule::KeepStatus);
        if (!added || !SurveyStore(m_store).recordAnswer(*addressed, rating->score, rating->comment))
            return false;
        ticketId = *addressed;
        messageId = *added;
        result.outcome = Outcome::SurveyAnswer;
    } else if (addressed) {
        const auto received = FollowUpStore(m_store).receiveCustomerMessage(*addressed, body, attachments);
        if (!received)
            return false;
        ticketId = received->ticketId;
        messageId = received->messageId;
        result.outcome = received->followUp ? Outcome::FollowUp : Outcome::AddedToTicket;
    } else {
        const auto created = newTicket(mailbox, mail);
        if (!created)
            return false;
        ticketId = *created;
        const auto added = m_store.addMessage(ticketId, MessageKind::Customer, body, attachments);
        if (!added)
            return false;
        messageId = *added;
        result.outcome = Outcome::NewTicket;
    }
    result.ticketId = ticketId;
    result.messageId = messageId;

    MailStore::Received facts;
    facts.messageId = messageId;
    facts.mailboxId = mailbox.id;
    facts.rfcMessageId = key;
    facts.sender = sender;
    facts.recipients = recipientsOf(mail);
    facts.html = mail.html;
    facts.remoteImages = mail.remoteImages;
    facts.references = ancestorsOf(mail);
    facts.raw = mail.raw;
    return mails.recordReceived(facts) && noteProblems(ticketId, mailbox, mail);
}

std::optional<qint64> MailIntake::threadOf(const InboundMail &mail) const
{
    // Our own Message-IDs carry an HMAC: a reply to one of our mails finds its ticket, a forged
    // or edited id finds nothing.
    if (const auto ours = MailThreading::ticketFromReferences(mail, m_secret)) {
        if (m_store.ticket(*ours))
            return ours;
    }
    const QString sender = mail.from.address.trimmed().toLower();
    if (sender.isEmpty())
        return std::nullopt;
    // Anyone can type a ticket's tag: it counts only from that ticket's customer.
    if (const auto tagged = MailThreading::subjectToken(mail.subject)) {
        if (const auto ticket = m_store.ticket(*tagged)) {
            const auto owner = CustomerStore(m_store).customer(ticket->customerId);
            if (owner && owner->email.compare(sender, Qt::CaseInsensitive) == 0)
                return ticket->id;
        }
    }
    // The customer answering (or adding to) a mail of their own, in either order of arrival.
    MailStore mails(m_store);
    for (const QString &ancestor : ancestorsOf(mail)) {
        if (const auto ticket = mails.ticketOfReceived(ancestor, sender))
            return ticket;
    }
    if (!mail.messageId.isEmpty())
        return mails.ticketReferring(mail.messageId, sender);
    return std::nullopt;
}

std::optional<SatisfactionRating> MailIntake::surveyAnswer(qint64 ticketId, const QString &sender,
                                                           const InboundMail &mail) const
{
    // Only while the survey waits and the ticket is still solved (or closed since): once reopened
    // or answered, a digit at the start of a mail is the customer talking ("2 more printers broke").
    const auto ticket = m_store.ticket(ticketId);
    if (!ticket || (ticket->status != TicketStatus::Solved && ticket->status != TicketStatus::Closed) ||
        !SurveyStore(m_store).awaitingAnswer(ticketId))
        return std::nullopt;
    // The survey went to the customer; a score from anyone else (a forwarded copy, a forged From)
    // would rate the desk on their behalf.
    const auto customer = CustomerStore(m_store).customer(ticket->customerId);
    if (!customer || sender.isEmpty() || customer->email.trimmed().compare(sender, Qt::CaseInsensitive) != 0)
        return std::nullopt;
    return SatisfactionRating::recognise(mail.textBody);
}

std::optional<qint64> MailIntake::newTicket(const Mailbox &mailbox, const InboundMail &mail)
{
    MailStore mails(m_store);
    const QString sender = mail.from.address.trimmed();
    std::optional<qint64> customerId;
    if (!sender.isEmpty())
        customerId = mails.customerByAddress(sender);
    if (!customerId) {
        Customer customer;
        customer.name = mail.from.name.trimmed();
        if (customer.name.isEmpty())
            customer.name = sender.isEmpty() ? tr("Unknown sender") : sender.section(u'@', 0, 0);
        customer.email = sender;
        customerId = CustomerStore(m_store).createCustomer(customer);
        if (!customerId)
            return std::nullopt;
    }
    NewTicketInput input;
    input.customerId = *customerId;
    input.subject = mail.subject.simplified();
    if (input.subject.isEmpty())
        input.subject = tr("(no subject)");
    input.channel = Channel::Email;
    input.teamId = mailbox.teamId;
    return m_store.createTicket(input);
}

QString MailIntake::bounceReason(const MailNoise::Verdict &noise)
{
    const QString detail = noise.diagnostic.isEmpty() ? noise.status : noise.diagnostic;
    return noise.recipient.isEmpty() ? detail : tr("%1 refused the mail: %2").arg(noise.recipient, detail);
}

QString MailIntake::floodDetail(int limit, const QString &sender)
{
    return tr("More than %n mail(s) within a minute from %1.", nullptr, limit).arg(sender);
}

bool MailIntake::noteProblems(qint64 ticketId, const Mailbox &mailbox, const InboundMail &mail)
{
    const QString note = problemsNote(mailbox, mail);
    return note.isEmpty() || m_store.addMessage(ticketId, MessageKind::Note, note).has_value();
}

QString MailIntake::problemsNote(const Mailbox &mailbox, const InboundMail &mail)
{
    QStringList lines;
    if (!mail.readable)
        lines.append(tr("This mail could not be read; its bytes are attached as message.eml."));
    for (const QString &problem : mail.problems)
        lines.append(problem);
    for (const OversizedAttachment &file : mail.oversized) {
        lines.append(
            tr("Not kept: \"%1\" (%2, %3 MB) is larger than the mailbox's limit of %4 MB.")
                .arg(file.fileName, file.mimeType, megabytes(file.size), megabytes(mailbox.maxAttachmentBytes)));
    }
    return lines.join(u'\n');
}
