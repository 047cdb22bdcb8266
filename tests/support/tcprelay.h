#pragma once

#include <QObject>
#include <QThread>

class QTcpServer;

// A loopback TCP relay in front of the test server, on a thread of its own, that a test
// can cut: every open connection drops and new ones are refused, as when a desk's network
// goes away. Desks connect to port() instead of the server's.
class TcpRelay
{
public:
    TcpRelay(const QString &targetHost, int targetPort);
    ~TcpRelay();

    int port() const { return m_port; }
    void setConnected(bool connected);

private:
    QThread m_thread;
    QObject *m_worker = nullptr;
    int m_port = 0;
};
