#include "remoteimagefetcher.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

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
            start(i, url);
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
    connect(reply, &QNetworkReply::redirected, reply, [reply, refused](const QUrl &to) {
        // A redirect may not lead anywhere a first address could not.
        if (isAllowed(to)) {
            Q_EMIT reply->redirectAllowed();
        } else {
            *refused = tr("Redirected to %1, which is not an http or https address.").arg(to.toDisplayString());
            reply->abort();
        }
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
