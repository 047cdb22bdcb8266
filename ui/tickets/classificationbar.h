#pragma once

#include "ticketclassifier.h"

#include <QFrame>
#include <QSet>

class Desk;
class QLabel;
class QPushButton;

// Above a new ticket: what the classification rules suggest and why, for the agent to apply
// or dismiss. Hidden when the rules have nothing to add.
class ClassificationBar : public QFrame
{
    Q_OBJECT

public:
    explicit ClassificationBar(Desk &desk, QWidget *parent = nullptr);

    void setTicket(qint64 ticketId);
    // Reads the suggestion again (the ticket or the rules changed).
    void refresh();
    const ClassificationSuggestion &suggestion() const { return m_suggestion; }
    QLabel *textLabel() const { return m_text; }
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *dismissButton() const { return m_dismiss; }

Q_SIGNALS:
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    Desk &m_desk;
    qint64 m_ticketId = 0;
    ClassificationSuggestion m_suggestion;
    QSet<qint64> m_dismissed; // for this session: a dismissed ticket is the agent's call
    QLabel *m_text;
    QPushButton *m_apply;
    QPushButton *m_dismiss;
};
