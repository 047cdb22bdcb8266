#include "intakerunner.h"

#include "intakesecrets.h"
#include "intakestore.h"
#include "localintakebackend.h"
#include "localstore.h"

#include <QTimer>

using namespace Qt::StringLiterals;

IntakeRunner::IntakeRunner(QString storePath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(std::move(storePath))
    , m_clock(clock)
{
    setListen(QString::fromLatin1(defaultListen));
}

IntakeRunner::~IntakeRunner()
{
    stop();
}

bool IntakeRunner::setListen(const QString &address)
{
    const QString listen = address.trimmed();
    const qsizetype colon = listen.lastIndexOf(u':');
    bool ok = false;
    const int port = colon > 0 ? listen.mid(colon + 1).toInt(&ok) : -1;
    QString host = listen.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QHostAddress parsed(host);
    if (!ok || port < 0 || port > 65535 || parsed.isNull())
        return false;
    m_options.http.address = parsed;
    m_options.http.port = quint16(port);
    return true;
}

void IntakeRunner::relayTo(LocalStore &store)
{
    connect(this, &IntakeRunner::ticketsChanged, &store, &LocalStore::announceTicketsChanged);
    connect(this, &IntakeRunner::messagesAdded, &store,
            [&store](qint64 ticketId, const QList<qint64> &) { store.announceMessagesAdded(ticketId); });
}

quint16 IntakeRunner::port() const
{
    return m_service ? m_service->port() : 0;
}

bool IntakeRunner::startIfSources(LocalStore &store)
{
    if (!IntakeStore(store).sources().isEmpty())
        return start();
    if (!m_watch) {
        m_watch = new QTimer(this);
        m_watch->setInterval(watchIntervalMs);
        connect(m_watch, &QTimer::timeout, this, [this, &store] {
            if (m_service || IntakeStore(store).sources().isEmpty())
                return;
            m_watch->stop();
            if (start())
                Q_EMIT started();
        });
    }
    m_watch->start();
    return false;
}

bool IntakeRunner::start()
{
    if (m_service)
        return true;
    auto service = std::make_unique<IntakeService>(LocalIntakeBackend::factory(m_path, m_clock),
                                                   IntakeSecrets::pathFor(m_path), m_clock, m_options);
    service->setLog([this](const QString &line) { Q_EMIT logged(line); });
    // Called on the server's threads; the signals queue to the window's.
    service->setWrittenListener([this](const IntakeService::Written &written) {
        if (written.ticketId > 0) {
            Q_EMIT ticketsChanged({written.ticketId});
            Q_EMIT messagesAdded(written.ticketId, {});
        }
        if (written.callAnswered)
            Q_EMIT callAnswered(written.callId, written.agentLogin);
        if (written.callEnded)
            Q_EMIT callEnded(written.callId);
    });
    if (!service->start()) {
        Q_EMIT failed(service->errorString());
        return false;
    }
    m_service = std::move(service);
    m_replies = std::make_unique<ReplyWebhookService>(m_path, IntakeSecrets::pathFor(m_path), m_clock);
    m_replies->setLog([this](const QString &line) { Q_EMIT logged(line); });
    m_replies->start();
    return true;
}

void IntakeRunner::stop()
{
    if (m_watch)
        m_watch->stop();
    m_replies.reset(); // stops within the webhook under way
    if (m_service)
        m_service->stop();
    m_service.reset();
}
