#include "imapclient.h"

#include "sslmailstream.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSet>
#include <QSslCertificate>

#include <algorithm>
#include <initializer_list>
#include <libetpan/libetpan.h>

using namespace Qt::StringLiterals;

namespace {

// A batch of UID FETCH BODY.PEEK[] is one command and one round trip; small enough that
// libetpan's parsed answer (it holds the whole batch) stays far below a gigabyte.
constexpr int batchMessages = 250;
constexpr qint64 batchBytes = 16 * 1024 * 1024;
constexpr int idlePollMs = 200;
// RFC 2177: servers may drop a client idle for 30 minutes; IDLE is renewed before that.
constexpr qint64 idleRenewMs = 25 * 60 * 1000;
constexpr size_t streamBufferBytes = 64 * 1024;

// Ascending UIDs as an IMAP set of runs ("1:40,42,50:90"), the shortest command for them.
mailimap_set *uidSet(QList<quint32> uids)
{
    std::sort(uids.begin(), uids.end());
    mailimap_set *set = mailimap_set_new_empty();
    for (qsizetype i = 0; i < uids.size();) {
        qsizetype j = i;
        while (j + 1 < uids.size() && (uids[j + 1] == uids[j] || uids[j + 1] == uids[j] + 1))
            ++j;
        if (uids[i] == uids[j])
            mailimap_set_add_single(set, uids[i]);
        else
            mailimap_set_add_interval(set, uids[i], uids[j]);
        i = j + 1;
    }
    return set;
}

// UID FETCH of those attributes (which it takes over) for those UIDs.
int uidFetch(mailimap *session, const QList<quint32> &uids, std::initializer_list<mailimap_fetch_att *> attributes,
             clist **result)
{
    mailimap_fetch_type *type = mailimap_fetch_type_new_fetch_att_list_empty();
    for (mailimap_fetch_att *attribute : attributes)
        mailimap_fetch_type_new_fetch_att_list_add(type, attribute);
    mailimap_set *set = uidSet(uids);
    const int r = mailimap_uid_fetch(session, set, type, result);
    mailimap_fetch_type_free(type);
    mailimap_set_free(set);
    return r;
}

mailimap_msg_att_static *staticItem(mailimap_msg_att *message, int type)
{
    for (clistiter *it = clist_begin(message->att_list); it; it = clist_next(it)) {
        auto *item = static_cast<mailimap_msg_att_item *>(clist_content(it));
        if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC && item->att_data.att_static &&
            item->att_data.att_static->att_type == type)
            return item->att_data.att_static;
    }
    return nullptr;
}

// IMAP folder names travel in modified UTF-7 (RFC 3501 5.1.3): printable ASCII as it is
// ("&" as "&-"), every other run as UTF-16BE in base64 with "," for "/" between "&" and "-".
// libetpan keeps its own converter private, so the encoding is here; nothing is parsed.
QByteArray modifiedUtf7(const QString &name)
{
    QByteArray out;
    for (qsizetype i = 0; i < name.size();) {
        const QChar c = name.at(i);
        if (c.unicode() >= 0x20 && c.unicode() <= 0x7e) {
            out += c == u'&' ? QByteArray("&-") : QByteArray(1, char(c.unicode()));
            ++i;
            continue;
        }
        QByteArray utf16;
        while (i < name.size() && (name.at(i).unicode() < 0x20 || name.at(i).unicode() > 0x7e)) {
            const char16_t unit = name.at(i).unicode();
            utf16 += char(unit >> 8);
            utf16 += char(unit & 0xff);
            ++i;
        }
        out += '&' + utf16.toBase64(QByteArray::OmitTrailingEquals).replace('/', ',') + '-';
    }
    return out;
}

QString serverText(const mailimap *session)
{
    return session && session->imap_response ? QString::fromUtf8(session->imap_response).trimmed() : QString();
}

} // namespace

ImapClient::ImapClient(MailServerAddress address, QByteArray password, QString caFile)
    : m_address(std::move(address))
    , m_password(std::move(password))
    , m_caFile(std::move(caFile))
{}

ImapClient::~ImapClient()
{
    closeSession();
}

void ImapClient::setTimeout(int ms)
{
    m_timeoutMs = ms;
    if (m_stream)
        m_stream->setTimeout(ms);
}

bool ImapClient::fail(Failure failure, const QString &text)
{
    m_failure = failure;
    m_errorString = text;
    return false;
}

bool ImapClient::failCommand(int code, const QString &what)
{
    // A broken stream explains itself better (a timeout, a closed connection) than the
    // command that ran into it.
    if (m_stream && m_stream->failure() != Failure::None)
        return fail(m_stream->failure(), m_stream->errorString());
    if (code == MAILIMAP_ERROR_STREAM)
        return fail(Failure::Protocol, tr("the connection to %1 was lost").arg(m_address.host()));
    const QString reply = serverText(m_session);
    return fail(Failure::Protocol, reply.isEmpty() ? tr("the server refused %1").arg(what)
                                                   : tr("the server refused %1: %2").arg(what, reply));
}

void ImapClient::closeSession()
{
    if (m_session) {
        mailimap_free(m_session);
        m_session = nullptr;
    }
    m_stream.reset();
    m_loggedIn = false;
    m_selected.clear();
}

bool ImapClient::connectAndLogin()
{
    closeSession();
    m_failure = Failure::None;
    m_errorString.clear();
    m_uidValidity = m_uidNext = m_exists = 0;
    if (!m_address.isValid() || m_address.protocol() != MailServerAddress::Protocol::Imap)
        return fail(Failure::BadAddress, tr("no IMAP server address (imaps://LOGIN@HOST:PORT/FOLDER) is set"));

    QList<QSslCertificate> extraCas;
    if (!m_caFile.isEmpty()) {
        extraCas = QSslCertificate::fromPath(m_caFile, QSsl::Pem);
        if (extraCas.isEmpty())
            return fail(Failure::Tls, tr("no PEM certificate could be read from %1").arg(m_caFile));
    }
    const bool implicitTls = m_address.security() == MailServerAddress::Security::ImplicitTls;
    m_stream = std::make_unique<SslMailStream>(m_timeoutMs, extraCas);
    if (!m_stream->open(m_address.host(), m_address.port(), implicitTls))
        return fail(m_stream->failure(), m_stream->errorString());

    m_session = mailimap_new(0, nullptr);
    mailstream *stream = m_stream->newStream(streamBufferBytes);
    if (!m_session || !stream)
        return fail(Failure::Protocol, tr("out of memory"));
    int r = mailimap_connect(m_session, stream);
    if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED && r != MAILIMAP_NO_ERROR_AUTHENTICATED)
        return failCommand(r, tr("the connection"));

    if (!implicitTls) {
        // A PREAUTH greeting on a plain connection would mean working unencrypted.
        if (r == MAILIMAP_NO_ERROR_AUTHENTICATED)
            return fail(Failure::Tls, tr("%1 logged in before STARTTLS; refused").arg(m_address.host()));
        r = mailimap_starttls(m_session);
        if (r != MAILIMAP_NO_ERROR) {
            if (m_stream->failure() != Failure::None)
                return fail(m_stream->failure(), m_stream->errorString());
            return fail(Failure::Tls, tr("%1:%2 does not offer STARTTLS, and the password is never sent unencrypted")
                                          .arg(m_address.host())
                                          .arg(m_address.port()));
        }
        // Anything the server sent after its OK came unencrypted: an injection, refuse it.
        if (m_session->imap_stream->read_buffer_len > 0)
            return fail(Failure::Tls, tr("%1 sent data before the TLS handshake; refused").arg(m_address.host()));
        if (!m_stream->startTls())
            return fail(m_stream->failure(), m_stream->errorString());
        // What was offered before TLS cannot be trusted: ask again.
        mailimap_capability_data *capabilities = nullptr;
        r = mailimap_capability(m_session, &capabilities);
        if (capabilities)
            mailimap_capability_data_free(capabilities);
        if (r != MAILIMAP_NO_ERROR)
            return failCommand(r, u"CAPABILITY"_s);
    }

    if (r != MAILIMAP_NO_ERROR_AUTHENTICATED) {
        r = mailimap_login(m_session, m_address.login().toUtf8().constData(), m_password.constData());
        if (r != MAILIMAP_NO_ERROR) {
            if (m_stream->failure() != Failure::None || r == MAILIMAP_ERROR_STREAM)
                return failCommand(r, u"LOGIN"_s);
            const QString reply = serverText(m_session);
            return fail(Failure::Login, reply.isEmpty() ? tr("login refused for %1").arg(m_address.login())
                                                        : tr("login refused for %1: %2").arg(m_address.login(), reply));
        }
    }
    // The capabilities may change with the login (dovecot sends them with its OK); make sure
    // they are known, for supportsIdle().
    if (!m_session->imap_connection_info || !m_session->imap_connection_info->imap_capability) {
        mailimap_capability_data *capabilities = nullptr;
        r = mailimap_capability(m_session, &capabilities);
        if (capabilities)
            mailimap_capability_data_free(capabilities);
        if (r != MAILIMAP_NO_ERROR)
            return failCommand(r, u"CAPABILITY"_s);
    }
    m_loggedIn = true;
    return true;
}

void ImapClient::readSelection()
{
    const mailimap_selection_info *info = m_session ? m_session->imap_selection_info : nullptr;
    if (!info)
        return;
    m_uidValidity = info->sel_uidvalidity;
    m_uidNext = info->sel_uidnext;
    m_exists = info->sel_exists;
}

bool ImapClient::select(const QString &folder)
{
    if (!isLoggedIn())
        return fail(Failure::Protocol, tr("not logged in to %1").arg(m_address.host()));
    const QString name = folder.isEmpty() ? m_address.folder() : folder;
    const int r = mailimap_select(m_session, modifiedUtf7(name).constData());
    if (r != MAILIMAP_NO_ERROR) {
        m_selected.clear();
        if (m_stream->failure() != Failure::None || r == MAILIMAP_ERROR_STREAM)
            return failCommand(r, u"SELECT"_s);
        return fail(Failure::NoSuchFolder, tr("no folder \"%1\" on the server").arg(name));
    }
    m_selected = name;
    readSelection();
    return true;
}

std::optional<QList<quint32>> ImapClient::uidsFrom(quint32 firstUid)
{
    if (!isLoggedIn() || m_selected.isEmpty()) {
        fail(Failure::Protocol, tr("no folder is selected"));
        return std::nullopt;
    }
    // Asked even when SELECT found the folder empty: mail may have come since. The count
    // before the search is the one the caller has now seen: a mail the server announces
    // with this search's answer may not be in it, and idle() then reports it at once.
    const quint32 existsBefore = m_session->imap_selection_info ? m_session->imap_selection_info->sel_exists : 0;
    QList<quint32> uids;
    mailimap_search_key *key = mailimap_search_key_new_uid(mailimap_set_new_interval(qMax<quint32>(1, firstUid), 0));
    clist *result = nullptr;
    const int r = mailimap_uid_search(m_session, nullptr, key, &result);
    mailimap_search_key_free(key);
    if (r != MAILIMAP_NO_ERROR) {
        failCommand(r, u"UID SEARCH"_s);
        return std::nullopt;
    }
    for (clistiter *it = clist_begin(result); it; it = clist_next(it)) {
        const quint32 uid = *static_cast<uint32_t *>(clist_content(it));
        // "n:*" always matches the last message, even when its UID is below n.
        if (uid >= firstUid)
            uids.append(uid);
    }
    mailimap_search_result_free(result);
    readSelection();
    m_exists = existsBefore;
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    return uids;
}

bool ImapClient::fetch(const QList<quint32> &uids, const std::function<bool(quint32, const QByteArray &)> &each)
{
    if (!isLoggedIn() || m_selected.isEmpty())
        return fail(Failure::Protocol, tr("no folder is selected"));
    if (uids.isEmpty())
        return true;

    // The sizes first (one short command), so that batches stay bounded in bytes too.
    const QSet<quint32> wanted(uids.begin(), uids.end());
    QList<QPair<quint32, quint32>> sized; // uid, size
    {
        clist *result = nullptr;
        const int r =
            uidFetch(m_session, uids, {mailimap_fetch_att_new_uid(), mailimap_fetch_att_new_rfc822_size()}, &result);
        if (r != MAILIMAP_NO_ERROR)
            return failCommand(r, u"UID FETCH"_s);
        for (clistiter *it = clist_begin(result); it; it = clist_next(it)) {
            auto *message = static_cast<mailimap_msg_att *>(clist_content(it));
            const mailimap_msg_att_static *uid = staticItem(message, MAILIMAP_MSG_ATT_UID);
            const mailimap_msg_att_static *size = staticItem(message, MAILIMAP_MSG_ATT_RFC822_SIZE);
            if (uid && wanted.contains(uid->att_data.att_uid))
                sized.append({uid->att_data.att_uid, size ? size->att_data.att_rfc822_size : 0});
        }
        mailimap_fetch_list_free(result);
    }
    std::sort(sized.begin(), sized.end());

    for (qsizetype start = 0; start < sized.size();) {
        QList<quint32> batch;
        qint64 bytes = 0;
        qsizetype end = start;
        while (end < sized.size() && batch.size() < batchMessages &&
               (batch.isEmpty() || bytes + sized[end].second <= batchBytes)) {
            batch.append(sized[end].first);
            bytes += sized[end].second;
            ++end;
        }
        start = end;

        // BODY.PEEK: fetching must not set \Seen; that happens once the mail is stored.
        clist *result = nullptr;
        const int r = uidFetch(
            m_session, batch,
            {mailimap_fetch_att_new_uid(), mailimap_fetch_att_new_body_peek_section(mailimap_section_new(nullptr))},
            &result);
        if (r != MAILIMAP_NO_ERROR)
            return failCommand(r, u"UID FETCH"_s);

        // The server answers in its own order: hand them on by UID, oldest first.
        QList<QPair<quint32, mailimap_msg_att_body_section *>> got;
        for (clistiter *it = clist_begin(result); it; it = clist_next(it)) {
            auto *message = static_cast<mailimap_msg_att *>(clist_content(it));
            const mailimap_msg_att_static *uid = staticItem(message, MAILIMAP_MSG_ATT_UID);
            const mailimap_msg_att_static *body = staticItem(message, MAILIMAP_MSG_ATT_BODY_SECTION);
            // Unsolicited FETCH answers (a flag change) carry no body: not ours.
            if (uid && body && body->att_data.att_body_section && batch.contains(uid->att_data.att_uid))
                got.append({uid->att_data.att_uid, body->att_data.att_body_section});
        }
        std::sort(got.begin(), got.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        bool more = true;
        for (const auto &[uid, section] : std::as_const(got)) {
            const QByteArray raw = section->sec_body_part
                                       ? QByteArray(section->sec_body_part, qsizetype(section->sec_length))
                                       : QByteArray();
            if (!each(uid, raw)) {
                more = false;
                break;
            }
        }
        mailimap_fetch_list_free(result);
        if (!more)
            return true;
    }
    return true;
}

bool ImapClient::markSeen(const QList<quint32> &uids)
{
    if (uids.isEmpty())
        return isLoggedIn() && !m_selected.isEmpty() ? true : fail(Failure::Protocol, tr("no folder is selected"));
    return storeSeen(uidSet(uids));
}

bool ImapClient::markSeenThrough(quint32 lastUid)
{
    if (lastUid == 0)
        return markSeen({});
    return storeSeen(mailimap_set_new_interval(1, lastUid));
}

bool ImapClient::storeSeen(mailimap_set *set)
{
    if (!isLoggedIn() || m_selected.isEmpty()) {
        mailimap_set_free(set);
        return fail(Failure::Protocol, tr("no folder is selected"));
    }
    mailimap_flag_list *flags = mailimap_flag_list_new_empty();
    mailimap_flag_list_add(flags, mailimap_flag_new_seen());
    mailimap_store_att_flags *store = mailimap_store_att_flags_new_add_flags_silent(flags);
    const int r = mailimap_uid_store(m_session, set, store);
    mailimap_store_att_flags_free(store);
    mailimap_set_free(set);
    if (r != MAILIMAP_NO_ERROR)
        return failCommand(r, u"UID STORE"_s);
    return true;
}

bool ImapClient::supportsIdle() const
{
    return isLoggedIn() && mailimap_has_idle(m_session);
}

ImapClient::IdleResult ImapClient::idle(int maxMs, const std::atomic<bool> &stop, const std::function<void()> &idling)
{
    if (!isLoggedIn() || m_selected.isEmpty()) {
        fail(Failure::Protocol, tr("no folder is selected"));
        return IdleResult::Failed;
    }
    if (!supportsIdle()) {
        fail(Failure::Protocol, tr("%1 does not offer IMAP IDLE").arg(m_address.host()));
        return IdleResult::Failed;
    }
    // Mail announced with the answer to an earlier command (a FETCH, a STORE) is not
    // announced again during IDLE: report it now.
    if (m_session->imap_selection_info && m_session->imap_selection_info->sel_exists != m_exists) {
        readSelection();
        return IdleResult::Changed;
    }
    const QDeadlineTimer deadline(maxMs);
    bool announced = false;
    while (true) {
        const quint32 existsBefore = m_exists;
        int r = mailimap_idle(m_session);
        if (r != MAILIMAP_NO_ERROR) {
            failCommand(r, u"IDLE"_s);
            return IdleResult::Failed;
        }
        if (idling && !announced) {
            announced = true;
            idling();
        }
        // What libetpan has buffered already (an EXISTS right behind "+ idling") counts
        // before the socket is asked; stop and the deadline are looked at every 200 ms.
        IdleResult result = IdleResult::Changed;
        bool heard = false;
        bool renew = false;
        const QDeadlineTimer renewal(idleRenewMs);
        while (true) {
            if (m_session->imap_stream->read_buffer_len > 0) {
                heard = true;
                break;
            }
            if (stop.load()) {
                result = IdleResult::Stopped;
                break;
            }
            if (deadline.hasExpired()) {
                result = IdleResult::TimedOut;
                break;
            }
            if (renewal.hasExpired()) {
                renew = true;
                break;
            }
            const int wait = int(qBound(qint64(1), deadline.remainingTime(), qint64(idlePollMs)));
            if (m_stream->waitForData(wait)) {
                heard = true;
                break;
            }
            if (m_stream->failure() != Failure::None) {
                fail(m_stream->failure(), m_stream->errorString());
                return IdleResult::Failed;
            }
        }
        // DONE ends IDLE; libetpan reads what came (EXISTS, RECENT, keep-alives) with the OK.
        r = mailimap_idle_done(m_session);
        if (r != MAILIMAP_NO_ERROR) {
            failCommand(r, u"IDLE"_s);
            return IdleResult::Failed;
        }
        const mailimap_selection_info *info = m_session->imap_selection_info;
        const bool changed = info && (info->sel_has_exists || info->sel_has_recent || info->sel_exists != existsBefore);
        readSelection();
        if (changed)
            return IdleResult::Changed;
        if (!heard && !renew)
            return result;
        // Only a keep-alive or a flag change, or time to renew: idle on.
    }
}

void ImapClient::logout()
{
    if (m_session && m_stream && m_stream->failure() == Failure::None)
        mailimap_logout(m_session);
    closeSession();
}
