#include "webhookclient.h"

#include "curlglobal.h"

#include <QFile>

#include <curl/curl.h>

using namespace Qt::StringLiterals;

namespace {

size_t keepStart(char *data, size_t size, size_t count, void *context)
{
    auto *kept = static_cast<QByteArray *>(context);
    const qsizetype n = qsizetype(size * count);
    if (kept->size() < WebhookClient::detailBytes)
        kept->append(data, std::min(n, WebhookClient::detailBytes - kept->size()));
    return size * count;
}

struct Easy {
    CURL *handle = curl_easy_init();
    curl_slist *headers = nullptr;
    ~Easy()
    {
        curl_slist_free_all(headers);
        if (handle)
            curl_easy_cleanup(handle);
    }
};

// What a receiver's answer says for the agent: one line, printable.
QString answerText(const QByteArray &start)
{
    QString text = QString::fromUtf8(start).simplified();
    text.removeIf([](QChar c) { return !c.isPrint(); });
    return text;
}

} // namespace

WebhookClient::WebhookClient(int timeoutMs)
    : m_timeoutMs(timeoutMs)
{}

WebhookClient::Result WebhookClient::post(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                                          const QByteArray &body) const
{
    Result result;
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http"_s && scheme != u"https"_s)) {
        result.permanent = true;
        result.detail = tr("the reply URL is not an http or https address");
        return result;
    }
    Easy easy;
    if (!curlGlobalReady() || !easy.handle) {
        result.detail = tr("libcurl could not be started");
        return result;
    }
    CURL *curl = easy.handle;
    const QByteArray address = url.toEncoded();
    const QByteArray caFile = QFile::encodeName(m_caFile);
    char errorBuffer[CURL_ERROR_SIZE] = {};
    QByteArray answer;
    for (const auto &[name, value] : headers)
        easy.headers = curl_slist_append(easy.headers, QByteArray(name + ": " + value).constData());
    easy.headers = curl_slist_append(easy.headers, "Content-Type: application/json");
    // No "Expect: 100-continue" round trip before a small body.
    easy.headers = curl_slist_append(easy.headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, address.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // on a worker thread: no SIGALRM
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(m_timeoutMs));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(m_timeoutMs));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, easy.headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &keepStart);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        result.permanent = code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT;
        result.detail = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(code));
        return result;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.httpStatus = int(status);
    result.delivered = status >= 200 && status < 300;
    // A redirect is not followed, and a receiver's refusal of this very webhook stays one;
    // a timeout, throttling and the receiver's own trouble may pass.
    result.permanent = !result.delivered && status != 408 && status != 429 && status < 500;
    const QString text = answerText(answer);
    result.detail = text.isEmpty() ? tr("HTTP %1").arg(status) : tr("HTTP %1: %2").arg(status).arg(text);
    return result;
}
