#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QSet>
#include <QTime>
#include <QTimeZone>

#include <array>
#include <optional>

// When the support desk works: opening hours per weekday in one time zone, less holidays.
// Service clocks run only inside these hours. Instants go in and come out as QDateTime in
// any zone; the arithmetic happens on the calendar's own local days, so a clock change
// (summer time) shortens or lengthens that day's hours as it does for the people working.
class BusinessCalendar
{
    Q_DECLARE_TR_FUNCTIONS(BusinessCalendar)

public:
    struct Hours {
        QTime open;
        QTime close; // after open, the same day
        bool operator==(const Hours &) const = default;
    };

    // Weekdays 09:00-18:00 in the system's time zone, no holidays.
    BusinessCalendar();

    QTimeZone timeZone() const { return m_zone; }
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }
    std::optional<Hours> hours(Qt::DayOfWeek day) const { return m_hours[day - 1]; }
    void setHours(Qt::DayOfWeek day, std::optional<Hours> hours);
    QSet<QDate> holidays() const { return m_holidays; }
    void setHolidays(const QSet<QDate> &dates) { m_holidays = dates; }
    void addHoliday(QDate date) { m_holidays.insert(date); }

    bool isOpenAt(const QDateTime &instant) const;
    // Business time between two instants: 0 when `to` is not after `from`.
    qint64 businessMsecsBetween(const QDateTime &from, const QDateTime &to) const;
    // The instant at which `msecs` of business time have passed since `from`; invalid when
    // the calendar is never open (no hours on any day).
    QDateTime addBusinessMsecs(const QDateTime &from, qint64 msecs) const;

    QJsonObject toJson() const;
    // Fills from toJson()'s form; on a malformed object returns nullopt and says why.
    static std::optional<BusinessCalendar> fromJson(const QJsonObject &json, QString *error);

private:
    // The day's open interval as instants, or nothing on a closed day or holiday.
    std::optional<std::pair<QDateTime, QDateTime>> openInterval(QDate day) const;

    QTimeZone m_zone;
    std::array<std::optional<Hours>, 7> m_hours; // Monday first
    QSet<QDate> m_holidays;
};
