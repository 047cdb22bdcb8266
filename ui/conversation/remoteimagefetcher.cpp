#include "remoteimagefetcher.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

RemoteImageFetcher::RemoteImageFetcher(QObject *parent)
    : QObject(parent)
{}

bool RemoteImageFetcher::isAllowed(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == u"http" || scheme == u"https");
}

bool RemoteImageFetcher::isLocalNetwork(const QHostAddress &address)
{
    // QHostAddress::isGlobal() (Qt 6.4) still calls RFC 1918 and unique local addresses global.
    static const QList<QPair<QHostAddress, int>> local = [] {
        QList<QPair<QHostAddress, int>> subnets;
        for (const char *subnet : {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                                   "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3",
                                   "::/127", "fc00::/7", "fe80::/10", "ff00::/8"})
            subnets.append(QHostAddress::parseSubnet(QString::fromLatin1(subnet)));
        return subnets;
    }();
    if (address.isNull())
        return true;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped); // also for ::ffff:a.b.c.d
    const QHostAddress plain = mapped ? QHostAddress(v4) : address;
    for (const auto &subnet : local) {
        if (plain.isInSubnet(subnet))
            return true;
    }
    return false;
}

void RemoteImageFetcher::checkHost(const QString &host, std::function<void(bool global)> then)
{
    if (m_localNetworkAllowed) {
        then(true);
        return;
    }
    const QHostAddress literal(host);
    if (!literal.isNull()) {
        then(!isLocalNetwork(literal));
        return;
    }
    QHostInfo::lookupHost(host, this, [then = std::move(then)](const QHostInfo &info) {
        bool global = info.error() == QHostInfo::NoError && !info.addresses().isEmpty();
        for (const QHostAddress &address : info.addresses())
            global = global && !isLocalNetwork(address);
        then(global);
    });
}

void RemoteImageFetcher::fetch(const QStringList &addresses)
{
    // Made at the agent's click, not with the dialog: nothing touches the network before.
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
    }
    if (addresses.isEmpty()) {
        Q_EMIT finished(0, 0);
        return;
    }
    const int count = int(std::min<qsizetype>(addresses.size(), maxImages));
    m_pending += int(addresses.size());
    for (int i = 0; i < int(addresses.size()); ++i) {
        const QUrl url(addresses[i].trimmed(), QUrl::StrictMode);
        if (i >= count)
            fail(i, tr("More than %n image(s) in one mail.", nullptr, maxImages));
        else if (!isAllowed(url))
            fail(i, tr("Only http and https images are loaded."));
        else
            checkHost(url.host(), [this, i, url](bool global) {
                if (global)
                    start(i, url);
                else
                    fail(i, tr("%1 is on this computer or the local network, or has no address; images are loaded "
                               "from the internet only.")
                                .arg(url.host()));
            });
    }
}

void RemoteImageFetcher::start(int index, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setMaximumRedirectsAllowed(maxRedirects);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "image/png,image/jpeg,image/gif,image/webp");
    QNetworkReply *reply = m_network->get(request);
    auto buffer = std::make_shared<QByteArray>();
    auto refused = std::make_shared<QString>();
    connect(reply, &QNetworkReply::redirected, reply, [this, reply, refused](const QUrl &to) {
        // A redirect may not lead anywhere a first address could not.
        if (!isAllowed(to)) {
            *refused = tr("Redirected to %1, which is not an http or https address.").arg(to.toDisplayString());
            reply->abort();
            return;
        }
        checkHost(to.host(), [reply = QPointer<QNetworkReply>(reply), refused, to](bool global) {
            if (!reply)
                return; // ended meanwhile (timed out, or the dialog closed)
            if (global) {
                Q_EMIT reply->redirectAllowed();
            } else {
                *refused = tr("Redirected to %1, which is on this computer or the local network.").arg(to.host());
                reply->abort();
            }
        });
    });
    const auto tooLarge = [this, reply, refused](qint64 size) {
        if (size <= m_maxBytes)
            return false;
        *refused = tr("Larger than %1 KB.").arg(m_maxBytes / 1024);
        reply->abort();
        return true;
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, tooLarge] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            tooLarge(length.toLongLong());
    });
    connect(reply, &QNetworkReply::readyRead, reply, [reply, buffer, tooLarge] {
        // Read as it comes, so a server sending without end stops at the limit, not in memory.
        if (!tooLarge(buffer->size() + reply->bytesAvailable()))
            buffer->append(reply->readAll());
    });
    connect(reply, &QNetworkReply::finished, this, [this, index, reply, buffer, refused] {
        reply->deleteLater();
        if (!refused->isEmpty()) {
            fail(index, *refused);
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            fail(index,
                 reply->error() == QNetworkReply::OperationCanceledError ? tr("Timed out.") : reply->errorString());
            return;
        }
        buffer->append(reply->readAll());
        if (buffer->size() > m_maxBytes) {
            fail(index, tr("Larger than %1 KB.").arg(m_maxBytes / 1024));
            return;
        }
        ++m_fetched;
        Q_EMIT imageFetched(index, *buffer);
        done();
    });
}

void RemoteImageFetcher::fail(int index, const QString &why)
{
    ++m_failed;
    Q_EMIT imageFailed(index, why);
    done();
}

void RemoteImageFetcher::done()
{
    if (--m_pending == 0) {
        Q_EMIT finished(m_fetched, m_failed);
        m_fetched = 0;
        m_failed = 0;
    }
}
