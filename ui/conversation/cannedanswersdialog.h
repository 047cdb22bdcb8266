#pragma once

#include "cannedanswerservice.h"

#include <QDialog>

class Desk;
class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

// Edits the team's canned answers: the texts the composer inserts at the cursor, and whether one
// is published as an article of the chat page's FAQ, with its title and text in Chinese and
// English (a supervisor's decision in team mode; CannedAnswerService refuses it to others).
class CannedAnswersDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CannedAnswersDialog(Desk &desk, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    QLineEdit *titleField() const { return m_title; }
    QPlainTextEdit *bodyField() const { return m_body; }
    QCheckBox *publicField() const { return m_public; }
    QLineEdit *chineseTitleField() const { return m_titleZh; }
    QPlainTextEdit *chineseBodyField() const { return m_bodyZh; }
    QLineEdit *englishTitleField() const { return m_titleEn; }
    QPlainTextEdit *englishBodyField() const { return m_bodyEn; }
    bool saveCurrent();
    void addNew();
    void removeCurrent();

private:
    void reload(qint64 selectId = 0);
    void showCurrent();

    CannedAnswer current() const;

    CannedAnswerService m_answers;
    QList<CannedAnswer> m_loaded;
    QListWidget *m_list;
    QLineEdit *m_title;
    QPlainTextEdit *m_body;
    QComboBox *m_language;
    QCheckBox *m_public;
    QGroupBox *m_article;
    QLineEdit *m_titleZh;
    QPlainTextEdit *m_bodyZh;
    QLineEdit *m_titleEn;
    QPlainTextEdit *m_bodyEn;
    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_remove;
};
