#pragma once

#include "mergeservice.h"

#include <QFrame>

class Desk;
class QLabel;
class QPushButton;

// Over a ticket merged into another: where the case went on, and the way to undo the merge.
class MergeBar : public QFrame
{
    Q_OBJECT

public:
    explicit MergeBar(Desk &desk, QWidget *parent = nullptr);

    void setTicket(qint64 ticketId);
    bool undo();
    QLabel *textLabel() const { return m_text; }
    QPushButton *undoButton() const { return m_undo; }

Q_SIGNALS:
    void ticketActivated(qint64 ticketId);
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    Desk &m_desk;
    MergeService m_merges;
    qint64 m_ticketId = 0;
    QLabel *m_text;
    QPushButton *m_undo;
};
