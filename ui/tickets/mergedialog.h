#pragma once

#include "mergeservice.h"

#include <QDialog>

class Desk;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;

// Merges a duplicate into the ticket where the case goes on: the customer's other open tickets
// are offered, any other is found by its number. What will happen, or why it cannot, is shown
// before anything is written.
class MergeDialog : public QDialog
{
    Q_OBJECT

public:
    MergeDialog(Desk &desk, qint64 duplicateId, QWidget *parent = nullptr);

    QListWidget *candidateList() const { return m_candidates; }
    QLineEdit *numberField() const { return m_number; }
    QLabel *previewLabel() const { return m_preview; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    qint64 targetId() const { return m_targetId; }

    void accept() override;

private:
    void fillCandidates();
    void chooseNumber(const QString &text);
    void choose(qint64 ticketId);

    Desk &m_desk;
    MergeService m_merges;
    qint64 m_duplicateId;
    qint64 m_targetId = 0;
    QListWidget *m_candidates;
    QLineEdit *m_number;
    QLabel *m_preview;
    QDialogButtonBox *m_buttons;
};
