#pragma once

#include "mailbox.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class ImapClient;
class LocalStore;
class MailBackend;

// The email channel's one pass, on one connection to the store: a mailbox's new mail read
// over IMAP into tickets (MailParser, then MailIntake, one transaction per mail with the read
// position), flagged \Seen once taken; and the replies due sent over SMTP (MailOutbox).
// A mail is flagged only after it is committed, and a reply recorded as sent only after the
// server took it, so a stop at any point loses nothing and takes nothing twice. Blocking:
// `deskctl gateway` runs it on its main thread, the window and the service on workers.
class MailGateway
{
    Q_DECLARE_TR_FUNCTIONS(MailGateway)

public:
    // What passes made of the mail, for the log and the command line's summary.
    struct Tally {
        int fetched = 0;
        int newTickets = 0;
        int addedToTickets = 0; // survey answers included
        int surveyAnswers = 0;
        int followUps = 0;
        int duplicates = 0;
        int setAside = 0; // auto-replies, bounces, floods
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        QStringList problems; // one line each, with the mailbox's name

        Tally &operator+=(const Tally &other);
    };

    // The mailbox's password (MailPasswords::read unless a caller has its own); nullopt with
    // *error when there is none.
    using PasswordSource = std::function<std::optional<QByteArray>(const Mailbox &, QString *error)>;
    using Log = std::function<void(const QString &line)>;
    // A sender's mail held for flooding the mailbox: a supervisor is to be told.
    using HeldNotice = std::function<void(const Mailbox &mailbox, const QString &sender, const QString &detail)>;

    // On a standalone desk's store.
    MailGateway(LocalStore &store, QByteArray secret);
    // On any backend (the team's server: ServerMailBackend), which outlives the gateway.
    explicit MailGateway(MailBackend &backend);
    ~MailGateway();

    void setPasswordSource(PasswordSource source) { m_passwords = std::move(source); }
    void setLog(Log log) { m_log = std::move(log); }
    void setHeldNotice(HeldNotice notice) { m_heldNotice = std::move(notice); }
    void setTimeout(int ms) { m_timeoutMs = ms; }
    void setFloodLimit(int mailsPerMinute);
    // Seen between mails: a pass asked to stop ends after the mail under way.
    void setStopFlag(const std::atomic<bool> *stop) { m_stop = stop; }

    // Every mailbox read once and every reply due sent: `deskctl gateway --once`. A mailbox
    // another gateway is reading (team mode) is left to it, and said so in the log.
    Tally runOnce();

    // One mailbox, on a connection of its own that this opens and closes.
    bool fetchMailbox(const Mailbox &mailbox, Tally &tally);
    // One mailbox on a session already logged in (the service keeps one per mailbox for
    // IDLE). firstOnSession: also flag \Seen what earlier passes took, in case a stop came
    // between a commit and its flag.
    bool fetch(ImapClient &client, qint64 mailboxId, bool firstOnSession, Tally &tally);

    // The replies due, each sent through its mailbox's SMTP server.
    void sendDue(Tally &tally);

    // A mailbox's password as the source gives it, asked once per gateway.
    std::optional<QByteArray> password(const Mailbox &mailbox, QString *error);

private:
    void log(const QString &line) const;
    bool problem(Tally &tally, const Mailbox &mailbox, const QString &text) const;

    std::unique_ptr<MailBackend> m_ownBackend;
    MailBackend &m_backend;
    PasswordSource m_passwords;
    QHash<qint64, QByteArray> m_knownPasswords;
    Log m_log;
    HeldNotice m_heldNotice;
    int m_timeoutMs = 30000;
    const std::atomic<bool> *m_stop = nullptr;
};
