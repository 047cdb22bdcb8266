#pragma once

#include "attachmentinput.h"
#include "inboundmail.h"
#include "mailbox.h"
#include "mailnoise.h"
#include "satisfactionrating.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class LocalStore;

// A customer's mail into the desk: a new ticket, a message on the ticket it answers, or a
// follow-up of a closed one; auto-replies, bounces and floods set aside instead. Each mail is
// one transaction together with the mailbox's read position, so a gateway stopped at any
// moment neither loses a mail nor takes one twice, and the same Message-ID delivered again
// adds nothing.
class MailIntake
{
    Q_DECLARE_TR_FUNCTIONS(MailIntake)

public:
    // SurveyAnswer: the ticket's customer answered its satisfaction survey; the mail is on the
    // ticket and the score recorded, and a solved ticket stays solved.
    enum class Outcome { NewTicket, AddedToTicket, SurveyAnswer, FollowUp, Duplicate, AutoReply, Bounce, Held };

    struct Result {
        Outcome outcome = Outcome::Duplicate;
        qint64 ticketId = 0;  // the ticket the mail went to (for a bounce, the bounced reply's)
        qint64 messageId = 0; // the customer's message (for a bounce, the bounced reply)
        QString detail;       // why a mail was set aside
    };

    // More mails than this from one sender within a minute are held.
    static constexpr int defaultFloodLimit = 20;

    // secret: this installation's key for the HMAC in our Message-IDs (MailThreading).
    MailIntake(LocalStore &store, QByteArray secret);

    void setFloodLimit(int mailsPerMinute) { m_floodLimit = mailsPerMinute; }

    // Takes the mail read at (uidValidity, uid) of the mailbox; nullopt with errorString() when
    // the store refused it, in which case nothing was written and the mail is read again later.
    std::optional<Result> take(const Mailbox &mailbox, quint32 uidValidity, quint32 uid, const InboundMail &mail);

    QString errorString() const { return m_error; }

    // The id the desk keeps a mail under: its Message-ID, or for a mail without one a digest
    // of its bytes, so that a second delivery of the same bytes is still recognised.
    static QString keyOf(const InboundMail &mail);

    // What a mail becomes, the same wherever it is taken (this desk's store, or the team's
    // server through the gateway): its files (an unreadable mail's bytes among them), its text,
    // who it went to, the Message-IDs it answers (nearest first), the note for the agent about
    // what could not be kept (empty when nothing), and the reasons shown for set-aside mail.
    static QList<AttachmentInput> filesOf(const InboundMail &mail);
    static QString bodyOf(const InboundMail &mail, bool withFiles);
    static QStringList recipientsOf(const InboundMail &mail);
    static QStringList ancestorsOf(const InboundMail &mail);
    static QString problemsNote(const Mailbox &mailbox, const InboundMail &mail);
    static QString bounceReason(const MailNoise::Verdict &noise);
    static QString floodDetail(int limit, const QString &sender);

private:
    bool takeInto(const Mailbox &mailbox, const InboundMail &mail, const QString &key, Result &result);
    std::optional<qint64> threadOf(const InboundMail &mail) const;
    std::optional<SatisfactionRating> surveyAnswer(qint64 ticketId, const QString &sender,
                                                   const InboundMail &mail) const;
    std::optional<qint64> newTicket(const Mailbox &mailbox, const InboundMail &mail);
    bool noteProblems(qint64 ticketId, const Mailbox &mailbox, const InboundMail &mail);

    LocalStore &m_store;
    QByteArray m_secret;
    int m_floodLimit = defaultFloodLimit;
    QString m_error;
};
