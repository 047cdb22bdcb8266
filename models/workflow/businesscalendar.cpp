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

void BusinessCalendar::setHours(Qt::DayOfWeek day, std::optional<Hours> hours)
{
    if (hours && !(hours->open.isValid() && hours->close.isValid() && hours->open < hours->close))
        hours.reset();
    m_hours[day - 1] = hours;
}

std::optional<std::pair<QDateTime, QDateTime>> BusinessCalendar::openInterval(QDate day) const
{
    const auto &hours = m_hours[day.dayOfWeek() - 1];
    if (!hours || m_holidays.contains(day))
        return std::nullopt;
    return std::pair{QDateTime(day, hours->open, m_zone), QDateTime(day, hours->close, m_zone)};
}

bool BusinessCalendar::isOpenAt(const QDateTime &instant) const
{
    const auto interval = openInterval(instant.toTimeZone(m_zone).date());
    return interval && interval->first <= instant && instant < interval->second;
}

qint64 BusinessCalendar::businessMsecsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid() || to <= from)
        return 0;
    qint64 total = 0;
    const QDate last = to.toTimeZone(m_zone).date();
    for (QDate day = from.toTimeZone(m_zone).date(); day <= last; day = day.addDays(1)) {
        const auto interval = openInterval(day);
        if (!interval)
            continue;
        const QDateTime start = std::max(interval->first, from);
        const QDateTime end = std::min(interval->second, to);
        if (start < end)
            total += start.msecsTo(end);
    }
    return total;
}

QDateTime BusinessCalendar::addBusinessMsecs(const QDateTime &from, qint64 msecs) const
{
    if (!from.isValid())
        return {};
    qint64 left = std::max<qint64>(0, msecs);
    QDate day = from.toTimeZone(m_zone).date();
    for (int searched = 0; searched < maxDaysSearched; ++searched, day = day.addDays(1)) {
        const auto interval = openInterval(day);
        if (!interval || interval->second <= from)
            continue;
        const QDateTime start = std::max(interval->first, from);
        const qint64 available = start.msecsTo(interval->second);
        if (left <= available)
            return start.addMSecs(left);
        left -= available;
    }
    return {};
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
            calendar.m_hours[i].reset();
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
        calendar.m_hours[i] = Hours{open, close};
    }
    for (const QJsonValue &value : json.value(u"holidays"_s).toArray()) {
        const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
        if (!date.isValid()) {
            *error = tr("\"%1\" is not a date like 2026-10-01.").arg(value.toString());
            return std::nullopt;
        }
        calendar.addHoliday(date);
    }
    return calendar;
}
