#pragma once

#include "channelservice.h"
#include "mailboxcheck.h"

#include <QDialog>

class Desk;
class TeamMailboxes;
class QLabel;
class QPushButton;
class QTreeWidget;

// Tools → Channels…: the mailboxes whose mail becomes tickets, with where each one's password
// is; Add…, Remove and Test (both servers tried on a worker thread, each side's answer shown,
// the dialog usable meanwhile). Only a supervisor or an administrator may add or remove;
// ChannelService refuses anyone else. On a team desk (team given) the list is the team's
// mailboxes on the server, read and changed through TeamMailboxes off the UI thread, and a test
// asks for the password (it is on the gateway's machine) and keeps it for that test only.
class ChannelsDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { NameColumn, AddressColumn, ImapColumn, SmtpColumn, QueueColumn, PasswordColumn, ColumnCount };

    explicit ChannelsDialog(Desk &desk, QWidget *parent = nullptr);
    ChannelsDialog(Desk &desk, TeamMailboxes *team, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *testButton() const { return m_test; }
    QString messageText() const;
    bool messageIsProblem() const { return m_problem; }
    qint64 currentMailboxId() const;
    bool selectMailbox(qint64 mailboxId);

    // Add… : the form, modal; true when a mailbox was added.
    bool addMailbox();
    // Without asking first (Remove asks); a keychain password is forgotten on a worker thread.
    // On a team desk it is asked of the server: true when asked, mailboxesChanged once done.
    bool removeMailbox(qint64 mailboxId);
    // Tries the selected mailbox's servers; checkFinished says how it went. On a team desk it
    // first asks for the password.
    void testCurrent();
    // The same with the password given, never kept (a team desk's test).
    void testCurrentWith(const QByteArray &password);
    // A team desk's list came from the server (after each reload); tests wait on it.
    // What a test found, as the dialog shows it.
    void showCheck(const QString &mailboxName, const MailboxCheck::Report &report);

Q_SIGNALS:
    void mailboxesChanged();
    void listed();
    void checkFinished(qint64 mailboxId, bool ok);

private:
    void reload(qint64 selectId = 0);
    void fill(const QList<Mailbox> &mailboxes, const QStringList &queues, qint64 selectId);
    std::optional<Mailbox> mailbox(qint64 mailboxId) const;
    void startCheck(const Mailbox &mailbox, std::optional<QByteArray> password);
    void connectTeam();
    void updateButtons();
    void showMessage(const QString &text, bool problem);
    void askToRemoveCurrent();
    void finishCheck(qint64 mailboxId, const QString &name, const QString &passwordProblem,
                     const MailboxCheck::Report &report);

    Desk &m_desk;
    ChannelService m_channels;
    TeamMailboxes *m_teamMailboxes = nullptr;
    QList<Mailbox> m_shown;
    qint64 m_selectAfterList = 0;
    bool m_formOpen = false;
    QTreeWidget *m_list;
    QLabel *m_message;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_test;
    qint64 m_testing = 0; // the mailbox whose test runs
    bool m_problem = false;
};
