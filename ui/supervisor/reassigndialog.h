#pragma once

#include <QDialog>

class Desk;
class QComboBox;
class QLabel;

// A supervisor gives the selected tickets to another agent at once. The agents are offered with
// their team and how many open tickets they hold against their capacity.
class ReassignDialog : public QDialog
{
    Q_OBJECT

public:
    ReassignDialog(Desk &desk, const QList<qint64> &ticketIds, QWidget *parent = nullptr);

    QComboBox *agentBox() const { return m_agent; }
    QLabel *errorLabel() const { return m_error; }

    void accept() override;

private:
    Desk &m_desk;
    QList<qint64> m_tickets;
    QComboBox *m_agent;
    QLabel *m_error;
};
