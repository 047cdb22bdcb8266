#pragma once

#include "syncstatus.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

// The status bar's team-mode corner: online / offline / syncing, how many changes wait to
// go up, when the desk last synced, the initial copy's progress, and a button to the
// changes the server refused.
class SyncStatusWidget : public QWidget
{
    Q_OBJECT

public:
    explicit SyncStatusWidget(QWidget *parent = nullptr);

    void setStatus(const SyncStatus &status);
    void setInitialProgress(qint64 done, qint64 total);
    QString text() const;

Q_SIGNALS:
    void issuesRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    SyncStatus m_status;
    QLabel *m_dot;
    QLabel *m_text;
    QProgressBar *m_progress;
    QToolButton *m_issues;
};
