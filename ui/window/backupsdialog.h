#pragma once

#include "backupinfo.h"

#include <QDialog>

#include <optional>

class BackupService;
class QLabel;
class QPushButton;
class QTreeWidget;

// File → Backups…: the store's copies with their dates, kinds and ticket counts (read by the
// service off the window's thread), and Restore…, which first names what will be lost. A copy
// that cannot be restored (damaged, another program's, newer) is listed with the reason and
// cannot be chosen.
class BackupsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit BackupsDialog(BackupService &backups, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    QPushButton *restoreButton() const { return m_restore; }
    QLabel *statusLabel() const { return m_status; }
    // Selects the newest copy that can be restored (false when there is none).
    bool selectNewestUsable();
    // Asks (a question naming what will be lost) and hands the copy to the service; true when
    // the program was asked to restore it.
    bool restoreSelected();

private:
    void showBackups(const QList<BackupInfo> &backups);
    void updateButtons();
    std::optional<BackupInfo> selected() const;

    BackupService &m_backups;
    QTreeWidget *m_list;
    QLabel *m_folder;
    QLabel *m_status;
    QPushButton *m_restore;
    QList<BackupInfo> m_shown;
};
