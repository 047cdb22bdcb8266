#pragma once

#include "customer.h"
#include "ticketclassifier.h"

#include <QDialog>

class Desk;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

// Logging a call (or any request that did not arrive by itself): find the caller by
// phone, email, username or order number, or create them, then record the ticket.
class NewTicketDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewTicketDialog(Desk &desk, QWidget *parent = nullptr);

    QLineEdit *lookupField() const { return m_lookup; }
    QListWidget *results() const { return m_results; }
    QLineEdit *subjectField() const { return m_subject; }
    QPlainTextEdit *descriptionField() const { return m_description; }
    QGroupBox *newCustomerBox() const { return m_newCustomer; }
    QLineEdit *newNameField() const { return m_newName; }
    QLineEdit *newPhoneField() const { return m_newPhone; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *suggestionLabel() const { return m_suggestion; }
    QComboBox *categoryBox() const { return m_category; }
    QComboBox *priorityBox() const { return m_priority; }
    QComboBox *channelBox() const { return m_channel; }
    qint64 createdTicketId() const { return m_createdTicketId; }
    qint64 selectedCustomerId() const;
    void setCaller(const QString &lookup);

    void accept() override;

private:
    void lookup();
    void updateState();
    void classify();

    Desk &m_desk;
    QLineEdit *m_lookup;
    QListWidget *m_results;
    QGroupBox *m_newCustomer;
    QLineEdit *m_newName;
    QLineEdit *m_newPhone;
    QLineEdit *m_newEmail;
    QLineEdit *m_subject;
    QComboBox *m_channel;
    QComboBox *m_category;
    QComboBox *m_priority;
    QPlainTextEdit *m_description;
    QCheckBox *m_assignToMe;
    QLabel *m_suggestion;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    qint64 m_createdTicketId = 0;
    TicketClassifier m_classifier;
    ClassificationSuggestion m_suggested;
    // Once the agent picks a category or priority, the rules stop changing it.
    bool m_categoryChosen = false;
    bool m_priorityChosen = false;
};
