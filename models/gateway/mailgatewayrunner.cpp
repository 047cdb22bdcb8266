#include "mailgatewayrunner.h"

#include "localstore.h"
#include "mailsecret.h"
#include "mailstore.h"

#include <QThread>

using namespace Qt::StringLiterals;

MailGatewayRunner::MailGatewayRunner(QString storePath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(std::move(storePath))
    , m_clock(clock)
{}

MailGatewayRunner::~MailGatewayRunner()
{
    stop();
}

void MailGatewayRunner::relayTo(LocalStore &store)
{
    connect(this, &MailGatewayRunner::ticketsChanged, &store, &LocalStore::announceTicketsChanged);
    connect(this, &MailGatewayRunner::messagesAdded, &store,
            [&store](qint64 ticketId, const QList<qint64> &) { store.announceMessagesAdded(ticketId); });
}

bool MailGatewayRunner::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void MailGatewayRunner::start()
{
    if (isRunning()) {
        std::lock_guard lock(m_mutex);
        if (m_service)
            m_service->rereadMailboxes();
        return;
    }
    m_thread.reset(QThread::create([this] { runOnThread(); }));
    m_thread->setObjectName(u"MailGateway"_s);
    m_thread->start(QThread::LowPriority);
}

bool MailGatewayRunner::startIfMailboxes(LocalStore &store)
{
    if (MailStore(store).mailboxes().isEmpty())
        return false;
    start();
    return true;
}

void MailGatewayRunner::stop()
{
    if (!m_thread)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (m_service)
            m_service->stop();
    }
    m_thread->wait();
    m_thread.reset();
    std::lock_guard lock(m_mutex);
    m_stopping = false;
}

void MailGatewayRunner::runOnThread()
{
    // The key file is made on first use: a write, so here rather than on the UI thread.
    QString error;
    const auto secret = MailSecret::loadOrCreate(m_path, &error);
    if (!secret) {
        Q_EMIT failed(error);
        return;
    }
    MailGatewayService service(m_path, m_clock, *secret, m_options);
    if (m_passwords)
        service.setPasswordSource(m_passwords);
    // Passed on from whichever of the service's threads wrote; receivers queue them.
    connect(&service, &MailGatewayService::ticketsChanged, this, &MailGatewayRunner::ticketsChanged,
            Qt::DirectConnection);
    connect(&service, &MailGatewayService::messagesAdded, this, &MailGatewayRunner::messagesAdded,
            Qt::DirectConnection);
    connect(&service, &MailGatewayService::logged, this, &MailGatewayRunner::logged, Qt::DirectConnection);
    connect(&service, &MailGatewayService::listening, this, &MailGatewayRunner::listening, Qt::DirectConnection);
    connect(&service, &MailGatewayService::senderHeld, this, &MailGatewayRunner::senderHeld, Qt::DirectConnection);
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_service = &service;
    }
    const bool ran = service.run();
    {
        std::lock_guard lock(m_mutex);
        m_service = nullptr;
    }
    if (!ran)
        Q_EMIT failed(service.errorString());
}
