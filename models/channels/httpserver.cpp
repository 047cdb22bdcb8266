#include "httpserver.h"

#include <QUrl>

#include <arpa/inet.h>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <vector>

using namespace Qt::StringLiterals;

// One request on its way in: what has arrived of it so far.
struct HttpServer::Exchange {
    HttpRequest request;
};

namespace {

MHD_Result collect(void *cls, MHD_ValueKind, const char *key, const char *value)
{
    auto *into = static_cast<QHash<QByteArray, QByteArray> *>(cls);
    if (key)
        into->insert(QByteArray(key).toLower(), QByteArray(value ? value : ""));
    return MHD_YES;
}

QString peerOf(MHD_Connection *connection)
{
    const MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return {};
    QHostAddress address(info->client_addr);
    return address.toString();
}

MHD_Result send(MHD_Connection *connection, const HttpResponse &answer)
{
    MHD_Response *response = MHD_create_response_from_buffer(
        size_t(answer.body.size()), const_cast<char *>(answer.body.constData()), MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    if (!answer.contentType.isEmpty())
        MHD_add_response_header(response, "Content-Type", answer.contentType.constData());
    // Nothing the gateway answers may be kept by a cache or sniffed into something else.
    MHD_add_response_header(response, "Cache-Control", "no-store");
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    for (const auto &[name, value] : answer.headers)
        MHD_add_response_header(response, name.constData(), value.constData());
    const MHD_Result queued = MHD_queue_response(connection, unsigned(answer.status), response);
    MHD_destroy_response(response);
    return queued;
}

MHD_Result access(void *cls, MHD_Connection *connection, const char *url, const char *method, const char *,
                  const char *uploadData, size_t *uploadDataSize, void **state)
{
    auto *server = static_cast<HttpServer *>(cls);
    auto *exchange = static_cast<HttpServer::Exchange *>(*state);
    if (!exchange) {
        exchange = new HttpServer::Exchange;
        *state = exchange;
        HttpRequest &request = exchange->request;
        request.method = QByteArray(method);
        request.path = QByteArray(url);
        MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect, &request.headers);
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &collect, &request.query);
        request.peer = peerOf(connection);
        bool known = false;
        const qint64 announced = request.header("content-length").toLongLong(&known);
        if (known && announced > server->maxBodyBytes()) {
            // Said before a byte of it is read: answered at once, and the connection closed.
            request.bodyTooLarge = true;
            return send(connection, server->answer(request));
        }
        return MHD_YES;
    }
    HttpRequest &request = exchange->request;
    if (*uploadDataSize > 0) {
        // Longer than the server takes: the rest is read and dropped (the connection's idle
        // timeout bounds how long), so the client still hears why.
        if (!request.bodyTooLarge && request.body.size() + qint64(*uploadDataSize) > server->maxBodyBytes()) {
            request.bodyTooLarge = true;
            request.body = QByteArray();
        }
        if (!request.bodyTooLarge)
            request.body.append(uploadData, qsizetype(*uploadDataSize));
        *uploadDataSize = 0;
        return MHD_YES;
    }
    return send(connection, server->answer(request));
}

void completed(void *, MHD_Connection *, void **state, MHD_RequestTerminationCode)
{
    delete static_cast<HttpServer::Exchange *>(*state);
    *state = nullptr;
}

void logError(void *, const char *format, va_list arguments)
{
    // libmicrohttpd's own words about a connection (a TLS handshake that failed, say); they
    // hold no request bodies or headers.
    char line[512];
    std::vsnprintf(line, sizeof line, format, arguments);
    qWarning("http: %s", line);
}

} // namespace

HttpServer::HttpServer(Handler handler)
    : m_handler(std::move(handler))
{}

HttpServer::~HttpServer()
{
    stop();
}

bool HttpServer::start(const Options &options)
{
    stop();
    m_options = options;
    sockaddr_storage storage{};
    unsigned flags = MHD_USE_ERROR_LOG;
    flags |= options.threadPerConnection ? MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD
                                         : MHD_USE_AUTO_INTERNAL_THREAD;
    if (options.address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(options.port);
        const Q_IPV6ADDR bytes = options.address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        flags |= MHD_USE_IPv6;
    } else if (options.address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(options.port);
        in4->sin_addr.s_addr = htonl(options.address.toIPv4Address());
    } else {
        m_error = tr("\"%1\" is not an address to listen on.").arg(options.address.toString());
        return false;
    }
    const bool withTls = !options.tlsCertificatePem.isEmpty();
    if (withTls != !options.tlsKeyPem.isEmpty()) {
        m_error = tr("HTTPS needs both a certificate and its key.");
        return false;
    }
    if (withTls)
        flags |= MHD_USE_TLS;
    // libmicrohttpd reads the PEM as C strings.
    const QByteArray certificate = options.tlsCertificatePem + '\0';
    const QByteArray key = options.tlsKeyPem + '\0';
    // The logger first, so that libmicrohttpd's words about the other options go to it too.
    std::vector<MHD_OptionItem> items{
        {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&logError), nullptr},
        {MHD_OPTION_SOCK_ADDR, 0, &storage},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&completed), nullptr},
        {MHD_OPTION_CONNECTION_LIMIT, intptr_t(options.connectionLimit), nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, intptr_t(options.idleTimeoutSeconds), nullptr},
    };
    if (options.perAddressConnectionLimit > 0)
        items.push_back({MHD_OPTION_PER_IP_CONNECTION_LIMIT, intptr_t(options.perAddressConnectionLimit), nullptr});
    if (options.threads > 1 && !options.threadPerConnection)
        items.push_back({MHD_OPTION_THREAD_POOL_SIZE, intptr_t(options.threads), nullptr});
    if (withTls) {
        items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char *>(certificate.constData())});
        items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char *>(key.constData())});
    }
    items.push_back({MHD_OPTION_END, 0, nullptr});
    m_daemon = MHD_start_daemon(flags, options.port, nullptr, nullptr, &access, this, MHD_OPTION_ARRAY, items.data(),
                                MHD_OPTION_END);
    if (!m_daemon) {
        m_error = withTls ? tr("Could not listen on %1 port %2 with HTTPS: the port is taken, or the certificate "
                               "or key could not be read.")
                                .arg(options.address.toString())
                                .arg(options.port)
                          : tr("Could not listen on %1 port %2: the port is taken or not ours to use.")
                                .arg(options.address.toString())
                                .arg(options.port);
        return false;
    }
    const MHD_DaemonInfo *info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
    m_port = info ? info->port : options.port;
    m_error.clear();
    return true;
}

void HttpServer::stop()
{
    if (m_daemon) {
        MHD_stop_daemon(m_daemon);
        m_daemon = nullptr;
    }
}
