#include "catchcompat.h"
#include "icalendarholidays.h"

#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace {

// As public-holiday calendars are published: all-day events, one of several days, a yearly
// rule with an exception, a cancelled day, and a meeting that is no holiday.
const QByteArray holidays = "BEGIN:VCALENDAR\r\n"
                            "VERSION:2.0\r\n"
                            "PRODID:-//Example//Holidays//ZH\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:new-year@example\r\n"
                            "DTSTART;VALUE=DATE:20260101\r\n"
                            "DTEND;VALUE=DATE:20260102\r\n"
                            "SUMMARY:元旦\r\n"
                            "RRULE:FREQ=YEARLY\r\n"
                            "EXDATE;VALUE=DATE:20270101\r\n"
                            "END:VEVENT\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:national-day@example\r\n"
                            "DTSTART;VALUE=DATE:20261001\r\n"
                            "DTEND;VALUE=DATE:20261004\r\n"
                            "SUMMARY:国庆节\r\n"
                            "END:VEVENT\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:cancelled@example\r\n"
                            "DTSTART;VALUE=DATE:20260601\r\n"
                            "STATUS:CANCELLED\r\n"
                            "SUMMARY:Moved\r\n"
                            "END:VEVENT\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:meeting@example\r\n"
                            "DTSTART:20260305T090000Z\r\n"
                            "DTEND:20260305T100000Z\r\n"
                            "SUMMARY:Team meeting\r\n"
                            "END:VEVENT\r\n"
                            "BEGIN:VEVENT\r\n"
                            "UID:one-day@example\r\n"
                            "DTSTART;VALUE=DATE:20250501\r\n"
                            "SUMMARY:Labour Day 2025\r\n"
                            "END:VEVENT\r\n"
                            "END:VCALENDAR\r\n";

QList<QDate> datesOf(const ICalendarHolidays::Result &result)
{
    QList<QDate> dates;
    for (const auto &holiday : result.holidays)
        dates << holiday.date;
    return dates;
}

} // namespace

TEST_CASE("Holidays come out of an iCalendar file: several days, yearly rules and their exceptions",
          "[workflow][sla][calendar][icalendar]")
{
    const auto result = ICalendarHolidays::read(holidays, QDate(2026, 1, 1), QDate(2028, 12, 31));
    INFO(result.error.toStdString());
    REQUIRE(result.error.isEmpty());
    CHECK(datesOf(result) == QList<QDate>{QDate(2026, 1, 1), QDate(2026, 10, 1), QDate(2026, 10, 2), QDate(2026, 10, 3),
                                          QDate(2028, 1, 1)});
    CHECK(result.holidays.at(1).name == u"国庆节"_s);
    CHECK(result.timedEventsSkipped == 1);

    // Only the years asked for: a rule without an end stays finite, older days stay out.
    const auto one = ICalendarHolidays::read(holidays, QDate(2026, 9, 1), QDate(2026, 12, 31));
    CHECK(datesOf(one) == QList<QDate>{QDate(2026, 10, 1), QDate(2026, 10, 2), QDate(2026, 10, 3)});
}

TEST_CASE("What is not a holiday calendar is refused with the reason",
          "[workflow][sla][calendar][icalendar][bad-input]")
{
    const QDate from(2026, 1, 1), to(2026, 12, 31);
    CHECK(ICalendarHolidays::read("hello, world", from, to).error.contains(u"not an iCalendar"_s));
    CHECK(ICalendarHolidays::read({}, from, to).error.contains(u"not an iCalendar"_s));
    const QByteArray meetingsOnly = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
                                    "DTSTART:20260305T090000Z\r\nSUMMARY:Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const auto none = ICalendarHolidays::read(meetingsOnly, from, to);
    CHECK(none.holidays.isEmpty());
    CHECK(none.error.contains(u"no all-day events"_s));
    CHECK(none.timedEventsSkipped == 1);
    CHECK(ICalendarHolidays::readFile(u"/nonexistent/holidays.ics"_s, from, to).error.contains(u"Cannot read"_s));
}
