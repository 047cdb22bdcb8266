#include "webhookreceiver.h"

#include "catchcompat.h"

using namespace Qt::StringLiterals;

WebhookReceiver::WebhookReceiver()
    : m_server([this](const HttpRequest &request) { return take(request); })
{
    HttpServer::Options options;
    options.port = 0;
    REQUIRE(m_server.start(options));
}

HttpResponse WebhookReceiver::take(const HttpRequest &request)
{
    std::lock_guard lock(m_mutex);
    m_received.append(request);
    HttpResponse response;
    response.status = m_status;
    response.contentType = "text/plain";
    response.body = m_answer;
    if (m_status == 302)
        response.headers.append(std::pair<QByteArray, QByteArray>("Location", "http://127.0.0.1:1/elsewhere"));
    return response;
}

void WebhookReceiver::answerWith(int code, QByteArray body)
{
    std::lock_guard lock(m_mutex);
    m_status = code;
    m_answer = std::move(body);
}

QList<HttpRequest> WebhookReceiver::requests()
{
    std::lock_guard lock(m_mutex);
    return m_received;
}

QString WebhookReceiver::url() const
{
    return u"http://127.0.0.1:%1/deskline/replies?token=t0ps3cret"_s.arg(m_server.port());
}
