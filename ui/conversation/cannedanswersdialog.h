#pragma once

#include "cannedanswerservice.h"

#include <QDialog>

class Desk;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

// Edits the team's canned answers: the texts the composer inserts at the cursor.
class CannedAnswersDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CannedAnswersDialog(Desk &desk, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    QLineEdit *titleField() const { return m_title; }
    QPlainTextEdit *bodyField() const { return m_body; }
    bool saveCurrent();
    void addNew();
    void removeCurrent();

private:
    void reload(qint64 selectId = 0);
    void showCurrent();

    CannedAnswerService m_answers;
    QListWidget *m_list;
    QLineEdit *m_title;
    QPlainTextEdit *m_body;
    QComboBox *m_language;
    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_remove;
};
