#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <utility>

struct MHD_Daemon;

// What a client asked, whole: headers with lower-case names, the body read to its end (or
// bodyTooLarge, with no body, when it was longer than the server takes).
struct HttpRequest {
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers;
    QHash<QByteArray, QByteArray> query;
    QByteArray body;
    bool bodyTooLarge = false;
    QString peer;

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

// An HTTP/1.1 server on libmicrohttpd (HTTPS when given a certificate): each request's body is
// read in full, within a limit, and handed to the handler on one of the server's threads,
// whose answer goes back as it is. The handler must be safe to call from those threads.
class HttpServer
{
    Q_DECLARE_TR_FUNCTIONS(HttpServer)

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 8925; // 0: any free port, see port()
        QByteArray tlsCertificatePem;
        QByteArray tlsKeyPem;
        qint64 maxBodyBytes = 16 * 1024 * 1024;
        int threads = 1;
        int connectionLimit = 1000;
        int idleTimeoutSeconds = 30;
        // A thread per connection (at most connectionLimit): for handlers that wait, such as the
        // chat's long polls, which would hold up every other connection of a shared thread.
        bool threadPerConnection = false;
        int perAddressConnectionLimit = 0; // 0: no limit
    };

    explicit HttpServer(Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    bool start(const Options &options);
    // Answers what is under way, then closes every connection.
    void stop();
    bool isRunning() const { return m_daemon != nullptr; }
    quint16 port() const { return m_port; }
    bool tls() const { return !m_options.tlsCertificatePem.isEmpty(); }
    QString errorString() const { return m_error; }

    // For libmicrohttpd's callbacks.
    struct Exchange;
    HttpResponse answer(const HttpRequest &request) const { return m_handler(request); }
    qint64 maxBodyBytes() const { return m_options.maxBodyBytes; }

private:
    Handler m_handler;
    Options m_options;
    MHD_Daemon *m_daemon = nullptr;
    quint16 m_port = 0;
    QString m_error;
};
