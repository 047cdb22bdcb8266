#pragma once

#include "transportfailure.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <memory>

class QSslSocket;
struct _mailstream;
struct _mailstream_low;
struct mailstream_low_driver;

// A blocking QSslSocket handed to libetpan as its stream (a mailstream_low driver), so that
// IMAP gets Qt's certificate checks: the whole chain against the system's CAs plus the
// mailbox's own CA file, and the host name. Debian's libetpan does TLS with GnuTLS but never
// verifies the certificate, so its own TLS layer cannot be used.
//
// Every wait is bounded by the timeout; a read or write that runs out marks the stream
// failed (Timeout, or Protocol when the server closed the connection) and returns -1, which
// libetpan reports as a stream error. Use it from one thread (the one that called open()).
class SslMailStream
{
    Q_DECLARE_TR_FUNCTIONS(SslMailStream)

public:
    SslMailStream(int timeoutMs, QList<QSslCertificate> extraCaCertificates);
    ~SslMailStream();
    SslMailStream(const SslMailStream &) = delete;
    SslMailStream &operator=(const SslMailStream &) = delete;

    void setTimeout(int timeoutMs) { m_timeoutMs = timeoutMs; }

    // Connects, with TLS from the first byte when implicitTls; false with failure() set.
    bool open(const QString &host, int port, bool implicitTls);
    // TLS on the open connection after the server agreed to STARTTLS. Refuses when the
    // server sent anything beyond its answer (bytes injected before the handshake).
    bool startTls();
    bool isEncrypted() const;

    // A new libetpan stream reading and writing this socket; libetpan owns the returned
    // stream (mailimap_connect takes it), this object must outlive it.
    _mailstream *newStream(size_t bufferSize);

    // Waits up to ms for bytes to read; false on timeout and on a lost connection (then
    // failure() is Protocol). Does not mark a timeout as failure: IDLE polls with it.
    bool waitForData(int ms);

    TransportFailure failure() const { return m_failure; }
    QString errorString() const { return m_errorString; }
    void clearFailure();

private:
    static mailstream_low_driver *driver();
    static ssize_t lowRead(_mailstream_low *low, void *buffer, size_t count);
    static ssize_t lowWrite(_mailstream_low *low, const void *buffer, size_t count);
    static int lowClose(_mailstream_low *low);
    static int lowFd(_mailstream_low *low);
    static void lowFree(_mailstream_low *low);
    static void lowCancel(_mailstream_low *low);

    ssize_t read(char *buffer, size_t count);
    ssize_t write(const char *buffer, size_t count);
    bool failFromSocket(bool handshake);
    void fail(TransportFailure failure, const QString &text);

    std::unique_ptr<QSslSocket> m_socket;
    int m_timeoutMs;
    QList<QSslCertificate> m_extraCaCertificates;
    QString m_host;
    int m_port = 0;
    TransportFailure m_failure = TransportFailure::None;
    QString m_errorString;
};
