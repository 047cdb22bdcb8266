// deskline-bench jobs: how long the window's event loop is held while the desk catches up on
// due work. A copy of the store is taken and its clock set a month ahead, so every solved
// ticket is due to close; the background jobs close them on their own thread while this
// thread plays the window: a list model that re-reads the changed rows, and a 5 ms timer
// whose longest gap is what an agent would feel as a frozen window. --on-ui-thread closes
// them on this thread instead, as the window did before the jobs had a thread of their own.

#include "autocloser.h"
#include "backgroundjobs.h"
#include "benchstats.h"
#include "clock.h"
#include "localstore.h"
#include "ticketlistmodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace BenchStats;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "deskline-bench jobs: %s\n", qUtf8Printable(message));
    return 1;
}

qint64 countSolved(LocalStore &store)
{
    QSqlQuery query(store.database());
    query.exec(u"SELECT count(*) FROM tickets WHERE status = %1"_s.arg(int(TicketStatus::Solved)));
    return query.next() ? query.value(0).toLongLong() : -1;
}

} // namespace

int runJobsBenchmark(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measure the window's event loop while solved tickets close."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"jobs"_s, u"This benchmark."_s);
    const QCommandLineOption databaseOption(u"database"_s, u"The store to copy and measure."_s, u"PATH"_s);
    const QCommandLineOption inlineOption(u"on-ui-thread"_s, u"Close on this thread, as before."_s);
    parser.addOptions({databaseOption, inlineOption});
    parser.process(app);
    if (parser.value(databaseOption).isEmpty())
        return fail(u"--database PATH is required"_s);

    QTemporaryDir dir;
    const QString copy = dir.filePath(u"jobs.sqlite"_s);
    ManualClock clock(QDateTime::currentDateTimeUtc().addDays(30));
    {
        LocalStore source(clock);
        if (!source.open(parser.value(databaseOption)))
            return fail(source.errorString());
        QSqlQuery vacuum(source.database());
        if (!vacuum.exec(u"VACUUM INTO '%1'"_s.arg(QDir::toNativeSeparators(copy))))
            return fail(u"cannot copy the store"_s);
    }

    LocalStore store(clock);
    if (!store.open(copy))
        return fail(store.errorString());
    const qint64 solved = countSolved(store);
    TicketListModel list(store, clock);
    list.setFilter(TicketFilter{});

    QList<double> gaps;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        gaps << double(sinceTick.nsecsElapsed()) / 1e6;
        sinceTick.start();
    });

    QElapsedTimer total;
    bool done = false;
    BackgroundJobs jobs(copy, clock);
    AutoCloser inlineCloser(store);
    if (parser.isSet(inlineOption)) {
        qint64 closed = 0; // every solved ticket is due, so this many close in all
        QObject::connect(&inlineCloser, &AutoCloser::ticketsClosed, &app, [&](int count) {
            closed += count;
            done = closed >= solved;
        });
        QTimer::singleShot(0, &app, [&] { inlineCloser.start(3600 * 1000); });
    } else {
        QObject::connect(&jobs, &BackgroundJobs::ticketsChanged, &store, &LocalStore::announceTicketsChanged);
        QObject::connect(&jobs, &BackgroundJobs::caughtUp, &app, [&] { done = true; });
        QObject::connect(&jobs, &BackgroundJobs::closingFailed, &app, [&](const QString &message) {
            fail(message);
            done = true;
        });
        jobs.start(false, {}, {});
    }
    total.start();
    sinceTick.start();
    ticker.start();
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double seconds = double(total.elapsed()) / 1000.0;
    jobs.stop();

    const qint64 left = countSolved(store);
    const QJsonObject result{
        {u"mode"_s, parser.isSet(inlineOption) ? u"ui_thread"_s : u"background"_s},
        {u"autoclose_tickets"_s, solved - left},
        {u"autoclose_s"_s, round2(seconds)},
        {u"event_loop_max_gap_ms"_s,
         round2(gaps.isEmpty() ? seconds * 1000 : *std::max_element(gaps.begin(), gaps.end()))},
        {u"event_loop_p99_gap_ms"_s, round2(gaps.isEmpty() ? seconds * 1000 : percentile(gaps, 0.99))},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return left == 0 ? 0 : fail(u"%1 solved tickets were left open"_s.arg(left));
}
