#include "mailgatewayservice.h"

#include "imapclient.h"
#include "localmailbackend.h"
#include "localstore.h"
#include "mailpasswords.h"

#include <QSet>

#include <algorithm>
#include <chrono>
#include <climits>
#include <thread>
#include <utility>

using namespace Qt::StringLiterals;

struct MailGatewayService::Worker {
    std::thread thread;
    std::atomic<bool> done = false;
    // Set by run()'s thread when the mailbox is gone or the service stops: ends an IDLE at once
    // instead of when it times out.
    std::atomic<bool> quit = false;
};

namespace {

// A desk's store opened for one worker, with the backend over it.
struct OpenedStore {
    explicit OpenedStore(const Clock &clock)
        : owned(std::make_unique<LocalStore>(clock))
    {}
    std::unique_ptr<LocalStore> owned;
};

class OpenedLocalBackend : private OpenedStore, public LocalMailBackend
{
public:
    OpenedLocalBackend(const Clock &clock, const QByteArray &secret)
        : OpenedStore(clock)
        , LocalMailBackend(*owned, secret)
    {}
};

} // namespace

MailGatewayService::MailGatewayService(QString storePath, const Clock &clock, QByteArray secret, Options options,
                                       QObject *parent)
    : MailGatewayService(BackendFactory(), options, parent)
{
    m_backends = [this, storePath = std::move(storePath), &clock,
                  secret = std::move(secret)](QString *error) -> std::unique_ptr<MailBackend> {
        auto backend = std::make_unique<OpenedLocalBackend>(clock, secret);
        LocalStore &store = backend->store();
        if (!store.open(storePath)) {
            *error = store.errorString();
            return nullptr;
        }
        connect(&store, &LocalStore::ticketsChanged, this, &MailGatewayService::ticketsChanged, Qt::DirectConnection);
        connect(&store, &LocalStore::messagesAdded, this, &MailGatewayService::messagesAdded, Qt::DirectConnection);
        return backend;
    };
}

MailGatewayService::MailGatewayService(BackendFactory backends, Options options, QObject *parent)
    : QObject(parent)
    , m_backends(std::move(backends))
    , m_options(options)
    , m_passwords(&MailPasswords::read)
{}

MailGatewayService::~MailGatewayService()
{
    stop();
    for (auto &[id, worker] : m_workers) {
        if (worker->thread.joinable())
            worker->thread.join();
    }
}

void MailGatewayService::stop()
{
    m_stop = true;
    std::lock_guard lock(m_mutex);
    m_wake.notify_all();
}

bool MailGatewayService::pause(int ms)
{
    // The flag may be set by a signal handler, which cannot notify: look at it every 200 ms.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= until)
            return true;
        m_wake.wait_for(lock,
                        std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(200)));
    }
    return false;
}

void MailGatewayService::log(const QString &line)
{
    Q_EMIT logged(line);
}

bool MailGatewayService::run()
{
    const std::unique_ptr<MailBackend> backend = m_backends(&m_error);
    if (!backend)
        return false;
    MailGateway sender(*backend);
    sender.setPasswordSource(m_passwords);
    sender.setTimeout(m_options.timeoutMs);
    sender.setStopFlag(&m_stop);
    sender.setLog([this](const QString &line) { log(line); });

    qint64 nextMailboxRead = 0;
    qint64 nextHousekeeping = 0;
    qint64 waited = 0;
    while (!m_stop) {
        if (waited >= nextHousekeeping) {
            if (const auto removed = backend->pruneChangeLog(); !removed)
                log(tr("change log not pruned: %1").arg(backend->errorString()));
            else if (*removed > 0)
                log(tr("change log: %n old change(s) removed", nullptr, int(std::min<qint64>(*removed, INT_MAX))));
            nextHousekeeping = waited + m_options.housekeepingEveryMs;
        }
        if (m_reread.exchange(false) || waited >= nextMailboxRead) {
            QList<qint64> ids;
            for (const Mailbox &mailbox : backend->mailboxes())
                ids.append(mailbox.id);
            startWorkers(ids);
            nextMailboxRead = waited + m_options.mailboxesEveryMs;
        }
        MailGateway::Tally tally;
        sender.sendDue(tally);
        if (!pause(m_options.sendEveryMs))
            break;
        waited += m_options.sendEveryMs;
    }
    for (auto &[id, worker] : m_workers)
        worker->quit = true;
    for (auto &[id, worker] : m_workers) {
        if (worker->thread.joinable())
            worker->thread.join();
    }
    m_workers.clear();
    return true;
}

void MailGatewayService::startWorkers(const QList<qint64> &mailboxIds)
{
    // A worker whose mailbox was removed has ended by itself; one ended by a failure it
    // could not retry (its store would not open) is started again here.
    for (auto it = m_workers.begin(); it != m_workers.end();) {
        if (it->second->done) {
            it->second->thread.join();
            it = m_workers.erase(it);
        } else {
            ++it;
        }
    }
    // A removed mailbox's worker stops now, not when its IDLE times out.
    for (auto &[id, worker] : m_workers) {
        if (!mailboxIds.contains(id))
            worker->quit = true;
    }
    for (qint64 id : mailboxIds) {
        if (m_workers.count(id))
            continue;
        auto worker = std::make_unique<Worker>();
        Worker *raw = worker.get();
        worker->thread = std::thread([this, id, raw] {
            watch(id, raw->quit);
            raw->done = true;
        });
        m_workers.emplace(id, std::move(worker));
    }
}

void MailGatewayService::watch(qint64 mailboxId, const std::atomic<bool> &quit)
{
    QString opening;
    const std::unique_ptr<MailBackend> backend = m_backends(&opening);
    if (!backend) {
        log(tr("mailbox %1: the store did not open: %2").arg(mailboxId).arg(opening));
        return;
    }
    MailGateway gateway(*backend);
    gateway.setHeldNotice([this](const Mailbox &mailbox, const QString &sender, const QString &detail) {
        Q_EMIT senderHeld(mailbox.name, sender, detail);
    });
    gateway.setPasswordSource(m_passwords);
    gateway.setTimeout(m_options.timeoutMs);
    gateway.setStopFlag(&m_stop);
    if (m_options.floodLimit >= 0)
        gateway.setFloodLimit(m_options.floodLimit);
    gateway.setLog([this](const QString &line) { log(line); });

    int retryMs = m_options.firstRetryMs;
    auto backOff = [&] {
        const bool more = pause(retryMs);
        retryMs = std::min(retryMs * 2, m_options.maxRetryMs);
        return more;
    };
    bool toldWaiting = false;
    while (!m_stop) {
        const auto mailbox = backend->mailbox(mailboxId);
        if (!mailbox || quit) {
            log(tr("mailbox %1: removed; no longer read").arg(mailboxId));
            return;
        }
        // Another gateway of the team reads this mailbox: this one takes over when it stops.
        if (!backend->claim(mailboxId)) {
            if (!std::exchange(toldWaiting, true))
                log(tr("%1: another gateway is reading this mailbox; taking over when it stops").arg(mailbox->name));
            if (!pause(m_options.pollMs))
                return;
            continue;
        }
        if (std::exchange(toldWaiting, false))
            log(tr("%1: taken over from the other gateway").arg(mailbox->name));
        QString error;
        const MailServerAddress address = MailServerAddress::parse(mailbox->imapUrl, &error);
        const auto password = address.isValid() ? gateway.password(*mailbox, &error) : std::nullopt;
        if (!password) {
            log(tr("%1: %2").arg(mailbox->name, error));
            if (!backOff())
                return;
            continue;
        }
        ImapClient client(address, *password, mailbox->caFile);
        client.setTimeout(m_options.timeoutMs);
        if (!client.connectAndLogin()) {
            log(tr("%1: %2; trying again in %3 s").arg(mailbox->name, client.errorString()).arg(retryMs / 1000.0));
            if (!backOff())
                return;
            continue;
        }
        MailGateway::Tally tally;
        bool first = true;
        while (!m_stop) {
            if (!gateway.fetch(client, mailboxId, first, tally))
                break;
            if (first && retryMs != m_options.firstRetryMs)
                log(tr("%1: connected again").arg(mailbox->name));
            first = false;
            retryMs = m_options.firstRetryMs;
            if (client.supportsIdle()) {
                const auto result = client.idle(m_options.idleMs, quit, [&] { Q_EMIT listening(mailboxId); });
                if (result == ImapClient::IdleResult::Failed) {
                    log(tr("%1: %2").arg(mailbox->name, client.errorString()));
                    break;
                }
            } else {
                Q_EMIT listening(mailboxId);
                if (!pause(m_options.pollMs))
                    break;
            }
            if (quit || !backend->mailbox(mailboxId))
                break;
        }
        client.logout();
        if (!m_stop && !backOff())
            return;
    }
}
