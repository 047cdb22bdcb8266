#include "backupsdialog.h"

#include "backupservice.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString kindText(BackupInfo::Kind kind)
{
    switch (kind) {
    case BackupInfo::Kind::Daily:
        return BackupsDialog::tr("Daily");
    case BackupInfo::Kind::BeforeMigration:
        return BackupsDialog::tr("Before an update");
    case BackupInfo::Kind::Manual:
        return BackupsDialog::tr("By hand");
    }
    return {};
}

} // namespace

BackupsDialog::BackupsDialog(BackupService &backups, QWidget *parent)
    : QDialog(parent)
    , m_backups(backups)
    , m_list(new QTreeWidget(this))
    , m_folder(new QLabel(this))
    , m_status(new QLabel(this))
    , m_restore(new QPushButton(tr("&Restore…"), this))
{
    setObjectName(u"backupsDialog"_s);
    setWindowTitle(tr("Backups"));
    m_folder->setObjectName(u"folderLabel"_s);
    m_folder->setWordWrap(true);
    m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folder->setText(tr("Copies of this store are kept in %1: one a day while Deskline runs, and one before "
                         "each update of the store's format.")
                          .arg(QDir::toNativeSeparators(backups.folder())));
    m_list->setObjectName(u"backupList"_s);
    m_list->setAccessibleName(tr("Backups"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("Taken"), tr("Kind"), tr("Tickets"), tr("Size"), tr("State")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_status->setObjectName(u"statusLabel"_s);
    m_status->setWordWrap(true);
    m_restore->setObjectName(u"restoreButton"_s);
    m_restore->setAccessibleName(tr("Restore the chosen backup"));
    m_restore->setEnabled(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_restore, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        if (restoreSelected())
            accept();
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &BackupsDialog::updateButtons);
    connect(&m_backups, &BackupService::listed, this, &BackupsDialog::showBackups);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_folder);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(720, 380);

    m_status->setText(tr("Reading the backups…"));
    m_backups.refresh();
}

void BackupsDialog::showBackups(const QList<BackupInfo> &backups)
{
    m_shown = backups;
    m_list->clear();
    const QLocale locale;
    for (const BackupInfo &backup : backups) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, locale.toString(backup.takenAt.toLocalTime(), QLocale::ShortFormat));
        item->setText(1, kindText(backup.kind));
        item->setText(2, backup.usable() ? locale.toString(backup.tickets) : QString());
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(3, locale.formattedDataSize(backup.bytes, 1));
        item->setText(4, backup.usable() ? tr("Can be restored") : tr("Cannot be restored: %1").arg(backup.problem));
        item->setToolTip(4, backup.usable() ? QDir::toNativeSeparators(backup.path)
                                            : u"%1\n%2"_s.arg(backup.problem, QDir::toNativeSeparators(backup.path)));
        item->setData(0, Qt::AccessibleTextRole, tr("%1, %2, %3").arg(item->text(0), item->text(1), item->text(4)));
        if (!backup.usable())
            item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
    }
    m_status->setText(backups.isEmpty() ? tr("There are no backups yet: the first is taken within minutes of "
                                             "starting Deskline.")
                                        : tr("%n backup(s).", nullptr, int(backups.size())));
    updateButtons();
}

std::optional<BackupInfo> BackupsDialog::selected() const
{
    const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
    if (row < 0 || row >= m_shown.size() || !m_list->currentItem()->isSelected() || !m_shown.at(row).usable())
        return std::nullopt;
    return m_shown.at(row);
}

void BackupsDialog::updateButtons()
{
    m_restore->setEnabled(selected().has_value());
}

bool BackupsDialog::selectNewestUsable()
{
    for (int row = 0; row < m_shown.size(); ++row) {
        if (m_shown.at(row).usable()) {
            m_list->setCurrentItem(m_list->topLevelItem(row));
            return true;
        }
    }
    return false;
}

bool BackupsDialog::restoreSelected()
{
    const std::optional<BackupInfo> backup = selected();
    if (!backup)
        return false;
    QMessageBox question(QMessageBox::Warning, tr("Restore this backup?"), m_backups.lossDescription(*backup),
                         QMessageBox::Cancel, this);
    question.setObjectName(u"restoreQuestion"_s);
    QPushButton *restore = question.addButton(tr("&Restore and reopen"), QMessageBox::DestructiveRole);
    question.setDefaultButton(QMessageBox::Cancel);
    question.exec();
    if (question.clickedButton() != restore)
        return false;
    if (!m_backups.requestRestore(*backup)) {
        m_status->setText(m_backups.errorString());
        return false;
    }
    return true;
}
