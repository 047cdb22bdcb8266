#pragma once

#include "survey.h"
#include "surveyservice.h"

#include <QDialog>

class Desk;
class QAbstractButton;
class QButtonGroup;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

// Solving a ticket: first whether the customer confirms the problem is gone (yes, partly,
// no), then their satisfaction: asked now on the phone or in the chat, a survey message sent
// later for email and social media, or skipped with a reason. "No" keeps the ticket open.
class ResolveDialog : public QDialog
{
    Q_OBJECT

public:
    // exec()'s result when the customer said "no": neither solved nor cancelled.
    static constexpr int KeptOpen = 2;

    ResolveDialog(Desk &desk, qint64 ticketId, QWidget *parent = nullptr);

    QRadioButton *resolutionButton(Resolution resolution) const;
    QRadioButton *modeButton(SurveyMode mode) const;
    QAbstractButton *scoreButton(int score) const; // 1 to 5
    QPlainTextEdit *commentField() const { return m_comment; }
    QLineEdit *skipReasonField() const { return m_skipReason; }
    QLabel *queuedNote() const { return m_queuedNote; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *okButton() const { return m_ok; }

    void accept() override;

private:
    void updateState();
    Resolution resolution() const;
    SurveyMode mode() const;

    SurveyService m_surveys;
    qint64 m_ticketId;
    QButtonGroup *m_resolutions;
    QButtonGroup *m_modes;
    QButtonGroup *m_scores;
    QGroupBox *m_surveyBox;
    QPlainTextEdit *m_comment;
    QLineEdit *m_skipReason;
    QLabel *m_queuedNote;
    QLabel *m_error;
    QPushButton *m_ok;
};
