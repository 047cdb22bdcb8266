#pragma once

#include "httpserver.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <mutex>

// A source's receiver of reply webhooks, over real HTTP on loopback: keeps what it was sent
// and answers with the status a test sets.
class WebhookReceiver
{
public:
    WebhookReceiver();

    void answerWith(int code, QByteArray body = "ok");
    QList<HttpRequest> requests();
    // Its address, with a token in the query as receivers often want.
    QString url() const;
    quint16 port() const { return m_server.port(); }

private:
    HttpResponse take(const HttpRequest &request);

    std::mutex m_mutex;
    QList<HttpRequest> m_received;
    int m_status = 200;
    QByteArray m_answer = "ok";
    HttpServer m_server;
};
