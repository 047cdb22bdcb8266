#pragma once

#include "report.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class Clock;
class QThread;

// Works reports out on a thread of their own, with its own connection to the store file, so
// the window never waits for a year of tickets. A new request replaces the one running: the
// old one is stopped at its next step and its result never reported.
class ReportRunner : public QObject
{
    Q_OBJECT

public:
    ReportRunner(const QString &storePath, const Clock &clock, QObject *parent = nullptr);
    // Stops the running report and waits for its thread.
    ~ReportRunner() override;

    void start(const ReportRequest &request);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // While business times are worked out: done of total tickets. Then total 0 while the
    // figures are read.
    void progress(qint64 done, qint64 total);
    void finished(const Report &report);
    void failed(const QString &message);

private:
    struct Job;
    void finishJob(const std::shared_ptr<Job> &job);

    QString m_path;
    const Clock &m_clock;
    std::shared_ptr<Job> m_current;
    QList<QThread *> m_threads;
    bool m_running = false;
};
