#pragma once

#include "escalationservice.h"

#include <QFrame>

class Desk;
class QLabel;
class QPushButton;

// Over an escalated ticket: who escalated it to which tier and why, and the receiver's way
// to hand it back with a note.
class EscalationBar : public QFrame
{
    Q_OBJECT

public:
    explicit EscalationBar(Desk &desk, QWidget *parent = nullptr);

    void setTicket(qint64 ticketId);
    void refresh();
    // Hands the ticket back with this note; false (and errorOccurred) when refused.
    bool handBack(const QString &note);
    QLabel *textLabel() const { return m_text; }
    QPushButton *handBackButton() const { return m_handBack; }

Q_SIGNALS:
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void askForNote();

    Desk &m_desk;
    EscalationService m_escalations;
    qint64 m_ticketId = 0;
    QLabel *m_text;
    QPushButton *m_handBack;
};
