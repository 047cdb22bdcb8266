#include "smtpclient.h"

#include "curlglobal.h"

#include <QFile>

#include <cstring>
#include <curl/curl.h>

using namespace Qt::StringLiterals;

namespace {

struct Upload {
    const QByteArray *bytes = nullptr;
    qsizetype offset = 0;
};

size_t readUpload(char *buffer, size_t size, size_t count, void *data)
{
    auto *upload = static_cast<Upload *>(data);
    const qsizetype left = upload->bytes->size() - upload->offset;
    const qsizetype n = qMin<qsizetype>(left, qsizetype(size * count));
    std::memcpy(buffer, upload->bytes->constData() + upload->offset, size_t(n));
    upload->offset += n;
    return size_t(n);
}

// The server's replies as they come in (only those: what we send holds the AUTH secret and
// is never looked at). A multi-line reply "250-…" ends with its "250 " line.
struct Replies {
    QByteArray pending;
    QByteArray last;
    QByteArray refusal; // the first 4xx/5xx reply: after it libcurl still QUITs ("221 Bye")
};

int collectReplies(CURL *, curl_infotype type, char *data, size_t size, void *context)
{
    if (type != CURLINFO_HEADER_IN)
        return 0;
    auto *replies = static_cast<Replies *>(context);
    const QList<QByteArray> lines = QByteArray(data, qsizetype(size)).split('\n');
    for (QByteArray line : lines) {
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        if (line.size() > 3 && line[3] == '-') {
            replies->pending += line.left(3) + ' ' + line.mid(4) + '\n';
        } else {
            replies->last = replies->pending + line;
            replies->pending.clear();
            if (replies->refusal.isEmpty() && (line.startsWith('4') || line.startsWith('5')))
                replies->refusal = replies->last;
        }
    }
    return 0;
}

struct Easy {
    CURL *handle = curl_easy_init();
    curl_slist *recipients = nullptr;
    ~Easy()
    {
        curl_slist_free_all(recipients);
        if (handle)
            curl_easy_cleanup(handle);
    }
};

} // namespace

SmtpClient::SmtpClient(MailServerAddress address, QByteArray password, QString caFile)
    : m_address(std::move(address))
    , m_password(std::move(password))
    , m_caFile(std::move(caFile))
{}

SmtpClient::SmtpResult SmtpClient::send(const QString &envelopeFrom, const QStringList &recipients,
                                        const QByteArray &rfc5322Bytes) const
{
    if (recipients.isEmpty()) {
        SmtpResult result;
        result.permanent = true;
        result.failure = Failure::Protocol;
        result.errorString = tr("the mail has no recipient");
        return result;
    }
    return run(&envelopeFrom, recipients, &rfc5322Bytes);
}

SmtpClient::SmtpResult SmtpClient::check() const
{
    return run(nullptr, {}, nullptr);
}

SmtpClient::SmtpResult SmtpClient::run(const QString *envelopeFrom, const QStringList &recipients,
                                       const QByteArray *bytes) const
{
    SmtpResult result;
    if (!m_address.isValid() || m_address.protocol() != MailServerAddress::Protocol::Smtp) {
        result.failure = Failure::BadAddress;
        result.errorString = tr("no SMTP server address (smtp://LOGIN@HOST:PORT) is set");
        return result;
    }
    if (!m_caFile.isEmpty() && !QFile::exists(m_caFile)) {
        result.failure = Failure::Tls;
        result.errorString = tr("no PEM certificate could be read from %1").arg(m_caFile);
        return result;
    }
    Easy easy;
    if (!curlGlobalReady() || !easy.handle) {
        result.failure = Failure::Protocol;
        result.errorString = tr("libcurl could not be started");
        return result;
    }
    CURL *curl = easy.handle;
    const bool implicitTls = m_address.security() == MailServerAddress::Security::ImplicitTls;
    const QString host = m_address.host().contains(u':') ? u'[' + m_address.host() + u']' : m_address.host();
    const QByteArray url =
        ((implicitTls ? u"smtps://"_s : u"smtp://"_s) + host + u':' + QString::number(m_address.port())).toUtf8();
    const QByteArray login = m_address.login().toUtf8();
    const QByteArray caFile = QFile::encodeName(m_caFile);
    char errorBuffer[CURL_ERROR_SIZE] = {};
    Replies replies;
    Upload upload{bytes, 0};

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    // STARTTLS is required on smtp://: a server that does not offer it gets no password.
    curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    curl_easy_setopt(curl, CURLOPT_USERNAME, login.constData());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, m_password.constData());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // on a worker thread: no SIGALRM
    const long timeoutSeconds = qMax(1L, long(m_timeoutMs / 1000));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(m_timeoutMs));
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeoutSeconds);
    // A big attachment may take longer than the timeout to upload; a stalled one may not.
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, timeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); // for the debug function only, prints nothing
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &collectReplies);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &replies);

    QByteArray from;
    if (bytes) {
        from = '<' + envelopeFrom->toUtf8() + '>';
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
        for (const QString &recipient : recipients)
            easy.recipients =
                curl_slist_append(easy.recipients, QByteArray('<' + recipient.toUtf8() + '>').constData());
        curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, easy.recipients);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &readUpload);
        curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(bytes->size()));
    } else {
        // Without recipients or upload libcurl sends this one command after EHLO, STARTTLS
        // and AUTH: the login is tested, nothing is sent.
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "NOOP");
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    }

    const CURLcode code = curl_easy_perform(curl);
    long responseCode = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &responseCode);
    result.serverReply = QString::fromUtf8(replies.last);
    const QString where = m_address.host() + u':' + QString::number(m_address.port());
    const QString detail = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(code));

    if (code == CURLE_OK) {
        result.sent = bytes != nullptr;
        result.code = int(responseCode);
        return result;
    }
    // The reply that refused, when a server refused; after a dropped connection the last
    // code is a 2xx/3xx of an earlier step and says nothing.
    if (responseCode >= 400) {
        result.code = int(responseCode);
        result.permanent = responseCode >= 500;
        if (!replies.refusal.isEmpty())
            result.serverReply = QString::fromUtf8(replies.refusal);
    } else {
        result.serverReply.clear();
    }
    const QString reply = result.serverReply.isEmpty() ? detail : result.serverReply;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
        result.failure = Failure::NoSuchHost;
        result.errorString = tr("no such host %1").arg(m_address.host());
        break;
    case CURLE_COULDNT_CONNECT:
        result.failure = Failure::Refused;
        result.errorString = tr("connection refused by %1").arg(where);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        result.failure = Failure::Timeout;
        result.errorString = tr("%1 did not answer within %2 s").arg(where).arg(m_timeoutMs / 1000.0);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
        result.failure = Failure::UntrustedCertificate;
        result.errorString =
            tr("the server's certificate is not trusted: %1 (pass --ca-file for a private CA)").arg(detail);
        break;
    case CURLE_USE_SSL_FAILED:
        result.failure = Failure::Tls;
        result.errorString = tr("%1 does not offer STARTTLS, and the password is never sent unencrypted").arg(where);
        break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        result.failure = Failure::Tls;
        result.errorString = tr("no TLS connection with %1: %2").arg(where, detail);
        break;
    case CURLE_LOGIN_DENIED:
        // A password to fix, not a mail to give up on.
        result.permanent = false;
        result.failure = Failure::Login;
        result.errorString = tr("login refused for %1: %2").arg(m_address.login(), reply);
        break;
    default:
        result.failure = Failure::Protocol;
        if (responseCode >= 400)
            result.errorString = tr("%1 refused the mail: %2").arg(where, result.serverReply);
        else
            result.errorString = tr("the connection to %1 was lost: %2").arg(where, detail);
        break;
    }
    return result;
}
