#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>

// Reads the holidays out of an iCalendar file (RFC 5545, as public-holiday calendars and
// calendar programs export them) with libical: every all-day event is a day off, an event of
// several days gives each of them, and yearly rules are expanded over the years asked for.
// Events with a time of day are meetings, not holidays, and are left out (and counted).
class ICalendarHolidays
{
    Q_DECLARE_TR_FUNCTIONS(ICalendarHolidays)

public:
    struct Holiday {
        QDate date;
        QString name;
    };
    struct Result {
        QList<Holiday> holidays; // by date, each date once
        int timedEventsSkipped = 0;
        QString error; // empty when the file could be read
    };

    // Only days in [from, to] are returned, so a rule without an end stays finite.
    static Result read(const QByteArray &icsText, QDate from, QDate to);
    static Result readFile(const QString &path, QDate from, QDate to);
};
