#include "icalendarholidays.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>

#include <libical/ical.h>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

QDate dateOf(const icaltimetype &time)
{
    return QDate(time.year, time.month, time.day);
}

struct ComponentDeleter {
    void operator()(icalcomponent *component) const { icalcomponent_free(component); }
};
struct IteratorDeleter {
    void operator()(icalrecur_iterator *iterator) const { icalrecur_iterator_free(iterator); }
};

// The days an all-day event covers from one start: DTEND is the first day after it.
void addDays(QMap<QDate, QString> &days, QDate start, qint64 length, const QString &name, QDate from, QDate to)
{
    for (qint64 i = 0; i < std::max<qint64>(1, length); ++i) {
        const QDate day = start.addDays(i);
        if (day >= from && day <= to && !days.contains(day))
            days.insert(day, name);
    }
}

} // namespace

ICalendarHolidays::Result ICalendarHolidays::read(const QByteArray &icsText, QDate from, QDate to)
{
    Result result;
    // A malformed line is reported on the component, never by aborting the program.
    icalerror_set_errors_are_fatal(0);
    const std::unique_ptr<icalcomponent, ComponentDeleter> calendar(icalparser_parse_string(icsText.constData()));
    if (!calendar || icalcomponent_isa(calendar.get()) != ICAL_VCALENDAR_COMPONENT) {
        result.error = tr("This is not an iCalendar file (it should begin with BEGIN:VCALENDAR).");
        return result;
    }
    QMap<QDate, QString> days;
    for (icalcomponent *event = icalcomponent_get_first_component(calendar.get(), ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar.get(), ICAL_VEVENT_COMPONENT)) {
        if (icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED)
            continue;
        const icaltimetype start = icalcomponent_get_dtstart(event);
        if (icaltime_is_null_time(start))
            continue;
        if (!start.is_date) {
            ++result.timedEventsSkipped;
            continue;
        }
        const icaltimetype end = icalcomponent_get_dtend(event);
        const qint64 length = icaltime_is_null_time(end) ? 1 : dateOf(start).daysTo(dateOf(end));
        const QString name = QString::fromUtf8(icalcomponent_get_summary(event));

        icalproperty *rule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
        if (!rule) {
            addDays(days, dateOf(start), length, name, from, to);
            continue;
        }
        QList<QDate> excluded;
        for (icalproperty *ex = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); ex;
             ex = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
            excluded << dateOf(icalproperty_get_exdate(ex));
        const std::unique_ptr<icalrecur_iterator, IteratorDeleter> occurrences(
            icalrecur_iterator_new(icalproperty_get_rrule(rule), start));
        if (!occurrences)
            continue; // a rule libical cannot expand: the event's own day is all we know
        for (icaltimetype next = icalrecur_iterator_next(occurrences.get()); !icaltime_is_null_time(next);
             next = icalrecur_iterator_next(occurrences.get())) {
            const QDate day = dateOf(next);
            if (day > to)
                break;
            if (!excluded.contains(day))
                addDays(days, day, length, name, from, to);
        }
    }
    for (auto it = days.cbegin(); it != days.cend(); ++it)
        result.holidays.append({it.key(), it.value()});
    if (result.holidays.isEmpty())
        result.error = tr("The file has no all-day events between %1 and %2.")
                           .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate));
    return result;
}

ICalendarHolidays::Result ICalendarHolidays::readFile(const QString &path, QDate from, QDate to)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result;
        result.error = tr("Cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
        return result;
    }
    // Holiday calendars are small; a huge file is not one.
    constexpr qint64 largestFile = 16 * 1024 * 1024;
    if (file.size() > largestFile) {
        Result result;
        result.error = tr("%1 is too large for a holiday calendar.").arg(QFileInfo(path).fileName());
        return result;
    }
    return read(file.readAll(), from, to);
}
