#pragma once

#include "fieldcodes.h"
#include "settingsservice.h"

#include <QDialog>

class LocalStore;
class QLabel;
class QSpinBox;

// Tools > Service targets: for each channel how soon a ticket gets its first answer and each
// later one (minutes)
// and its solution (hours), in business time; urgent tickets get half.
// Saving moves every running deadline.
class SlaPolicyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SlaPolicyDialog(LocalStore &store, QWidget *parent = nullptr);

    QSpinBox *firstResponseBox(Channel channel) const;
    QSpinBox *nextResponseBox(Channel channel) const;
    QSpinBox *resolutionBox(Channel channel) const;
    QLabel *errorLabel() const { return m_error; }

    bool save();
    void accept() override;

private:
    struct Row {
        QSpinBox *first = nullptr;
        QSpinBox *next = nullptr;
        QSpinBox *resolution = nullptr;
    };

    SettingsService m_settings;
    QList<Row> m_rows; // in the order of allFieldValues<Channel>()
    QLabel *m_error;
};
