#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// The remote images of one mail, fetched only when the agent asks for them (a tracker pixel
// tells the sender that, and when, the mail was read). On the event loop, never blocking:
// http and https only (redirects too), no cookies sent or kept, no cache, each image size-
// limited and timed out. The bytes are handed back undecoded; the window decides what it shows.
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

    // Starts fetching; each address ends in imageFetched or imageFailed, then finished().
    void fetch(const QStringList &addresses);
    bool isRunning() const { return m_pending > 0; }

    static bool isAllowed(const QUrl &url);

Q_SIGNALS:
    void imageFetched(int index, const QByteArray &bytes);
    void imageFailed(int index, const QString &why);
    void finished(int fetched, int failed);

private:
    void start(int index, const QUrl &url);
    void fail(int index, const QString &why);
    void done();

    QNetworkAccessManager *m_network = nullptr;
    qint64 m_maxBytes = defaultMaxBytes;
    int m_timeoutMs = defaultTimeoutMs;
    int m_pending = 0;
    int m_fetched = 0;
    int m_failed = 0;
};
