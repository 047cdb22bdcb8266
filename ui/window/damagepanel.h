#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

// What the window shows in place of its panes once the store is found damaged: what happened in
// plain words, that nothing more is saved, and the ways out (restore the newest good backup,
// export first the tickets that can still be read). The panes would show whatever rows could
// still be read, which looks like lost work rather than a damaged file.
class DamagePanel : public QFrame
{
    Q_OBJECT

public:
    explicit DamagePanel(QWidget *parent = nullptr);

    void setProblem(const QString &storePath, const QString &problem);
    // A team desk's store is a copy of the server's: it is made again from there instead.
    void setTeamMode(bool team);
    QPushButton *rebuildButton() const { return m_rebuild; }
    QLabel *textLabel() const { return m_text; }
    // What came of the export (or the restore's question), under the buttons.
    QLabel *statusLabel() const { return m_status; }
    void setStatus(const QString &text);
    QPushButton *restoreButton() const { return m_restore; }
    QPushButton *exportButton() const { return m_export; }

Q_SIGNALS:
    void restoreWanted();
    void exportWanted();
    void rebuildWanted();

private:
    QLabel *m_title;
    QLabel *m_text;
    QPushButton *m_restore;
    QPushButton *m_export;
    QPushButton *m_rebuild;
    QLabel *m_status;
    bool m_team = false;
};
