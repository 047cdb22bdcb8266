#include "businesscalendar.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Far enough ahead for any target; a calendar open one hour a year still answers.
constexpr int maxDaysSearched = 3 * 366;

} // namespace

BusinessCalendar::BusinessCalendar()
    : m_zone(QTimeZone::systemTimeZone())
{
    for (int day = Qt::Monday; day <= Qt::Friday; ++day)
        m_hours[day - 1] = Hours{QTime(9, 0), QTime(18, 0)};
}

void BusinessCalendar::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    m_windows.clear();
}

void BusinessCalendar::setHolidays(const QSet<QDate> &dates)
{
    m_holidays = dates;
    m_windows.clear();
}

void BusinessCalendar::addHoliday(QDate date)
{
    m_holidays.insert(date);
    m_windows.clear();
}

void BusinessCalendar::setHours(Qt::DayOfWeek day, std::optional<Hours> hours)
{
    if (hours && !(hours->open.isValid() && hours->close.isValid() && hours->open < hours->close))
        hours.reset();
    m_hours[day - 1] = hours;
    m_windows.clear();
}

BusinessCalendar::Window BusinessCalendar::window(qint64 julianDay) const
{
    if (const auto cached = m_windows.constFind(julianDay); cached != m_windows.cend())
        return *cached;
    const QDate day = QDate::fromJulianDay(julianDay);
    const auto &hours = m_hours[day.dayOfWeek() - 1];
    Window w;
    if (hours && !m_holidays.contains(day)) {
        w.open = QDateTime(day, hours->open, m_zone).toMSecsSinceEpoch();
        w.close = std::max(w.open, QDateTime(day, hours->close, m_zone).toMSecsSinceEpoch());
    }
    m_windows.insert(julianDay, w);
    return w;
}

qint64 BusinessCalendar::localDay(qint64 ms) const
{
    return QDateTime::fromMSecsSinceEpoch(ms, m_zone).date().toJulianDay();
}

bool BusinessCalendar::isOpenAt(const QDateTime &instant) const
{
    const qint64 ms = instant.toMSecsSinceEpoch();
    const Window w = window(localDay(ms));
    return w.open <= ms && ms < w.close;
}

qint64 BusinessCalendar::businessMsecsBetween(qint64 fromMs, qint64 toMs) const
{
    if (toMs <= fromMs)
        return 0;
    qint64 total = 0;
    const qint64 last = localDay(toMs);
    for (qint64 day = localDay(fromMs); day <= last; ++day) {
        const Window w = window(day);
        const qint64 start = std::max(w.open, fromMs);
        const qint64 end = std::min(w.close, toMs);
        if (start < end)
            total += end - start;
    }
    return total;
}

qint64 BusinessCalendar::addBusinessMsecs(qint64 fromMs, qint64 msecs) const
{
    qint64 left = std::max<qint64>(0, msecs);
    qint64 day = localDay(fromMs);
    for (int searched = 0; searched < maxDaysSearched; ++searched, ++day) {
        const Window w = window(day);
        if (w.close <= fromMs || w.open == w.close)
            continue;
        const qint64 start = std::max(w.open, fromMs);
        const qint64 available = w.close - start;
        if (left <= available)
            return start + left;
        left -= available;
    }
    return -1;
}

qint64 BusinessCalendar::businessMsecsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid())
        return 0;
    return businessMsecsBetween(from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
}

QDateTime BusinessCalendar::addBusinessMsecs(const QDateTime &from, qint64 msecs) const
{
    if (!from.isValid())
        return {};
    const qint64 due = addBusinessMsecs(from.toMSecsSinceEpoch(), msecs);
    return due < 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(due, from.timeZone());
}

QJsonObject BusinessCalendar::toJson() const
{
    static const char *names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    QJsonObject week;
    for (int i = 0; i < 7; ++i) {
        if (m_hours[i])
            week.insert(QLatin1StringView(names[i]),
                        QJsonArray{m_hours[i]->open.toString(u"HH:mm"_s), m_hours[i]->close.toString(u"HH:mm"_s)});
    }
    QList<QDate> dates(m_holidays.begin(), m_holidays.end());
    std::sort(dates.begin(), dates.end());
    QJsonArray holidays;
    for (QDate date : std::as_const(dates))
        holidays.append(date.toString(Qt::ISODate));
    return {{u"time_zone"_s, QString::fromUtf8(m_zone.id())}, {u"hours"_s, week}, {u"holidays"_s, holidays}};
}

std::optional<BusinessCalendar> BusinessCalendar::fromJson(const QJsonObject &json, QString *error)
{
    static const char *names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    BusinessCalendar calendar;
    const QTimeZone zone(json.value(u"time_zone"_s).toString().toUtf8());
    if (!zone.isValid()) {
        *error = tr("Unknown time zone \"%1\".").arg(json.value(u"time_zone"_s).toString());
        return std::nullopt;
    }
    calendar.setTimeZone(zone);
    const QJsonObject week = json.value(u"hours"_s).toObject();
    for (int i = 0; i < 7; ++i) {
        const QJsonValue day = week.value(QLatin1StringView(names[i]));
        if (day.isUndefined() || day.isNull()) {
            calendar.setHours(Qt::DayOfWeek(i + 1), std::nullopt);
            continue;
        }
        const QJsonArray pair = day.toArray();
        const QTime open = QTime::fromString(pair.at(0).toString(), u"HH:mm"_s);
        const QTime close = QTime::fromString(pair.at(1).toString(), u"HH:mm"_s);
        if (pair.size() != 2 || !open.isValid() || !close.isValid() || !(open < close)) {
            *error = tr("The hours of %1 must be two times like [\"09:00\", \"18:00\"], the first earlier.")
                         .arg(QLatin1StringView(names[i]));
            return std::nullopt;
        }
        calendar.setHours(Qt::DayOfWeek(i + 1), Hours{open, close});
    }
    for (const QJsonValue &value : json.value(u"holidays"_s).toArray()) {
        const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
        if (!date.isValid()) {
            *error = tr("\"%1\" is not a date like 2026-10-01.").arg(value.toString());
            return std::nullopt;
        }
        calendar.addHoliday(date);
    }
    calendar.m_windows.clear();
    return calendar;
}
