#pragma once

#include "businesscalendar.h"
#include "settingsservice.h"

#include <QDialog>

#include <array>

class LocalStore;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QListWidget;
class QTimeEdit;

// When the desk works, for the service deadlines: the time zone, the hours of each weekday
// and the holidays. Saving moves every running deadline to the new hours.
class BusinessHoursDialog : public QDialog
{
    Q_OBJECT

public:
    explicit BusinessHoursDialog(LocalStore &store, QWidget *parent = nullptr);

    QComboBox *timeZoneBox() const { return m_zone; }
    QCheckBox *openBox(Qt::DayOfWeek day) const { return m_days[day - 1].open; }
    QTimeEdit *openingEdit(Qt::DayOfWeek day) const { return m_days[day - 1].from; }
    QTimeEdit *closingEdit(Qt::DayOfWeek day) const { return m_days[day - 1].to; }
    QDateEdit *holidayEdit() const { return m_holidayDate; }
    QListWidget *holidayList() const { return m_holidays; }
    QLabel *errorLabel() const { return m_error; }

    void addHoliday();
    void removeHoliday();
    // Adds the all-day events of an iCalendar file, this year's and next year's; how many were
    // new, or -1 (with the reason shown).
    int importHolidays(const QString &path);
    QLabel *importLabel() const { return m_importNote; }
    // Checks and keeps what the dialog shows; false (with the reason shown) when it cannot.
    bool save();
    void accept() override;

private:
    struct Day {
        QCheckBox *open = nullptr;
        QTimeEdit *from = nullptr;
        QTimeEdit *to = nullptr;
    };

    SettingsService m_settings;
    QComboBox *m_zone;
    std::array<Day, 7> m_days;
    QDateEdit *m_holidayDate;
    QListWidget *m_holidays;
    QLabel *m_error;
    QLabel *m_importNote;

    bool insertHoliday(QDate date, const QString &name);
};
