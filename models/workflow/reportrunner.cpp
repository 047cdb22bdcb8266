#include "reportrunner.h"

#include "localstore.h"
#include "reportquery.h"

#include <QPointer>
#include <QThread>

struct ReportRunner::Job {
    ReportRequest request;
    std::atomic<bool> cancelled{false};
};

ReportRunner::ReportRunner(const QString &storePath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(storePath)
    , m_clock(clock)
{
    qRegisterMetaType<Report>();
}

ReportRunner::~ReportRunner()
{
    cancel();
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

void ReportRunner::cancel()
{
    if (m_current)
        m_current->cancelled = true;
    m_current.reset();
    m_running = false;
}

void ReportRunner::start(const ReportRequest &request)
{
    cancel();
    auto job = std::make_shared<Job>();
    job->request = request;
    m_current = job;
    m_running = true;

    QPointer<ReportRunner> self(this);
    const QString path = m_path;
    const Clock &clock = m_clock;
    QThread *thread = QThread::create([self, job, path, &clock] {
        // Results go back to the runner's thread; one that is gone or has moved on drops them.
        const auto report = [&](auto deliver) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, job, deliver] {
                    if (self && self->m_current == job)
                        deliver(*self);
                },
                Qt::QueuedConnection);
        };
        LocalStore store(clock);
        if (!store.open(path)) {
            const QString message = store.errorString();
            report([message, job](ReportRunner &runner) {
                runner.finishJob(job);
                Q_EMIT runner.failed(message);
            });
            return;
        }
        ReportQuery query(store);
        const auto result = query.run(job->request, [&](qint64 done, qint64 total) {
            report([done, total](ReportRunner &runner) { Q_EMIT runner.progress(done, total); });
            if (done == total)
                report([](ReportRunner &runner) { Q_EMIT runner.progress(0, 0); });
            return !job->cancelled.load();
        });
        if (job->cancelled)
            return;
        if (!result) {
            const QString message = query.errorString();
            report([message, job](ReportRunner &runner) {
                runner.finishJob(job);
                Q_EMIT runner.failed(message);
            });
            return;
        }
        report([value = *result, job](ReportRunner &runner) {
            runner.finishJob(job);
            Q_EMIT runner.finished(value);
        });
    });
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_threads.removeOne(thread);
        thread->deleteLater();
    });
    thread->start();
}

void ReportRunner::finishJob(const std::shared_ptr<Job> &job)
{
    if (m_current == job) {
        m_current.reset();
        m_running = false;
    }
}
