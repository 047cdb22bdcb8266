#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QHash>
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
    void setTimeZone(const QTimeZone &zone);
    std::optional<Hours> hours(Qt::DayOfWeek day) const { return m_hours[day - 1]; }
    void setHours(Qt::DayOfWeek day, std::optional<Hours> hours);
    QSet<QDate> holidays() const { return m_holidays; }
    void setHolidays(const QSet<QDate> &dates);
    void addHoliday(QDate date);

    bool isOpenAt(const QDateTime &instant) const;
    // Business time between two instants: 0 when `to` is not after `from`.
    qint64 businessMsecsBetween(const QDateTime &from, const QDateTime &to) const;
    // The instant at which `msecs` of business time have passed since `from`; invalid when
    // the calendar is never open (no hours on any day).
    QDateTime addBusinessMsecs(const QDateTime &from, qint64 msecs) const;
    // The same on milliseconds since the epoch (what the store keeps); -1 for "never".
    qint64 businessMsecsBetween(qint64 fromMs, qint64 toMs) const;
    qint64 addBusinessMsecs(qint64 fromMs, qint64 msecs) const;

    QJsonObject toJson() const;
    // Fills from toJson()'s form; on a malformed object returns nullopt and says why.
    static std::optional<BusinessCalendar> fromJson(const QJsonObject &json, QString *error);

private:
    // A local day's open interval in milliseconds since the epoch; open == close when the
    // desk is closed that day. Kept once worked out: thousands of tickets share a few days,
    // and turning a local time into an instant is the slow part.
    struct Window {
        qint64 open = 0, close = 0;
    };
    Window window(qint64 julianDay) const;
    qint64 localDay(qint64 ms) const;

    QTimeZone m_zone;
    std::array<std::optional<Hours>, 7> m_hours; // Monday first
    QSet<QDate> m_holidays;
    mutable QHash<qint64, Window> m_windows;
};
