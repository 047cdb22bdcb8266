#include "sslmailstream.h"

#include <QDeadlineTimer>
#include <QSslConfiguration>
#include <QSslSocket>

#include <cstdlib>
#include <cstring>
#include <libetpan/libetpan.h>

using namespace Qt::StringLiterals;

SslMailStream::SslMailStream(int timeoutMs, QList<QSslCertificate> extraCaCertificates)
    : m_timeoutMs(timeoutMs)
    , m_extraCaCertificates(std::move(extraCaCertificates))
{}

SslMailStream::~SslMailStream() = default;

void SslMailStream::clearFailure()
{
    m_failure = TransportFailure::None;
    m_errorString.clear();
}

void SslMailStream::fail(TransportFailure failure, const QString &text)
{
    // The first failure is the one that explains the others (a timeout, then a stream error).
    if (m_failure != TransportFailure::None)
        return;
    m_failure = failure;
    m_errorString = text;
}

bool SslMailStream::open(const QString &host, int port, bool implicitTls)
{
    clearFailure();
    m_host = host;
    m_port = port;
    m_socket = std::make_unique<QSslSocket>();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    config.setProtocol(QSsl::SecureProtocols);
    // Setting CAs replaces the system's (loaded on demand otherwise): keep them and add ours.
    if (!m_extraCaCertificates.isEmpty())
        config.setCaCertificates(QSslConfiguration::systemCaCertificates() + m_extraCaCertificates);
    m_socket->setSslConfiguration(config);
    m_socket->setPeerVerifyName(host);
    if (implicitTls) {
        m_socket->connectToHostEncrypted(host, quint16(port));
        if (!m_socket->waitForEncrypted(m_timeoutMs))
            return failFromSocket(true);
    } else {
        m_socket->connectToHost(host, quint16(port));
        if (!m_socket->waitForConnected(m_timeoutMs))
            return failFromSocket(false);
    }
    return true;
}

bool SslMailStream::startTls()
{
    if (m_socket->bytesAvailable() > 0) {
        fail(TransportFailure::Tls, tr("%1:%2 sent data before the TLS handshake; refused").arg(m_host).arg(m_port));
        return false;
    }
    m_socket->startClientEncryption();
    if (!m_socket->waitForEncrypted(m_timeoutMs))
        return failFromSocket(true);
    return true;
}

bool SslMailStream::isEncrypted() const
{
    return m_socket && m_socket->isEncrypted();
}

bool SslMailStream::failFromSocket(bool handshake)
{
    const QString where = u"%1:%2"_s.arg(m_host).arg(m_port);
    const QList<QSslError> sslErrors = m_socket->sslHandshakeErrors();
    if (!sslErrors.isEmpty()) {
        QStringList texts;
        for (const QSslError &error : sslErrors)
            texts.append(error.errorString());
        texts.removeDuplicates();
        fail(TransportFailure::UntrustedCertificate,
             tr("the server's certificate is not trusted: %1 (pass --ca-file for a private CA)")
                 .arg(texts.join(u"; "_s)));
        return false;
    }
    switch (m_socket->error()) {
    case QAbstractSocket::HostNotFoundError:
        fail(TransportFailure::NoSuchHost, tr("no such host %1").arg(m_host));
        break;
    case QAbstractSocket::ConnectionRefusedError:
        fail(TransportFailure::Refused, tr("connection refused by %1").arg(where));
        break;
    case QAbstractSocket::SocketTimeoutError:
        fail(TransportFailure::Timeout, tr("%1 did not answer within %2 s").arg(where).arg(m_timeoutMs / 1000.0));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(TransportFailure::Tls, tr("no TLS connection with %1: %2").arg(where, m_socket->errorString()));
        break;
    case QAbstractSocket::RemoteHostClosedError:
        fail(handshake ? TransportFailure::Tls : TransportFailure::Protocol, tr("%1 closed the connection").arg(where));
        break;
    default:
        fail(handshake ? TransportFailure::Tls : TransportFailure::Protocol,
             tr("connection to %1 failed: %2").arg(where, m_socket->errorString()));
        break;
    }
    return false;
}

_mailstream *SslMailStream::newStream(size_t bufferSize)
{
    mailstream_low *low = mailstream_low_new(this, driver());
    if (!low)
        return nullptr;
    mailstream *stream = mailstream_new(low, bufferSize);
    if (!stream)
        mailstream_low_free(low);
    return stream;
}

bool SslMailStream::waitForData(int ms)
{
    if (!m_socket)
        return false;
    if (m_socket->bytesAvailable() > 0)
        return true;
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        fail(TransportFailure::Protocol, tr("%1:%2 closed the connection").arg(m_host).arg(m_port));
        return false;
    }
    if (m_socket->waitForReadyRead(ms))
        return m_socket->bytesAvailable() > 0;
    if (m_socket->error() != QAbstractSocket::SocketTimeoutError ||
        m_socket->state() != QAbstractSocket::ConnectedState) {
        fail(TransportFailure::Protocol, tr("%1:%2 closed the connection").arg(m_host).arg(m_port));
    }
    return false;
}

ssize_t SslMailStream::read(char *buffer, size_t count)
{
    if (!m_socket)
        return -1;
    const QDeadlineTimer deadline(m_timeoutMs);
    while (m_socket->bytesAvailable() == 0) {
        if (m_socket->state() != QAbstractSocket::ConnectedState) {
            fail(TransportFailure::Protocol, tr("%1:%2 closed the connection").arg(m_host).arg(m_port));
            return -1;
        }
        if (deadline.hasExpired()) {
            fail(TransportFailure::Timeout,
                 tr("%1:%2 did not answer within %3 s").arg(m_host).arg(m_port).arg(m_timeoutMs / 1000.0));
            return -1;
        }
        if (!m_socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))) &&
            m_socket->error() != QAbstractSocket::SocketTimeoutError) {
            fail(TransportFailure::Protocol, tr("%1:%2 closed the connection").arg(m_host).arg(m_port));
            return -1;
        }
    }
    return ssize_t(m_socket->read(buffer, qint64(count)));
}

ssize_t SslMailStream::write(const char *buffer, size_t count)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        fail(TransportFailure::Protocol, tr("%1:%2 closed the connection").arg(m_host).arg(m_port));
        return -1;
    }
    if (m_socket->write(buffer, qint64(count)) != qint64(count)) {
        fail(TransportFailure::Protocol,
             tr("writing to %1:%2 failed: %3").arg(m_host).arg(m_port).arg(m_socket->errorString()));
        return -1;
    }
    const QDeadlineTimer deadline(m_timeoutMs);
    while (m_socket->bytesToWrite() > 0 || m_socket->encryptedBytesToWrite() > 0) {
        if (deadline.hasExpired() || !m_socket->waitForBytesWritten(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_socket->error() == QAbstractSocket::SocketTimeoutError || deadline.hasExpired())
                fail(TransportFailure::Timeout,
                     tr("%1:%2 did not answer within %3 s").arg(m_host).arg(m_port).arg(m_timeoutMs / 1000.0));
            else
                fail(TransportFailure::Protocol, tr("%1:%2 closed the connection").arg(m_host).arg(m_port));
            return -1;
        }
    }
    return ssize_t(count);
}

ssize_t SslMailStream::lowRead(_mailstream_low *low, void *buffer, size_t count)
{
    return static_cast<SslMailStream *>(low->data)->read(static_cast<char *>(buffer), count);
}

ssize_t SslMailStream::lowWrite(_mailstream_low *low, const void *buffer, size_t count)
{
    return static_cast<SslMailStream *>(low->data)->write(static_cast<const char *>(buffer), count);
}

int SslMailStream::lowClose(_mailstream_low *low)
{
    auto *self = static_cast<SslMailStream *>(low->data);
    if (self->m_socket) {
        self->m_socket->disconnectFromHost();
        if (self->m_socket->state() != QAbstractSocket::UnconnectedState)
            self->m_socket->abort();
    }
    return 0;
}

int SslMailStream::lowFd(_mailstream_low *low)
{
    auto *self = static_cast<SslMailStream *>(low->data);
    return self->m_socket ? int(self->m_socket->socketDescriptor()) : -1;
}

void SslMailStream::lowFree(_mailstream_low *low)
{
    // The SslMailStream belongs to the client; only libetpan's record of it goes.
    std::free(low);
}

void SslMailStream::lowCancel(_mailstream_low *)
{}

// libetpan calls these through the driver table; the low stream's data is the SslMailStream.
// No cancel or interrupt-idle hooks: IDLE polls the socket with a short wait instead.
mailstream_low_driver *SslMailStream::driver()
{
    static mailstream_low_driver table = [] {
        mailstream_low_driver d;
        std::memset(&d, 0, sizeof d);
        d.mailstream_read = &SslMailStream::lowRead;
        d.mailstream_write = &SslMailStream::lowWrite;
        d.mailstream_close = &SslMailStream::lowClose;
        d.mailstream_get_fd = &SslMailStream::lowFd;
        d.mailstream_free = &SslMailStream::lowFree;
        d.mailstream_cancel = &SslMailStream::lowCancel;
        return d;
    }();
    return &table;
}
