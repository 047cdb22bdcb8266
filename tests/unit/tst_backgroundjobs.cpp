#include "autocloser.h"
#include "backgroundjobs.h"
#include "catchcompat.h"
#include "teststore.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 dayMs = 24 * 3600 * 1000;

int count(LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(sql));
    REQUIRE(query.next());
    return query.value(0).toInt();
}

int solvedBefore(LocalStore &store, qint64 cutoffMs)
{
    return count(store,
                 u"SELECT count(*) FROM tickets WHERE status = %1 AND solved_at <= %2"_s.arg(int(TicketStatus::Solved))
                     .arg(cutoffMs));
}

// What the jobs tell, received on this (the window's) thread, as the window receives it.
struct Heard {
    explicit Heard(BackgroundJobs &jobs)
    {
        QObject::connect(&jobs, &BackgroundJobs::ticketsClosed, &receiver, [this](int count) { closed += count; });
        QObject::connect(&jobs, &BackgroundJobs::ticketsChanged, &receiver,
                         [this](const QList<qint64> &ids) { changed += ids.size(); });
        QObject::connect(&jobs, &BackgroundJobs::caughtUp, &receiver, [this] { ++caughtUp; });
        QObject::connect(&jobs, &BackgroundJobs::outboxChanged, &receiver, [this] { ++outbox; });
        // Emitted where the work is done: the jobs' thread.
        QObject::connect(
            &jobs, &BackgroundJobs::caughtUp, &jobs, [this] { workThread = QThread::currentThread(); },
            Qt::DirectConnection);
    }
    QObject receiver;
    int closed = 0;
    int changed = 0;
    int caughtUp = 0;
    int outbox = 0;
    std::atomic<QThread *> workThread = nullptr;
};

} // namespace

TEST_CASE("The background jobs close due tickets on a thread and connection of their own and say which",
          "[workflow][jobs]")
{
    TestStore t(6000, 1);
    const qint64 cutoff = t.clock.now().toMSecsSinceEpoch() - AutoCloser::defaultDays * dayMs;
    const int due = solvedBefore(*t.store, cutoff);
    REQUIRE(due > 2 * AutoCloser::batchSize); // several batches

    BackgroundJobs jobs(t.path(), t.clock);
    Heard heard(jobs);
    jobs.start(false, {}, {});
    REQUIRE(QTest::qWaitFor([&] { return heard.caughtUp > 0; }, 30000));
    CHECK(heard.workThread != nullptr);
    CHECK(heard.workThread != QThread::currentThread());
    CHECK(heard.closed == due);
    CHECK(heard.changed >= due); // every closed ticket is announced for the views
    CHECK(solvedBefore(*t.store, cutoff) == 0);
    CHECK(count(*t.store, u"SELECT count(*) FROM audit_events WHERE action = 'auto_close'"_s) == due);
    jobs.stop();
    CHECK_FALSE(jobs.isRunning());
}

TEST_CASE("Stopping the jobs in the middle of a catch-up leaves whole batches and the rest still due",
          "[workflow][jobs]")
{
    TestStore t(6000, 1);
    const qint64 cutoff = t.clock.now().toMSecsSinceEpoch() - AutoCloser::defaultDays * dayMs;
    const int due = solvedBefore(*t.store, cutoff);
    REQUIRE(due > 2 * AutoCloser::batchSize);
    {
        BackgroundJobs jobs(t.path(), t.clock);
        Heard heard(jobs);
        jobs.start(false, {}, {});
        REQUIRE(QTest::qWaitFor([&] { return heard.closed > 0; }, 30000));
        jobs.stop();
    }
    const int closedNow = count(*t.store, u"SELECT count(*) FROM audit_events WHERE action = 'auto_close'"_s);
    // A batch is one transaction: all of it or none.
    CHECK((closedNow == due || closedNow % AutoCloser::batchSize == 0));
    CHECK(closedNow + solvedBefore(*t.store, cutoff) == due);

    // The next start carries on where the last one stopped.
    BackgroundJobs again(t.path(), t.clock);
    Heard heard(again);
    again.start(false, {}, {});
    REQUIRE(QTest::qWaitFor([&] { return heard.caughtUp > 0; }, 30000));
    CHECK(solvedBefore(*t.store, cutoff) == 0);
    CHECK(count(*t.store, u"SELECT count(*) FROM audit_events WHERE action = 'auto_close'"_s) == due);
}

TEST_CASE("In team mode the jobs' closes wait in the outbox and wake the sync engine", "[workflow][jobs]")
{
    TestStore t(600, 1);
    t.store->setTeamMode(true);
    const qint64 cutoff = t.clock.now().toMSecsSinceEpoch() - AutoCloser::defaultDays * dayMs;
    const int due = solvedBefore(*t.store, cutoff);
    REQUIRE(due > 0);
    const int outboxBefore = t.store->pendingChanges();

    BackgroundJobs jobs(t.path(), t.clock);
    Heard heard(jobs);
    jobs.start(true, {}, {});
    REQUIRE(QTest::qWaitFor([&] { return heard.caughtUp > 0; }, 30000));
    CHECK(heard.outbox > 0);
    CHECK(t.store->pendingChanges() - outboxBefore == due);
}

TEST_CASE("A store the jobs cannot open is said, not silently skipped", "[workflow][jobs]")
{
    TestStore t;
    const QString notAStore = t.dir.filePath(u"garbage.sqlite"_s);
    {
        QFile file(notAStore);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
    }
    BackgroundJobs jobs(notAStore, t.clock);
    QString problem;
    QObject receiver;
    QObject::connect(&jobs, &BackgroundJobs::startFailed, &receiver, [&](const QString &why) { problem = why; });
    jobs.start(false, {}, {});
    REQUIRE(QTest::qWaitFor([&] { return !problem.isEmpty(); }, 10000));
    jobs.stop();
}
