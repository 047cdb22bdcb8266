#pragma once

#include "escalation.h"
#include "escalationservice.h"

#include <QDialog>

class Desk;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;

// Hands a ticket up: to the next tier of specialists (a team, optionally a person in it) or to
// a supervisor, with a required reason, a summary, the facts collected so far (pre-filled from
// the customer's records) and the urgency.
class EscalationDialog : public QDialog
{
    Q_OBJECT

public:
    EscalationDialog(Desk &desk, qint64 ticketId, QWidget *parent = nullptr);

    QRadioButton *functionalButton() const { return m_functional; }
    QRadioButton *hierarchicalButton() const { return m_hierarchical; }
    QComboBox *teamBox() const { return m_team; }
    QComboBox *personBox() const { return m_person; }
    QLineEdit *reasonField() const { return m_reason; }
    QPlainTextEdit *summaryField() const { return m_summary; }
    QCheckBox *factBox(const QString &key) const;
    QLineEdit *factField(const QString &key) const;
    QComboBox *urgencyBox() const { return m_urgency; }
    QLabel *errorLabel() const { return m_error; }
    qint64 escalationId() const { return m_escalationId; }

    void accept() override;

private:
    void fillTargets();
    void fillPeople();

    struct FactRow {
        QString key;
        QCheckBox *box = nullptr;
        QLineEdit *value = nullptr;
    };

    Desk &m_desk;
    EscalationService m_escalations;
    qint64 m_ticketId;
    QRadioButton *m_functional;
    QRadioButton *m_hierarchical;
    QComboBox *m_team;
    QComboBox *m_person;
    QLineEdit *m_reason;
    QPlainTextEdit *m_summary;
    QList<FactRow> m_facts;
    QComboBox *m_urgency;
    QLabel *m_error;
    qint64 m_escalationId = 0;
};
