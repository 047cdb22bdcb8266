#pragma once

#include "channelservice.h"

#include <QDialog>

class Desk;
class TeamMailboxes;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

// Tools → Channels… → Add…: a mailbox with the fields and checks of `deskctl channel
// add-mailbox`. A typed password goes to the system keychain on a worker thread (the keychain
// may take a while, or ask the user) and never to the store; a password file is only named.
// On a team desk (team given) the mailbox goes to the server: its password can only be a file
// on the gateway's machine, and the form waits for the server's answer without blocking.
class MailboxDialog : public QDialog
{
    Q_OBJECT

public:
    explicit MailboxDialog(Desk &desk, QWidget *parent = nullptr);
    MailboxDialog(Desk &desk, TeamMailboxes *team, QWidget *parent = nullptr);

    QLineEdit *nameField() const { return m_name; }
    QLineEdit *addressField() const { return m_address; }
    QLineEdit *imapField() const { return m_imap; }
    QLineEdit *smtpField() const { return m_smtp; }
    QComboBox *teamBox() const { return m_team; }
    QRadioButton *keychainChoice() const { return m_inKeychain; }
    QRadioButton *fileChoice() const { return m_inFile; }
    QLineEdit *passwordField() const { return m_password; }
    QLineEdit *passwordFileField() const { return m_passwordFile; }
    QLineEdit *caFileField() const { return m_caFile; }
    QSpinBox *maxAttachmentBox() const { return m_maxAttachment; }
    QPushButton *addButton() const;
    QString problemText() const;

    ChannelService::MailboxInput input() const;
    // Checks the form and adds the mailbox (after the keychain took a typed password); the
    // dialog closes once it is added, or says what is wrong and stays open.
    void tryAdd();
    qint64 addedMailboxId() const { return m_addedId; }

Q_SIGNALS:
    // After each attempt, once it is over (the keychain answered).
    void attempted(bool added);

private:
    void showProblem(const QString &message);
    void setBusy(bool busy);
    void finishAdd(const QString &keychainProblem);
    void updatePasswordChoice();
    void addOnServer();

    ChannelService m_channels;
    TeamMailboxes *m_teamMailboxes = nullptr;
    QLineEdit *m_name;
    QLineEdit *m_address;
    QLineEdit *m_imap;
    QLineEdit *m_smtp;
    QComboBox *m_team;
    QRadioButton *m_inKeychain;
    QRadioButton *m_inFile;
    QLineEdit *m_password;
    QLineEdit *m_passwordFile;
    QPushButton *m_browsePassword;
    QLineEdit *m_caFile;
    QSpinBox *m_maxAttachment;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
    qint64 m_addedId = 0;
};
