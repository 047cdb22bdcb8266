#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QHostAddress;
class QNetworkAccessManager;
class QNetworkReply;

// The remote images of one mail, fetched only when the agent asks for them (a tracker pixel
// tells the sender that, and when, the mail was read). On the event loop, never blocking:
// http and https only (redirects too), no cookies sent or kept, no cache, each image size-
// limited and timed out, and never from this computer or the local network (a mail's image
// address must not make the agent's desk probe the printer's admin page or a router): the
// name is looked up first, and an address that is not a global one is refused, for redirects too.
// The bytes are handed back undecoded; the window decides what it shows.
class RemoteImageFetcher : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 defaultMaxBytes = 5 * 1024 * 1024;
    static constexpr int defaultTimeoutMs = 15000;
    static constexpr int maxImages = 50;
    static constexpr int maxRedirects = 3;

    explicit RemoteImageFetcher(QObject *parent = nullptr);

    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Tests serve their images on loopback; an agent's desk never allows it.
    void setLocalNetworkAllowed(bool allowed) { m_localNetworkAllowed = allowed; }

    // Starts fetching; each address ends in imageFetched or imageFailed, then finished().
    void fetch(const QStringList &addresses);
    bool isRunning() const { return m_pending > 0; }

    static bool isAllowed(const QUrl &url);
    // Loopback, private (RFC 1918, shared, unique local), link-local, multicast and reserved,
    // unspecified; IPv4 also when mapped into IPv6.
    static bool isLocalNetwork(const QHostAddress &address);

Q_SIGNALS:
    void imageFetched(int index, const QByteArray &bytes);
    void imageFailed(int index, const QString &why);
    void finished(int fetched, int failed);

private:
    // Calls then(true) once host resolves only to global addresses, then(false) otherwise.
    void checkHost(const QString &host, std::function<void(bool global)> then);
    void start(int index, const QUrl &url);
    void fail(int index, const QString &why);
    void done();

    QNetworkAccessManager *m_network = nullptr;
    qint64 m_maxBytes = defaultMaxBytes;
    int m_timeoutMs = defaultTimeoutMs;
    bool m_localNetworkAllowed = false;
    int m_pending = 0;
    int m_fetched = 0;
    int m_failed = 0;
};
