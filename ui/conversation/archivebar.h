#pragma once

#include "archiveservice.h"

#include <QFrame>

class Desk;
class QLabel;
class QPushButton;

// Over an archived ticket: that it is archived and read-only, and for supervisors a way back.
class ArchiveBar : public QFrame
{
    Q_OBJECT

public:
    explicit ArchiveBar(Desk &desk, QWidget *parent = nullptr);

    void setTicket(qint64 ticketId);
    bool restore();
    QLabel *textLabel() const { return m_text; }
    QPushButton *restoreButton() const { return m_restore; }

Q_SIGNALS:
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    Desk &m_desk;
    ArchiveService m_archives;
    qint64 m_ticketId = 0;
    QLabel *m_text;
    QPushButton *m_restore;
};
