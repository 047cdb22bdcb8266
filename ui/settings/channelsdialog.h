#pragma once

#include "channelservice.h"
#include "mailboxcheck.h"

#include <QDialog>

class Desk;
class QLabel;
class QPushButton;
class QTreeWidget;

// Tools → Channels…: the mailboxes whose mail becomes tickets, with where each one's password
// is; Add…, Remove and Test (both servers tried on a worker thread, each side's answer shown,
// the dialog usable meanwhile). Only a supervisor or an administrator may add or remove;
// ChannelService refuses anyone else.
class ChannelsDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { NameColumn, AddressColumn, ImapColumn, SmtpColumn, QueueColumn, PasswordColumn, ColumnCount };

    explicit ChannelsDialog(Desk &desk, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *testButton() const { return m_test; }
    QString messageText() const;
    qint64 currentMailboxId() const;
    bool selectMailbox(qint64 mailboxId);

    // Add… : the form, modal; true when a mailbox was added.
    bool addMailbox();
    // Without asking first (Remove asks); a keychain password is forgotten on a worker thread.
    bool removeMailbox(qint64 mailboxId);
    // Tries the selected mailbox's servers; checkFinished says how it went.
    void testCurrent();
    // What a test found, as the dialog shows it.
    void showCheck(const QString &mailboxName, const MailboxCheck::Report &report);

Q_SIGNALS:
    void mailboxesChanged();
    void checkFinished(qint64 mailboxId, bool ok);

private:
    void reload(qint64 selectId = 0);
    void updateButtons();
    void showMessage(const QString &text, bool problem);
    void askToRemoveCurrent();
    void finishCheck(qint64 mailboxId, const QString &name, const QString &passwordProblem,
                     const MailboxCheck::Report &report);

    Desk &m_desk;
    ChannelService m_channels;
    QTreeWidget *m_list;
    QLabel *m_message;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_test;
    qint64 m_testing = 0; // the mailbox whose test runs
};
