#pragma once

#include "timeentry.h"
#include "timeservice.h"

#include <QDialog>

class Desk;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

// The time spent on one ticket: who, when, how long, counted or entered; entries are added,
// corrected and removed by hand.
class TimeDialog : public QDialog
{
    Q_OBJECT

public:
    TimeDialog(Desk &desk, qint64 ticketId, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    QSpinBox *minutesBox() const { return m_minutes; }
    QLineEdit *noteField() const { return m_note; }
    QLabel *totalLabel() const { return m_total; }
    QLabel *errorLabel() const { return m_error; }

    bool addEntry();
    bool saveSelected();
    bool removeSelected();

private:
    void reload();
    void showSelected();
    qint64 selectedId() const;
    void showError(const QString &message);

    TimeService m_times;
    qint64 m_ticketId;
    QList<TimeEntry> m_entries;
    QTableWidget *m_table;
    QSpinBox *m_minutes;
    QLineEdit *m_note;
    QPushButton *m_add;
    QPushButton *m_save;
    QPushButton *m_remove;
    QLabel *m_total;
    QLabel *m_error;
};
