#pragma once

#include "servercheck.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Where the team server is and who signs in. Connect tries it for real, off the UI thread,
// and says exactly what is wrong (password, host, schema). Whether to keep the password
// in the system keychain is the agent's choice; the caller stores it (PasswordVault).
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    void setAddress(const ServerAddress &address);
    ServerAddress address() const; // with the password as typed
    bool rememberPassword() const;
    void setRememberPassword(bool remember);
    void showProblem(const QString &message);
    QString problemText() const;

Q_SIGNALS:
    // After each attempt; ok when the server accepted this desk.
    void connectionChecked(bool ok, const QString &message);

private:
    void tryConnect();
    void finishAttempt(bool ok, const QString &message);
    void setBusy(bool busy);

    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_login;
    QLineEdit *m_password;
    QComboBox *m_tls;
    QCheckBox *m_remember;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};
