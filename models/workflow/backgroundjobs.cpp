#include "backgroundjobs.h"

#include "autocloser.h"
#include "backupstore.h"
#include "clock.h"
#include "localstore.h"
#include "surveysender.h"

#include <QTimer>

using namespace Qt::StringLiterals;

BackgroundJobs::BackgroundJobs(QString storePath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(std::move(storePath))
    , m_clock(clock)
{
    m_thread.setObjectName(u"BackgroundJobs"_s);
}

BackgroundJobs::~BackgroundJobs()
{
    stop();
}

void BackgroundJobs::setDailyBackups(const BackupPolicy &policy)
{
    if (!m_thread.isRunning())
        m_backups = policy;
}

void BackgroundJobs::start(bool teamMode, const QString &agentLogin, const Intervals &intervals)
{
    if (m_thread.isRunning())
        return;
    m_context = std::make_unique<QObject>();
    m_context->moveToThread(&m_thread);
    m_thread.start(QThread::LowPriority);
    QMetaObject::invokeMethod(
        m_context.get(), [this, teamMode, agentLogin, intervals] { openOnThread(teamMode, agentLogin, intervals); },
        Qt::QueuedConnection);
}

void BackgroundJobs::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context.get(), [this] { closeOnThread(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_context.reset();
}

void BackgroundJobs::setAgent(const QString &login)
{
    if (!m_context)
        return;
    QMetaObject::invokeMethod(
        m_context.get(),
        [this, login] {
            if (m_store && m_store->setCurrentAgent(login))
                runRound();
        },
        Qt::QueuedConnection);
}

void BackgroundJobs::reloadSharedSettings()
{
    if (!m_context)
        return;
    QMetaObject::invokeMethod(
        m_context.get(),
        [this] {
            if (m_store)
                m_store->reloadSharedSettings();
        },
        Qt::QueuedConnection);
}

void BackgroundJobs::runNow()
{
    if (!m_context)
        return;
    QMetaObject::invokeMethod(
        m_context.get(), [this] { runRound(); }, Qt::QueuedConnection);
}

void BackgroundJobs::openOnThread(bool teamMode, const QString &agentLogin, const Intervals &intervals)
{
    m_store = std::make_unique<LocalStore>(m_clock);
    m_store->setTeamMode(teamMode);
    if (!m_store->open(m_path)) {
        Q_EMIT startFailed(m_store->errorString());
        m_store.reset();
        return;
    }
    if (!agentLogin.isEmpty())
        m_store->setCurrentAgent(agentLogin);
    // What this connection writes reaches the window's views and the sync engine through these.
    connect(m_store.get(), &LocalStore::ticketsChanged, this, &BackgroundJobs::ticketsChanged);
    connect(m_store.get(), &LocalStore::messagesAdded, this, &BackgroundJobs::messagesAdded);
    connect(m_store.get(), &LocalStore::outboxChanged, this, &BackgroundJobs::outboxChanged);
    connect(m_store.get(), &LocalStore::damaged, this, &BackgroundJobs::damageFound);

    m_closer = new AutoCloser(*m_store, m_context.get());
    m_surveys = new SurveySender(*m_store, m_context.get());
    connect(m_surveys, &SurveySender::surveysSent, this, &BackgroundJobs::surveysSent);
    connect(m_surveys, &SurveySender::failed, this, &BackgroundJobs::surveysFailed);
    m_deadlines = new SlaWatcher(*m_store, m_context.get());
    connect(m_deadlines, &SlaWatcher::alert, this, &BackgroundJobs::deadlineAlert);

    auto *rounds = new QTimer(m_context.get());
    connect(rounds, &QTimer::timeout, m_context.get(), [this] { runRound(); });
    rounds->start(intervals.jobsMs);
    auto *deadlines = new QTimer(m_context.get());
    connect(deadlines, &QTimer::timeout, m_deadlines, &SlaWatcher::check);
    deadlines->start(intervals.deadlinesMs);
    // The file is checked before anything is written to it: a damaged store gets no more writes.
    if (!checkFile())
        return;
    runRound();
}

bool BackgroundJobs::checkFile()
{
    const QString problem = BackupStore::quickCheck(m_path);
    if (problem.isEmpty()) {
        Q_EMIT checkPassed();
        return true;
    }
    m_store->markDamaged(problem); // announces damageFound
    return false;
}

void BackgroundJobs::backUpIfDue()
{
    if (!m_backups)
        return;
    BackupStore backups(m_path, *m_backups);
    const QDateTime now = m_clock.now();
    if (backups.hasDailyOn(now))
        return;
    if (auto taken = backups.take(BackupInfo::Kind::Daily, now)) {
        Q_EMIT backupTaken(taken->path);
        checkFile();
    } else {
        Q_EMIT backupFailed(backups.errorString());
    }
}

void BackgroundJobs::runRound()
{
    if (!m_store || m_store->isDamaged())
        return;
    backUpIfDue();
    if (m_store->isDamaged())
        return;
    // A team desk learns who its agent is from the server's first answer, on the sync
    // engine's connection; this one reads it from the file once it is there.
    if (m_store->teamMode() && m_store->currentAgentId() == 0)
        m_store->signInAsDeskAgent();
    const int closed = m_closer->closeDue();
    if (closed < 0)
        Q_EMIT closingFailed(m_closer->errorString());
    else if (closed > 0)
        Q_EMIT ticketsClosed(closed);
    const int sent = m_surveys->sendDue();
    m_deadlines->check();
    // A full batch is followed by the next one, after whatever else the thread was asked
    // meanwhile (a stop, say), so a long catch-up can be interrupted between batches.
    if (closed == AutoCloser::batchSize || sent == SurveySender::batchSize)
        QTimer::singleShot(0, m_context.get(), [this] { runRound(); });
    else
        Q_EMIT caughtUp();
}

void BackgroundJobs::closeOnThread()
{
    delete m_closer;
    delete m_surveys;
    delete m_deadlines;
    m_closer = nullptr;
    m_surveys = nullptr;
    m_deadlines = nullptr;
    qDeleteAll(m_context->children()); // the timers
    m_store.reset();
}
