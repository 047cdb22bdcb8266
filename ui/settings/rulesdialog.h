#pragma once

#include "classificationrule.h"

#include <QDialog>

class Desk;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

// Tools > Classification rules: the rules that suggest a new ticket's category, priority,
// tags and team, in the order they are tried, with a box to try them on a sample text.
// Supervisors and administrators edit; agents read and try.
class RulesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RulesDialog(Desk &desk, QWidget *parent = nullptr);

    QListWidget *ruleList() const { return m_list; }
    QLineEdit *nameField() const { return m_name; }
    QPlainTextEdit *phrasesField() const { return m_phrases; }
    QComboBox *channelBox() const { return m_channel; }
    QComboBox *accountBox() const { return m_account; }
    QComboBox *categoryBox() const { return m_category; }
    QComboBox *priorityBox() const { return m_priority; }
    QLineEdit *tagsField() const { return m_tags; }
    QComboBox *teamBox() const { return m_team; }
    QCheckBox *enabledBox() const { return m_enabled; }
    QLineEdit *sampleField() const { return m_sample; }
    QLabel *sampleResult() const { return m_sampleResult; }
    QLabel *errorLabel() const { return m_error; }
    bool canEdit() const { return m_canEdit; }

    void newRule();
    bool saveRule();
    bool removeRule();
    bool moveRule(int direction);

private:
    void reload(qint64 selectId);
    void showRule(int row);
    ClassificationRule ruleFromForm() const;
    void trySample();
    void showError(const QString &message);

    Desk &m_desk;
    bool m_canEdit = false;
    QList<ClassificationRule> m_rules;
    qint64 m_editingId = 0;
    QListWidget *m_list;
    QLineEdit *m_name;
    QPlainTextEdit *m_phrases;
    QComboBox *m_channel;
    QComboBox *m_account;
    QComboBox *m_category;
    QComboBox *m_priority;
    QLineEdit *m_tags;
    QComboBox *m_team;
    QCheckBox *m_enabled;
    QLineEdit *m_sample;
    QLabel *m_sampleResult;
    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_new;
};
