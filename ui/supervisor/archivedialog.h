#pragma once

#include "archiverun.h"
#include "archiveselection.h"
#include "archiveservice.h"
#include "ticketfilter.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class Desk;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

// Tools > Archive: closed tickets by age since closing, team and category; a preview of how
// many; export to JSON Lines or CSV; archiving in batches with progress and Cancel; and a
// purge of archived tickets older than a retention period, only of what was exported.
class ArchiveDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ArchiveDialog(Desk &desk, QWidget *parent = nullptr);

    QSpinBox *ageBox() const { return m_age; }
    QComboBox *teamBox() const { return m_team; }
    QComboBox *categoryBox() const { return m_category; }
    QComboBox *viewBox() const { return m_view; }
    QLabel *countLabel() const { return m_count; }
    QPushButton *archiveButton() const { return m_archive; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QSpinBox *retentionBox() const { return m_retention; }
    QLabel *purgeLabel() const { return m_purgeCount; }
    QPushButton *purgeButton() const { return m_purge; }
    QLabel *statusLabel() const { return m_status; }
    ArchiveRun *run() const { return m_run; }

    ArchiveSelection selection() const;
    // Writes the selection to path (.csv: CSV, anything else: JSON Lines); false with the
    // reason shown.
    bool exportTo(const QString &path);
    // Starts archiving the selection; progress and the outcome show in the dialog.
    bool startArchive();
    // Deletes what the purge box counts; askFirst shows a confirmation.
    bool purge(bool askFirst = true);

protected:
    void reject() override;

private:
    void refreshCounts();
    void showStatus(const QString &text, bool error = false);
    void setRunning(bool running);

    Desk &m_desk;
    ArchiveService m_archives;
    QSpinBox *m_age;
    QComboBox *m_team;
    QComboBox *m_category;
    QComboBox *m_view;
    QHash<qint64, TicketFilter> m_viewFilters; // the saved views offered, by id
    QLabel *m_count;
    QPushButton *m_export;
    QPushButton *m_archive;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QSpinBox *m_retention;
    QLabel *m_purgeCount;
    QPushButton *m_purge;
    QLabel *m_status;
    QPointer<ArchiveRun> m_run;
};
