#include "tcprelay.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace {

class RelayWorker : public QObject
{
public:
    RelayWorker(const QString &host, int port)
        : m_host(host)
        , m_port(port)
    {
        m_server->listen(QHostAddress::LocalHost, 0);
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }

    int listeningPort() const { return m_server->serverPort(); }

    void setConnected(bool connected)
    {
        m_connected = connected;
        if (connected)
            return;
        const auto sockets = findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
        for (QTcpSocket *socket : sockets)
            socket->abort();
        for (QTcpSocket *socket : sockets)
            socket->deleteLater();
    }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server->nextPendingConnection()) {
            if (!m_connected) {
                client->abort();
                client->deleteLater();
                continue;
            }
            client->setParent(this);
            auto *upstream = new QTcpSocket(this);
            upstream->connectToHost(m_host, quint16(m_port));
            QPointer<QTcpSocket> a(client), b(upstream);
            auto pipe = [](QTcpSocket *from, QTcpSocket *to) {
                QObject::connect(from, &QTcpSocket::readyRead, to, [from, to] { to->write(from->readAll()); });
                QObject::connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
            };
            pipe(client, upstream);
            pipe(upstream, client);
        }
    }

    QTcpServer *m_server = new QTcpServer(this);
    QString m_host;
    int m_port;
    bool m_connected = true;
};

} // namespace

TcpRelay::TcpRelay(const QString &targetHost, int targetPort)
{
    auto *worker = new RelayWorker(targetHost, targetPort);
    m_port = worker->listeningPort();
    worker->moveToThread(&m_thread);
    m_worker = worker;
    m_thread.start();
}

TcpRelay::~TcpRelay()
{
    QMetaObject::invokeMethod(
        m_worker, [this] { delete m_worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void TcpRelay::setConnected(bool connected)
{
    QMetaObject::invokeMethod(
        m_worker, [this, connected] { static_cast<RelayWorker *>(m_worker)->setConnected(connected); },
        Qt::BlockingQueuedConnection);
}
