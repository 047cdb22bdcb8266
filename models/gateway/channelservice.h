#pragma once

#include "mailbox.h"
#include "team.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The desk's channels as Tools → Channels… reads and changes them: the mailboxes, checked as
// `deskctl channel add-mailbox` checks them, and changed only by a supervisor or an
// administrator (an agent is refused here, whatever the window offers). Passwords are not
// handled here: a typed one goes to the keychain (MailPasswords, which blocks, so the caller
// runs it on a worker thread) and never reaches the store.
class ChannelService
{
    Q_DECLARE_TR_FUNCTIONS(ChannelService)

public:
    static constexpr int maxNameLength = 100;
    static constexpr int attachmentLimitMegabytes = 1024;

    // What the form holds, as typed.
    struct MailboxInput {
        QString name;
        QString address;
        QString imapUrl;
        QString smtpUrl;
        qint64 teamId = 0;    // 0: the desk's default queue
        QString passwordFile; // empty: the password goes to the keychain
        QString caFile;       // empty: the system's CAs only
        int maxAttachmentMegabytes = int(Mailbox::defaultMaxAttachmentBytes / (1024 * 1024));
    };

    // Who is asking: the agent signed in at the desk (the window), or whoever may write the
    // store file itself (deskctl on a standalone store: its owner is its administrator).
    enum class Caller { SignedInAgent, StoreOwner };

    explicit ChannelService(LocalStore &store, Caller caller = Caller::SignedInAgent);

    QList<Mailbox> mailboxes() const;
    QList<Team> teams() const;
    // The queue's name, or empty for the desk's default.
    QString teamName(qint64 teamId) const;
    // Where the mailbox's password is, for a person.
    static QString passwordPlace(const Mailbox &mailbox);

    bool canChange() const;
    // canChange(), with errorString() saying why not: what the window shows an agent.
    bool checkAllowed();
    // The mailbox as it would be added, or nullopt with errorString() saying which field is
    // wrong (or that this agent may not change channels). Writes nothing.
    std::optional<Mailbox> check(const MailboxInput &input);
    // Where the CA and password files named are: on this machine (read to check them), or on the
    // team's gateway machine (a supervisor's desk names them; only absolute paths are asked).
    enum class FilesAt { ThisMachine, GatewayMachine };
    // The checks that need no store (the team's server has its own): the name, the address, the
    // servers' URLs, the attachment limit, the CA and password files. teamId is left 0.
    static std::optional<Mailbox> checkFields(const MailboxInput &input, QString *problem,
                                              FilesAt files = FilesAt::ThisMachine);
    // Checks again (the list may have changed since) and adds it; its id.
    std::optional<qint64> add(const MailboxInput &input);
    // Its tickets and mails stay; a keychain password is the caller's to forget.
    bool remove(qint64 mailboxId);
    QString errorString() const { return m_error; }

private:
    std::optional<Mailbox> fail(const QString &message);

    LocalStore &m_store;
    Caller m_caller;
    QString m_error;
};
