#include "intakeclient.h"

#include "webhooksignature.h"

#include <curl/curl.h>

using namespace Qt::StringLiterals;

namespace {

size_t appendBody(char *data, size_t size, size_t count, void *into)
{
    static_cast<QByteArray *>(into)->append(data, qsizetype(size * count));
    return size * count;
}

size_t appendHeader(char *data, size_t size, size_t count, void *into)
{
    const QByteArray line = QByteArray(data, qsizetype(size * count)).trimmed();
    const qsizetype colon = line.indexOf(':');
    if (colon > 0)
        static_cast<QHash<QByteArray, QByteArray> *>(into)->insert(line.left(colon).trimmed().toLower(),
                                                                   line.mid(colon + 1).trimmed());
    return size * count;
}

} // namespace

IntakeClient::IntakeClient(QString baseUrl)
    : m_baseUrl(std::move(baseUrl))
{}

IntakeClient::Reply IntakeClient::perform(const QString &path, const QByteArray *body,
                                          const QList<std::pair<QByteArray, QByteArray>> &headers,
                                          const QByteArray &method)
{
    Reply reply;
    CURL *curl = curl_easy_init();
    const QByteArray url = (m_baseUrl + path).toUtf8();
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, m_timeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_slist *list = nullptr;
    QList<QByteArray> lines;
    for (const auto &[name, value] : headers) {
        lines.append(name + ": " + value);
        list = curl_slist_append(list, lines.last().constData());
    }
    // No "Expect: 100-continue" wait for large bodies.
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body->size()));
    }
    if (!method.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.constData());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &appendHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
    // An answer may have come before the connection ended badly: its status counts either way.
    curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    return reply;
}

IntakeClient::Reply IntakeClient::post(const QString &path, const QByteArray &body,
                                       const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    return perform(path, &body, headers);
}

IntakeClient::Reply IntakeClient::get(const QString &path)
{
    return perform(path, nullptr, {});
}

IntakeClient::Reply IntakeClient::get(const QString &path, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    return perform(path, nullptr, headers);
}

IntakeClient::Reply IntakeClient::send(const QByteArray &method, const QString &path, const QByteArray *body,
                                       const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    return perform(path, body, headers, method);
}

IntakeClient::Reply IntakeClient::postSigned(const QString &secret, const QByteArray &webhookId, qint64 timestamp,
                                             const QByteArray &body, const QString &path)
{
    const QByteArray signature = WebhookSignature::sign(*WebhookSignature::keyOf(secret), webhookId, timestamp, body);
    return post(path, body,
                {{"Content-Type", "application/json"},
                 {"webhook-id", webhookId},
                 {"webhook-timestamp", QByteArray::number(timestamp)},
                 {"webhook-signature", signature}});
}
