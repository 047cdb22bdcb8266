#include "mailboxdialog.h"

#include "desk.h"
#include "mailpasswords.h"
#include "teammailboxes.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A line edit with a Browse… button that fills it from a file dialog.
QWidget *withBrowse(QLineEdit *field, QPushButton *browse, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    layout->addWidget(browse);
    return row;
}

} // namespace

MailboxDialog::MailboxDialog(Desk &desk, QWidget *parent)
    : MailboxDialog(desk, nullptr, parent)
{}

MailboxDialog::MailboxDialog(Desk &desk, TeamMailboxes *team, QWidget *parent)
    : QDialog(parent)
    , m_channels(desk.store())
    , m_teamMailboxes(team)
    , m_name(new QLineEdit(this))
    , m_address(new QLineEdit(this))
    , m_imap(new QLineEdit(this))
    , m_smtp(new QLineEdit(this))
    , m_team(new QComboBox(this))
    , m_inKeychain(new QRadioButton(tr("&Keep it in the system keychain:"), this))
    , m_inFile(new QRadioButton(tr("Read it from a &file only its owner may read:"), this))
    , m_password(new QLineEdit(this))
    , m_passwordFile(new QLineEdit(this))
    , m_browsePassword(new QPushButton(tr("Bro&wse…"), this))
    , m_caFile(new QLineEdit(this))
    , m_maxAttachment(new QSpinBox(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add a mailbox"));
    m_name->setObjectName(u"mailboxName"_s);
    m_address->setObjectName(u"mailboxAddress"_s);
    m_imap->setObjectName(u"mailboxImap"_s);
    m_smtp->setObjectName(u"mailboxSmtp"_s);
    m_team->setObjectName(u"mailboxTeam"_s);
    m_password->setObjectName(u"mailboxPassword"_s);
    m_passwordFile->setObjectName(u"mailboxPasswordFile"_s);
    m_caFile->setObjectName(u"mailboxCaFile"_s);
    m_maxAttachment->setObjectName(u"mailboxMaxAttachment"_s);
    m_message->setObjectName(u"mailboxMessage"_s);

    m_name->setMaxLength(ChannelService::maxNameLength);
    m_name->setPlaceholderText(tr("Support"));
    m_address->setPlaceholderText(tr("support@example.com"));
    m_imap->setPlaceholderText(u"imaps://support%40example.com@imap.example.com:993/INBOX"_s);
    m_imap->setToolTip(tr("Where mail is read: imaps://LOGIN@HOST:PORT/FOLDER, or imap://… with STARTTLS."));
    m_smtp->setPlaceholderText(u"smtps://support%40example.com@smtp.example.com:465"_s);
    m_smtp->setToolTip(tr("Where replies are sent: smtps://LOGIN@HOST:PORT, or smtp://… with STARTTLS."));
    m_team->addItem(team ? tr("The team's default queue") : tr("The desk's default queue"), qint64(0));
    for (const Team &queue : m_channels.teams())
        m_team->addItem(queue.name, queue.id);
    m_password->setEchoMode(QLineEdit::Password);
    m_passwordFile->setPlaceholderText(tr("A file with the password on its first line (chmod 600)"));
    m_caFile->setPlaceholderText(tr("Optional: a private CA (PEM)"));
    m_caFile->setToolTip(tr("A private CA (PEM) to trust besides the system's."));
    m_maxAttachment->setRange(1, ChannelService::attachmentLimitMegabytes);
    m_maxAttachment->setValue(int(Mailbox::defaultMaxAttachmentBytes / (1024 * 1024)));
    m_maxAttachment->setSuffix(tr(" MB"));
    m_maxAttachment->setToolTip(tr("Attachments bigger than this are noted in the ticket, not kept."));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addButton()->setText(tr("&Add"));

    auto *choice = new QButtonGroup(this);
    choice->addButton(m_inKeychain);
    choice->addButton(m_inFile);
    m_inKeychain->setChecked(true);
    auto *browseCa = new QPushButton(tr("Br&owse…"), this);
    auto *password = new QWidget(this);
    auto *grid = new QGridLayout(password);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_inKeychain, 0, 0, 1, 2);
    grid->addWidget(m_password, 1, 0, 1, 2);
    grid->addWidget(m_inFile, 2, 0, 1, 2);
    grid->addWidget(m_passwordFile, 3, 0);
    grid->addWidget(m_browsePassword, 3, 1);
    grid->setColumnStretch(0, 1);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("A&ddress:"), m_address);
    form->addRow(tr("&IMAP server:"), m_imap);
    form->addRow(tr("&SMTP server:"), m_smtp);
    form->addRow(tr("New tickets &go to:"), m_team);
    form->addRow(tr("Password:"), password);
    form->addRow(tr("&CA file:"), withBrowse(m_caFile, browseCa, this));
    form->addRow(tr("&Largest attachment kept:"), m_maxAttachment);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_inKeychain, &QRadioButton::toggled, this, &MailboxDialog::updatePasswordChoice);
    connect(m_browsePassword, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Password file"), m_passwordFile->text());
        if (!file.isEmpty())
            m_passwordFile->setText(file);
    });
    connect(browseCa, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caFile->text(),
                                                          tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &MailboxDialog::tryAdd);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (m_teamMailboxes) {
        // The gateway beside the server reads the password; a desk's keychain is out of its reach.
        setWindowTitle(tr("Add a mailbox for the team"));
        m_inFile->setChecked(true);
        m_inKeychain->hide();
        m_password->hide();
        m_inFile->setText(tr("Read it from this &file on the gateway's machine, which only the gateway's user may "
                             "read:"));
        m_passwordFile->setPlaceholderText(tr("/etc/deskline/support.password"));
        m_browsePassword->hide();
        browseCa->hide();
        m_caFile->setPlaceholderText(tr("Optional: a private CA (PEM) on the gateway's machine"));
        connect(m_teamMailboxes, &TeamMailboxes::added, this, [this](qint64 id) {
            if (!m_busy)
                return;
            setBusy(false);
            m_addedId = id;
            showProblem({});
            Q_EMIT attempted(true);
            accept();
        });
        connect(m_teamMailboxes, &TeamMailboxes::failed, this, [this](const QString &problem) {
            if (!m_busy)
                return;
            setBusy(false);
            showProblem(problem);
            Q_EMIT attempted(false);
        });
    }
    updatePasswordChoice();
    resize(sizeHint().expandedTo(QSize(620, 0)));
}

QPushButton *MailboxDialog::addButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString MailboxDialog::problemText() const
{
    return m_message->text();
}

ChannelService::MailboxInput MailboxDialog::input() const
{
    ChannelService::MailboxInput input;
    input.name = m_name->text();
    input.address = m_address->text();
    input.imapUrl = m_imap->text();
    input.smtpUrl = m_smtp->text();
    input.teamId = m_team->currentData().toLongLong();
    if (m_inFile->isChecked())
        input.passwordFile = m_passwordFile->text();
    input.caFile = m_caFile->text();
    input.maxAttachmentMegabytes = m_maxAttachment->value();
    return input;
}

void MailboxDialog::updatePasswordChoice()
{
    const bool keychain = m_inKeychain->isChecked();
    m_password->setEnabled(keychain && !m_busy);
    m_passwordFile->setEnabled(!keychain && !m_busy);
    m_browsePassword->setEnabled(!keychain && !m_busy);
}

void MailboxDialog::showProblem(const QString &message)
{
    m_message->setText(message);
    m_message->setStyleSheet(message.isEmpty() ? QString() : u"color: #b3261e;"_s);
}

void MailboxDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *field : std::initializer_list<QWidget *>{m_name, m_address, m_imap, m_smtp, m_team, m_inKeychain,
                                                           m_inFile, m_caFile, m_maxAttachment, addButton()})
        field->setEnabled(!busy);
    updatePasswordChoice();
}

void MailboxDialog::tryAdd()
{
    if (m_busy)
        return;
    if (m_teamMailboxes) {
        addOnServer();
        return;
    }
    const std::optional<Mailbox> mailbox = m_channels.check(input());
    if (!mailbox) {
        showProblem(m_channels.errorString());
        Q_EMIT attempted(false);
        return;
    }
    if (!m_inKeychain->isChecked()) {
        finishAdd({});
        return;
    }
    const QByteArray password = m_password->text().toUtf8();
    if (password.isEmpty()) {
        showProblem(tr("Type the mailbox's password, or choose a password file."));
        m_password->setFocus();
        Q_EMIT attempted(false);
        return;
    }
    setBusy(true);
    showProblem({});
    m_message->setText(tr("Putting the password in the keychain…"));
    // The keychain may take seconds or wait for the user to unlock it: never on the UI thread.
    QPointer<MailboxDialog> self(this);
    QThread *saving = QThread::create([self, box = *mailbox, password] {
        QString error;
        const bool stored = MailPasswords::store(box, password, &error);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, stored, error] {
            if (self)
                self->finishAdd(stored ? QString() : (error.isEmpty() ? tr("The keychain failed.") : error));
        });
    });
    connect(saving, &QThread::finished, saving, &QObject::deleteLater);
    saving->start();
}

void MailboxDialog::addOnServer()
{
    if (!m_channels.checkAllowed()) {
        showProblem(m_channels.errorString());
        Q_EMIT attempted(false);
        return;
    }
    if (m_teamMailboxes->busy()) {
        showProblem(tr("The server is still answering the last change; try again in a moment."));
        Q_EMIT attempted(false);
        return;
    }
    const QString team = m_team->currentData().toLongLong() == 0 ? QString() : m_team->currentText();
    setBusy(true);
    showProblem({});
    m_message->setText(tr("Adding the mailbox on the server…"));
    // Answered by added or failed, connected in the constructor; a wrong field fails at once.
    m_teamMailboxes->add(input(), team);
}

void MailboxDialog::finishAdd(const QString &keychainProblem)
{
    setBusy(false);
    if (!keychainProblem.isEmpty()) {
        showProblem(keychainProblem);
        Q_EMIT attempted(false);
        return;
    }
    const auto id = m_channels.add(input());
    if (!id) {
        showProblem(m_channels.errorString());
        Q_EMIT attempted(false);
        return;
    }
    m_addedId = *id;
    showProblem({});
    Q_EMIT attempted(true);
    accept();
}
