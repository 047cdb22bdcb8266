#include "connectiondialog.h"

#include "palettecolors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_login(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_tls(new QComboBox(this))
    , m_remember(new QCheckBox(tr("&Remember the password in the system keychain"), this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to a team server"));
    m_host->setObjectName(u"host"_s);
    m_port->setObjectName(u"port"_s);
    m_database->setObjectName(u"database"_s);
    m_login->setObjectName(u"login"_s);
    m_password->setObjectName(u"password"_s);
    m_tls->setObjectName(u"tlsMode"_s);
    m_message->setObjectName(u"connectionMessage"_s);
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_password->setEchoMode(QLineEdit::Password);
    m_remember->setChecked(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const std::pair<QString, QString> modes[] = {
        {u"prefer"_s, tr("Encrypt when the server can (prefer)")},
        {u"require"_s, tr("Always encrypt (require)")},
        {u"verify-ca"_s, tr("Encrypt and check the certificate (verify-ca)")},
        {u"verify-full"_s, tr("Encrypt, check the certificate and host name (verify-full)")},
        {u"disable"_s, tr("Never encrypt (disable)")},
    };
    for (const auto &[mode, label] : modes)
        m_tls->addItem(label, mode);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&Login:"), m_login);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("&Encryption:"), m_tls);
    form->addRow(QString(), m_remember);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::tryConnect);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setAddress(ServerAddress{});
    resize(sizeHint().expandedTo(QSize(460, 0)));
}

void ConnectionDialog::setAddress(const ServerAddress &address)
{
    m_host->setText(address.host);
    m_port->setValue(address.port);
    m_database->setText(address.database);
    m_login->setText(address.login);
    m_password->setText(address.password);
    const int tls = m_tls->findData(address.sslMode);
    m_tls->setCurrentIndex(tls < 0 ? 0 : tls);
    (m_login->text().isEmpty() ? m_login : m_password)->setFocus();
}

ServerAddress ConnectionDialog::address() const
{
    ServerAddress address;
    address.host = m_host->text().trimmed();
    address.port = m_port->value();
    address.database = m_database->text().trimmed();
    address.login = m_login->text().trimmed();
    address.password = m_password->text();
    address.sslMode = m_tls->currentData().toString();
    return address;
}

bool ConnectionDialog::rememberPassword() const
{
    return m_remember->isChecked();
}

void ConnectionDialog::setRememberPassword(bool remember)
{
    m_remember->setChecked(remember);
}

void ConnectionDialog::showProblem(const QString &message)
{
    m_message->setText(message);
    m_message->setStyleSheet(message.isEmpty() ? QString() : PaletteColors::errorStyle(m_message->palette()));
}

QString ConnectionDialog::problemText() const
{
    return m_message->text();
}

void ConnectionDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *field : std::initializer_list<QWidget *>{m_host, m_port, m_database, m_login, m_password, m_tls,
                                                           m_remember, m_buttons->button(QDialogButtonBox::Ok)})
        field->setEnabled(!busy);
}

void ConnectionDialog::tryConnect()
{
    if (m_busy)
        return;
    const ServerAddress target = address();
    if (target.host.isEmpty() || target.login.isEmpty() || target.database.isEmpty()) {
        showProblem(tr("Enter the host, the database and your login."));
        return;
    }
    setBusy(true);
    m_message->setStyleSheet({});
    m_message->setText(tr("Connecting to %1…").arg(target.host));
    // Connecting can take seconds (a host that does not answer): never on the UI thread.
    QPointer<ConnectionDialog> self(this);
    QThread *attempt = QThread::create([self, target] {
        const ServerCheck check = ServerCheck::ofDesk(target);
        if (self)
            QMetaObject::invokeMethod(self, [self, check] {
                if (self)
                    self->finishAttempt(check.ok, check.message);
            });
    });
    connect(attempt, &QThread::finished, attempt, &QObject::deleteLater);
    attempt->start();
}

void ConnectionDialog::finishAttempt(bool ok, const QString &message)
{
    setBusy(false);
    if (!ok) {
        showProblem(message);
        m_password->setFocus();
        Q_EMIT connectionChecked(false, message);
        return;
    }
    showProblem({});
    Q_EMIT connectionChecked(true, {});
    accept();
}
