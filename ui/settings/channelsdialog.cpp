#include "channelsdialog.h"

#include "desk.h"
#include "mailboxdialog.h"
#include "mailpasswords.h"
#include "teammailboxes.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr int IdRole = Qt::UserRole;
}

ChannelsDialog::ChannelsDialog(Desk &desk, QWidget *parent)
    : ChannelsDialog(desk, nullptr, parent)
{}

ChannelsDialog::ChannelsDialog(Desk &desk, TeamMailboxes *team, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_channels(desk.store())
    , m_teamMailboxes(team)
    , m_list(new QTreeWidget(this))
    , m_message(new QLabel(this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_test(new QPushButton(tr("&Test"), this))
{
    setWindowTitle(tr("Channels"));
    m_list->setObjectName(u"mailboxList"_s);
    m_message->setObjectName(u"channelsMessage"_s);
    m_add->setObjectName(u"addMailbox"_s);
    m_remove->setObjectName(u"removeMailbox"_s);
    m_test->setObjectName(u"testMailbox"_s);

    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Name"), tr("Address"), tr("IMAP"), tr("SMTP"), tr("Queue"), tr("Password")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setStretchLastSection(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 3); // a test: title, IMAP, SMTP
    m_test->setToolTip(tr("Connect to the mailbox's IMAP and SMTP servers and say what fails, sending nothing."));

    auto *intro = new QLabel(team ? tr("Mail sent to these mailboxes becomes the team's tickets: the gateway beside "
                                       "the server reads them and sends the replies. The files named are on the "
                                       "gateway's machine.")
                                  : tr("Mail sent to these mailboxes becomes tickets, and replies to it go out "
                                       "through them while Deskline is open."),
                             this);
    intro->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_test);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_list, &QTreeWidget::currentItemChanged, this, &ChannelsDialog::updateButtons);
    connect(m_add, &QPushButton::clicked, this, &ChannelsDialog::addMailbox);
    connect(m_remove, &QPushButton::clicked, this, &ChannelsDialog::askToRemoveCurrent);
    connect(m_test, &QPushButton::clicked, this, &ChannelsDialog::testCurrent);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (m_teamMailboxes)
        connectTeam();
    reload();
    if (!m_channels.checkAllowed())
        showMessage(m_channels.errorString(), false);
    resize(QSize(1080, 420));
}

QString ChannelsDialog::messageText() const
{
    return m_message->text();
}

qint64 ChannelsDialog::currentMailboxId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(NameColumn, IdRole).toLongLong() : 0;
}

bool ChannelsDialog::selectMailbox(qint64 mailboxId)
{
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_list->topLevelItem(row);
        if (item->data(NameColumn, IdRole).toLongLong() == mailboxId) {
            m_list->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

void ChannelsDialog::connectTeam()
{
    connect(m_teamMailboxes, &TeamMailboxes::listed, this, [this](const QList<ServerMailboxes::Listed> &fromServer) {
        QList<Mailbox> mailboxes;
        QStringList queues;
        for (const ServerMailboxes::Listed &one : fromServer) {
            mailboxes.append(one.mailbox);
            queues.append(one.team.isEmpty() ? tr("Default") : one.team);
        }
        fill(mailboxes, queues, m_selectAfterList);
        m_selectAfterList = 0;
        Q_EMIT listed();
    });
    connect(m_teamMailboxes, &TeamMailboxes::removed, this, [this](const QString &name) {
        showMessage(tr("Mailbox \"%1\" removed.").arg(name), false);
        reload();
        Q_EMIT mailboxesChanged();
    });
    // The add form shows its own failures.
    connect(m_teamMailboxes, &TeamMailboxes::failed, this, [this](const QString &problem) {
        if (m_formOpen)
            return;
        showMessage(problem, true);
        updateButtons();
    });
}

void ChannelsDialog::reload(qint64 selectId)
{
    const qint64 keep = selectId ? selectId : currentMailboxId();
    if (m_teamMailboxes) {
        if (m_teamMailboxes->busy())
            return;
        m_selectAfterList = keep;
        m_teamMailboxes->refresh();
        updateButtons();
        return;
    }
    const QList<Mailbox> mailboxes = m_channels.mailboxes();
    QStringList queues;
    for (const Mailbox &mailbox : mailboxes)
        queues.append(mailbox.teamId ? m_channels.teamName(mailbox.teamId) : tr("Default"));
    fill(mailboxes, queues, keep);
}

void ChannelsDialog::fill(const QList<Mailbox> &mailboxes, const QStringList &queues, qint64 selectId)
{
    m_shown = mailboxes;
    m_list->clear();
    for (qsizetype i = 0; i < mailboxes.size(); ++i) {
        const Mailbox &mailbox = mailboxes[i];
        auto *item = new QTreeWidgetItem(m_list, {mailbox.name, mailbox.address, mailbox.imapUrl, mailbox.smtpUrl,
                                                  queues.value(i), ChannelService::passwordPlace(mailbox)});
        item->setData(NameColumn, IdRole, mailbox.id);
        for (int column = 0; column < ColumnCount; ++column)
            item->setToolTip(column, item->text(column));
    }
    // The URLs are long: capped, so that the queue and the password show too (the tooltip has all).
    const int urlWidth = m_list->fontMetrics().averageCharWidth() * 36;
    for (int column = 0; column < ColumnCount - 1; ++column) {
        m_list->resizeColumnToContents(column);
        const int wanted = m_list->columnWidth(column) + m_list->fontMetrics().averageCharWidth() * 2;
        const bool url = column == ImapColumn || column == SmtpColumn;
        m_list->setColumnWidth(column, url ? std::min(wanted, urlWidth) : wanted);
    }
    if (!selectMailbox(selectId) && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

std::optional<Mailbox> ChannelsDialog::mailbox(qint64 mailboxId) const
{
    for (const Mailbox &shown : m_shown) {
        if (shown.id == mailboxId)
            return shown;
    }
    return std::nullopt;
}

void ChannelsDialog::updateButtons()
{
    const bool selected = currentMailboxId() != 0;
    const bool idle = !m_teamMailboxes || !m_teamMailboxes->busy();
    m_add->setEnabled(m_channels.canChange() && idle);
    m_remove->setEnabled(selected && m_channels.canChange() && idle);
    m_test->setEnabled(selected && m_testing == 0);
}

void ChannelsDialog::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_problem = problem;
    m_message->setStyleSheet(problem ? u"color: #b3261e;"_s : QString());
}

bool ChannelsDialog::addMailbox()
{
    if (!m_channels.checkAllowed()) {
        showMessage(m_channels.errorString(), true);
        return false;
    }
    MailboxDialog form(m_desk, m_teamMailboxes, this);
    m_formOpen = true;
    const bool added = form.exec() == QDialog::Accepted && form.addedMailboxId() != 0;
    m_formOpen = false;
    if (!added)
        return false;
    reload(form.addedMailboxId());
    showMessage(tr("Mailbox \"%1\" added. Test it to see that both servers take its password.")
                    .arg(form.nameField()->text().trimmed()),
                false);
    Q_EMIT mailboxesChanged();
    return true;
}

void ChannelsDialog::askToRemoveCurrent()
{
    const qint64 id = currentMailboxId();
    if (id == 0)
        return;
    const QString name = m_list->currentItem()->text(NameColumn);
    if (QMessageBox::question(this, tr("Remove mailbox"),
                              tr("Remove the mailbox \"%1\"? Its tickets and mails stay; replies not yet sent from "
                                 "it are shown as not delivered.")
                                  .arg(name)) != QMessageBox::Yes)
        return;
    removeMailbox(id);
}

bool ChannelsDialog::removeMailbox(qint64 mailboxId)
{
    const std::optional<Mailbox> removed = mailbox(mailboxId);
    if (m_teamMailboxes) {
        if (!removed || !m_channels.checkAllowed() || m_teamMailboxes->busy())
            return false;
        showMessage(tr("Removing \"%1\" on the server…").arg(removed->name), false);
        m_teamMailboxes->remove(removed->name);
        updateButtons();
        return true;
    }
    if (!m_channels.remove(mailboxId)) {
        showMessage(m_channels.errorString(), true);
        return false;
    }
    if (removed && removed->passwordFile.isEmpty()) {
        // The keychain blocks; nothing waits for it, and a failure leaves only an unused entry.
        QThread *forgetting = QThread::create([box = *removed] {
            QString error;
            MailPasswords::forget(box, &error);
        });
        connect(forgetting, &QThread::finished, forgetting, &QObject::deleteLater);
        forgetting->start();
    }
    reload();
    showMessage(tr("Mailbox \"%1\" removed.").arg(removed ? removed->name : QString()), false);
    Q_EMIT mailboxesChanged();
    return true;
}

void ChannelsDialog::testCurrent()
{
    const std::optional<Mailbox> box = mailbox(currentMailboxId());
    if (!box || m_testing != 0)
        return;
    if (!m_teamMailboxes) {
        startCheck(*box, std::nullopt);
        return;
    }
    bool ok = false;
    const QString password = QInputDialog::getText(
        this, tr("Test \"%1\"").arg(box->name),
        tr("The password is on the gateway's machine. Type it to test from this desk; it is used for this test only "
           "and not kept:"),
        QLineEdit::Password, QString(), &ok);
    if (ok && !password.isEmpty())
        testCurrentWith(password.toUtf8());
}

void ChannelsDialog::testCurrentWith(const QByteArray &password)
{
    const std::optional<Mailbox> box = mailbox(currentMailboxId());
    if (box && m_testing == 0)
        startCheck(*box, password);
}

void ChannelsDialog::startCheck(const Mailbox &mailbox, std::optional<QByteArray> password)
{
    m_testing = mailbox.id;
    updateButtons();
    showMessage(tr("Testing \"%1\"…").arg(mailbox.name), false);
    // The keychain and both servers can take seconds each: never on the UI thread.
    QPointer<ChannelsDialog> self(this);
    QThread *check = QThread::create([self, box = mailbox, given = std::move(password)] {
        QString error;
        const auto password = given ? given : MailPasswords::read(box, &error);
        const MailboxCheck::Report report = password ? MailboxCheck::run(box, *password) : MailboxCheck::Report{};
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, box, error, password, report] {
            if (self)
                self->finishCheck(box.id, box.name, password ? QString() : error, report);
        });
    });
    connect(check, &QThread::finished, check, &QObject::deleteLater);
    check->start();
}

void ChannelsDialog::finishCheck(qint64 mailboxId, const QString &name, const QString &passwordProblem,
                                 const MailboxCheck::Report &report)
{
    m_testing = 0;
    updateButtons();
    if (!passwordProblem.isEmpty()) {
        showMessage(tr("%1: %2").arg(name, passwordProblem), true);
        Q_EMIT checkFinished(mailboxId, false);
        return;
    }
    showCheck(name, report);
    Q_EMIT checkFinished(mailboxId, report.ok());
}

void ChannelsDialog::showCheck(const QString &mailboxName, const MailboxCheck::Report &report)
{
    const QString imap = report.imap.ok ? tr("IMAP: ok, %n message(s) in the folder", nullptr, int(report.messages))
                                        : tr("IMAP: %1").arg(report.imap.problem);
    const QString smtp = report.smtp.ok ? tr("SMTP: ok") : tr("SMTP: %1").arg(report.smtp.problem);
    showMessage(tr("Test of \"%1\":\n%2\n%3").arg(mailboxName, imap, smtp), !report.ok());
}
