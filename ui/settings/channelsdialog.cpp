#include "channelsdialog.h"

#include "desk.h"
#include "mailboxdialog.h"
#include "mailpasswords.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
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
    : QDialog(parent)
    , m_desk(desk)
    , m_channels(desk.store())
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
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2);
    m_test->setToolTip(tr("Connect to the mailbox's IMAP and SMTP servers and say what fails, sending nothing."));

    auto *intro = new QLabel(tr("Mail sent to these mailboxes becomes tickets, and replies to it go out through "
                                "them while Deskline is open."),
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

void ChannelsDialog::reload(qint64 selectId)
{
    const qint64 keep = selectId ? selectId : currentMailboxId();
    m_list->clear();
    for (const Mailbox &mailbox : m_channels.mailboxes()) {
        const QString queue = mailbox.teamId ? m_channels.teamName(mailbox.teamId) : tr("Default");
        auto *item = new QTreeWidgetItem(m_list, {mailbox.name, mailbox.address, mailbox.imapUrl, mailbox.smtpUrl,
                                                  queue, ChannelService::passwordPlace(mailbox)});
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
    if (!selectMailbox(keep) && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

void ChannelsDialog::updateButtons()
{
    const bool selected = currentMailboxId() != 0;
    m_add->setEnabled(m_channels.canChange());
    m_remove->setEnabled(selected && m_channels.canChange());
    m_test->setEnabled(selected && m_testing == 0);
}

void ChannelsDialog::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(problem ? u"color: #b3261e;"_s : QString());
}

bool ChannelsDialog::addMailbox()
{
    if (!m_channels.checkAllowed()) {
        showMessage(m_channels.errorString(), true);
        return false;
    }
    MailboxDialog form(m_desk, this);
    if (form.exec() != QDialog::Accepted || form.addedMailboxId() == 0)
        return false;
    reload(form.addedMailboxId());
    showMessage(tr("Mailbox \"%1\" added. Test it to see that both servers take its password.")
                    .arg(m_list->currentItem() ? m_list->currentItem()->text(NameColumn) : QString()),
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
    std::optional<Mailbox> removed;
    for (const Mailbox &mailbox : m_channels.mailboxes()) {
        if (mailbox.id == mailboxId)
            removed = mailbox;
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
    const qint64 id = currentMailboxId();
    if (id == 0 || m_testing != 0)
        return;
    std::optional<Mailbox> mailbox;
    for (const Mailbox &m : m_channels.mailboxes()) {
        if (m.id == id)
            mailbox = m;
    }
    if (!mailbox)
        return;
    m_testing = id;
    updateButtons();
    showMessage(tr("Testing \"%1\"…").arg(mailbox->name), false);
    // The keychain and both servers can take seconds each: never on the UI thread.
    QPointer<ChannelsDialog> self(this);
    QThread *check = QThread::create([self, box = *mailbox] {
        QString error;
        const auto password = MailPasswords::read(box, &error);
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
