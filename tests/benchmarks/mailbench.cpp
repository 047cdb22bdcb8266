// deskline-bench mail: a backlog of N mails read into tickets through the real gateway
// (MailGateway::runOnce on a fresh store, against a real dovecot), in mails per second. The mix
// is what a support mailbox holds: about a third are customers' replies to their earlier mails,
// stored newest first so that each reply is read before the mail it answers; some are Chinese
// (GBK, GB2312), some HTML, some carry files. Filling the mailbox is timed apart: the mails are
// written into the maildir as a delivery would leave them and dovecot indexes them (--fill lda
// delivers each through dovecot-lda instead, which is what a real server does, and slow).

#include "benchmailservers.h"
#include "benchstats.h"
#include "clock.h"
#include "localstore.h"
#include "mailgateway.h"
#include "mailstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <iconv.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace BenchStats;

namespace {

const QString support = u"support@example.test"_s;

int fail(const QString &message)
{
    std::fprintf(stderr, "deskline-bench mail: %s\n", qUtf8Printable(message));
    return 1;
}

// Qt without ICU converts no Chinese charsets; glibc's iconv does, as GMime's does.
QByteArray encoded(const QString &text, const char *charset)
{
    const QByteArray utf8 = text.toUtf8();
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == iconv_t(-1))
        return utf8;
    QByteArray out(utf8.size() * 2 + 16, Qt::Uninitialized);
    char *in = const_cast<char *>(utf8.constData());
    size_t inLeft = size_t(utf8.size());
    char *to = out.data();
    size_t outLeft = size_t(out.size());
    const size_t done = iconv(cd, &in, &inLeft, &to, &outLeft);
    iconv_close(cd);
    if (done == size_t(-1))
        return utf8;
    out.truncate(out.size() - qsizetype(outLeft));
    return out;
}

QByteArray wrapped(const QByteArray &base64)
{
    QByteArray out;
    for (qsizetype i = 0; i < base64.size(); i += 76)
        out += base64.mid(i, 76) + "\r\n";
    return out;
}

QByteArray encodedWord(const QString &text, const char *charset)
{
    return "=?" + QByteArray(charset) + "?B?" + encoded(text, charset).toBase64() + "?=";
}

enum class Kind { Plain, Html, Attachment, Gbk, Gb2312 };

struct BenchMail {
    QString messageId;
    QString answers; // the Message-ID a reply answers, empty for a first mail
    qint64 at = 0;   // seconds since the backlog began
    QByteArray raw;
};

const QStringList englishTopics = {u"Printer offline after update"_s,
                                   u"Invoice shows the wrong amount"_s,
                                   u"Cannot log in to the portal"_s,
                                   u"Parcel not delivered"_s,
                                   u"Refund for order"_s,
                                   u"VPN drops every hour"_s};
const QStringList chineseTopics = {u"打印机无法连接网络"_s, u"发票金额不对"_s, u"无法登录客户门户"_s,
                                   u"包裹还没有送到"_s,     u"申请退款"_s,     u"网络每小时断一次"_s};

QString englishBody(QRandomGenerator &rng, int lines)
{
    static const QStringList sentences = {u"Since this morning nothing works as it did yesterday."_s,
                                          u"I have restarted everything twice, as your guide says."_s,
                                          u"Could you please look into it today? Our office depends on it."_s,
                                          u"The error message says the service is not available."_s,
                                          u"I attach what I could find; tell me if you need anything else."_s,
                                          u"My colleague has the same problem on her machine."_s};
    QString body = u"Hello,\r\n\r\n"_s;
    for (int i = 0; i < lines; ++i)
        body += sentences.at(int(rng.bounded(sentences.size()))) + (i % 3 == 2 ? u"\r\n\r\n"_s : u" "_s);
    return body + u"\r\n\r\nKind regards\r\n"_s;
}

QString chineseBody(QRandomGenerator &rng, int lines)
{
    static const QStringList sentences = {u"从今天早上开始就不能用了。"_s, u"我已经按照说明重启了两次。"_s,
                                          u"请今天帮忙看一下，我们办公室急需。"_s, u"错误信息说服务不可用。"_s,
                                          u"我的同事也遇到了同样的问题。"_s};
    QString body = u"您好，\r\n\r\n"_s;
    for (int i = 0; i < lines; ++i)
        body += sentences.at(int(rng.bounded(sentences.size()))) + (i % 3 == 2 ? u"\r\n"_s : QString());
    return body + u"\r\n\r\n谢谢！\r\n"_s;
}

QByteArray headers(const BenchMail &mail, const QByteArray &from, const QByteArray &subject, qint64 baseSecs)
{
    QByteArray h = "From: " + from + "\r\nTo: Support <support@example.test>\r\nSubject: " + subject + "\r\nDate: " +
                   QDateTime::fromSecsSinceEpoch(baseSecs + mail.at, Qt::UTC).toString(Qt::RFC2822Date).toLatin1() +
                   "\r\nMessage-ID: <" + mail.messageId.toLatin1() + ">\r\n";
    if (!mail.answers.isEmpty())
        h += "In-Reply-To: <" + mail.answers.toLatin1() + ">\r\nReferences: <" + mail.answers.toLatin1() + ">\r\n";
    return h + "MIME-Version: 1.0\r\n";
}

QByteArray compose(BenchMail &mail, Kind kind, int customer, int topic, QRandomGenerator &rng, qint64 baseSecs)
{
    const QByteArray address = "customer" + QByteArray::number(customer) + "@example.com";
    const QString re = mail.answers.isEmpty() ? QString() : u"Re: "_s;
    const int lines = 3 + int(rng.bounded(12));
    switch (kind) {
    case Kind::Gbk:
    case Kind::Gb2312: {
        const char *charset = kind == Kind::Gbk ? "GBK" : "GB2312";
        const QByteArray from = encodedWord(u"王先生 %1"_s.arg(customer), charset) + " <" + address + ">";
        const QByteArray subject = encodedWord(re + chineseTopics.at(topic % chineseTopics.size()), charset);
        QByteArray text = encoded(chineseBody(rng, lines), charset);
        // Foxmail sends base64, older Outlook 8bit: both occur.
        const bool base64 = kind == Kind::Gbk;
        return headers(mail, from, subject, baseSecs) + "Content-Type: text/plain; charset=" + charset +
               "\r\nContent-Transfer-Encoding: " + (base64 ? "base64" : "8bit") + "\r\n\r\n" +
               (base64 ? wrapped(text.toBase64()) : text + "\r\n");
    }
    case Kind::Html: {
        const QString text = englishBody(rng, lines);
        QString html = text.toHtmlEscaped();
        html.replace(u"\r\n"_s, u"<br>\r\n"_s);
        return headers(mail, "Customer " + QByteArray::number(customer) + " <" + address + ">",
                       (re + englishTopics.at(topic % englishTopics.size())).toUtf8(), baseSecs) +
               "Content-Type: multipart/alternative; boundary=\"alt-b\"\r\n\r\n--alt-b\r\n"
               "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
               text.toUtf8() +
               "\r\n--alt-b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
               "<html><body><p style=\"font-family:Arial\">" +
               html.toUtf8() + "</p></body></html>\r\n--alt-b--\r\n";
    }
    case Kind::Attachment: {
        // A screenshot or a scanned page: 20 to 120 KB that do not compress.
        QByteArray file(20 * 1024 + int(rng.bounded(100 * 1024)), Qt::Uninitialized);
        rng.fillRange(reinterpret_cast<quint32 *>(file.data()), file.size() / 4);
        const bool pdf = rng.bounded(2) == 0;
        return headers(mail, "Customer " + QByteArray::number(customer) + " <" + address + ">",
                       (re + englishTopics.at(topic % englishTopics.size())).toUtf8(), baseSecs) +
               "Content-Type: multipart/mixed; boundary=\"mix-b\"\r\n\r\n--mix-b\r\n"
               "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
               englishBody(rng, lines).toUtf8() + "\r\n--mix-b\r\nContent-Type: " +
               (pdf ? "application/pdf; name=\"scan.pdf\"" : "image/png; name=\"screenshot.png\"") +
               "\r\nContent-Disposition: attachment; filename=\"" + (pdf ? "scan.pdf" : "screenshot.png") +
               "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrapped(file.toBase64()) + "--mix-b--\r\n";
    }
    case Kind::Plain:
        break;
    }
    return headers(mail, "Customer " + QByteArray::number(customer) + " <" + address + ">",
                   (re + englishTopics.at(topic % englishTopics.size())).toUtf8(), baseSecs) +
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
           englishBody(rng, lines).toUtf8();
}

struct Backlog {
    QList<BenchMail> mails; // in the mailbox's order: newest first
    int replies = 0;
    int gbk = 0;
    int gb2312 = 0;
    int attachments = 0;
    int html = 0;
};

// Conversations of one first mail, a third of them answered later by the same customer; a
// customer writes about five mails in all, well below the intake's flood limit.
Backlog backlog(int count)
{
    QRandomGenerator rng(20261202);
    Backlog result;
    const int pairs = count / 3;
    const int conversations = count - pairs;
    const int customers = std::max(1, count / 5);
    const qint64 span = qint64(count) * 60; // a mail a minute, on average
    const qint64 baseSecs = QDateTime::currentSecsSinceEpoch() - span * 2;
    for (int c = 0; c < conversations; ++c) {
        const int customer = int(rng.bounded(customers));
        const int topic = int(rng.bounded(englishTopics.size()));
        const int pick = int(rng.bounded(20));
        const Kind kind = pick < 2   ? Kind::Gbk
                          : pick < 3 ? Kind::Gb2312
                          : pick < 5 ? Kind::Attachment
                          : pick < 8 ? Kind::Html
                                     : Kind::Plain;
        const auto tally = [&](Kind k) {
            result.gbk += k == Kind::Gbk;
            result.gb2312 += k == Kind::Gb2312;
            result.attachments += k == Kind::Attachment;
            result.html += k == Kind::Html;
        };
        BenchMail first;
        first.messageId = u"m%1.first@mail.example.com"_s.arg(c);
        first.at = qint64(rng.bounded(quint64(span)));
        first.raw = compose(first, kind, customer, topic, rng, baseSecs);
        tally(kind);
        if (c < pairs) {
            BenchMail reply;
            reply.messageId = u"m%1.reply@mail.example.com"_s.arg(c);
            reply.answers = first.messageId;
            reply.at = first.at + 60 + qint64(rng.bounded(quint64(span / 10 + 1)));
            // The same customer answers in the same kind of mail program.
            reply.raw = compose(reply, kind, customer, topic, rng, baseSecs);
            tally(kind);
            result.mails.append(reply);
            ++result.replies;
        }
        result.mails.append(first);
    }
    std::stable_sort(result.mails.begin(), result.mails.end(),
                     [](const BenchMail &a, const BenchMail &b) { return a.at > b.at; });
    return result;
}

// The mails as files of the maildir's new/, each written to tmp/ and renamed as a delivery agent
// does, then dovecot's own index brought up to date by asking for the folder's status. The
// names begin with increasing times: dovecot numbers new files in the order of those times, so
// the UIDs follow the backlog's order.
bool fillMaildir(BenchMailServers &servers, const QList<BenchMail> &mails, QString *error)
{
    const QString maildir = servers.maildir(support);
    const QFileInfo owner(maildir);
    const qint64 base = QDateTime::currentSecsSinceEpoch() - mails.size();
    const QString host = u"deskline-bench"_s;
    for (qsizetype i = 0; i < mails.size(); ++i) {
        const QByteArray &raw = mails.at(i).raw;
        const QString name =
            u"%1.M%2P%3Q%4.%5,S=%6"_s.arg(base + i).arg(0).arg(::getpid()).arg(i).arg(host).arg(raw.size());
        const QString temporary = maildir + u"/tmp/"_s + name;
        QFile file(temporary);
        if (!file.open(QIODevice::WriteOnly) || file.write(raw) != raw.size()) {
            *error = u"%1: %2"_s.arg(temporary, file.errorString());
            return false;
        }
        file.close();
        // As root the mail belongs to the account dovecot reads it as.
        if (::geteuid() == 0 &&
            ::chown(QFile::encodeName(temporary).constData(), owner.ownerId(), owner.groupId()) != 0) {
            *error = u"cannot give %1 to dovecot's account"_s.arg(temporary);
            return false;
        }
        if (!QFile::rename(temporary, maildir + u"/new/"_s + name)) {
            *error = u"cannot move %1 into new/"_s.arg(temporary);
            return false;
        }
    }
    if (!servers.doveadm({u"mailbox"_s, u"status"_s, u"-u"_s, support, u"messages"_s, u"INBOX"_s})) {
        *error = servers.errorString();
        return false;
    }
    return true;
}

qint64 messagesInInbox(BenchMailServers &servers)
{
    QByteArray out;
    if (!servers.doveadm({u"-f"_s, u"flow"_s, u"mailbox"_s, u"status"_s, u"-u"_s, support, u"messages"_s, u"INBOX"_s},
                         &out))
        return -1;
    return out.trimmed().split('=').value(1).toLongLong();
}

} // namespace

int runMailBenchmark(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measure how fast a mailbox's backlog becomes tickets."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"mail"_s, u"This benchmark."_s);
    const QCommandLineOption mailsOption(u"mails"_s, u"Mails in the backlog (default 10000)."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption serversOption(
        u"servers-json"_s, u"Mail servers started by tests/mail/mailservers.py (default: our own)."_s, u"PATH"_s);
    const QCommandLineOption fillOption(u"fill"_s, u"maildir (default) or lda: how the mailbox is filled."_s, u"HOW"_s,
                                        u"maildir"_s);
    parser.addOptions({mailsOption, serversOption, fillOption});
    parser.process(app);
    const int count = std::max(3, parser.value(mailsOption).toInt());
    const bool lda = parser.value(fillOption) == u"lda"_s;

    BenchMailServers servers;
    if (!(parser.isSet(serversOption) ? servers.attach(parser.value(serversOption)) : servers.start()))
        return fail(servers.errorString());
    // Expunged, and made if it is new (doveadm creates the maildir as dovecot's account).
    if (!servers.doveadm({u"expunge"_s, u"-u"_s, support, u"mailbox"_s, u"INBOX"_s, u"all"_s}) ||
        messagesInInbox(servers) != 0)
        return fail(u"cannot empty the mailbox: "_s + servers.errorString());

    const Backlog mails = backlog(count);
    QString error;
    QElapsedTimer fillTimer;
    fillTimer.start();
    if (lda) {
        for (const BenchMail &mail : mails.mails) {
            if (!servers.deliver(support, mail.raw))
                return fail(servers.errorString());
        }
    } else if (!fillMaildir(servers, mails.mails, &error)) {
        return fail(error);
    }
    const double fillSeconds = double(fillTimer.nsecsElapsed()) / 1e9;
    if (messagesInInbox(servers) != count)
        return fail(u"the mailbox holds %1 mails, not %2"_s.arg(messagesInInbox(servers)).arg(count));
    qint64 bytes = 0;
    for (const BenchMail &mail : mails.mails)
        bytes += mail.raw.size();
    std::printf("mail fill: %d mails (%.1f MB) by %s in %.2f s (%.0f mails/s; not part of the ingest)\n", count,
                double(bytes) / 1e6, lda ? "dovecot-lda, one each" : "maildir files indexed by dovecot", fillSeconds,
                count / fillSeconds);
    std::fflush(stdout);

    QTemporaryDir dir;
    SystemClock clock;
    LocalStore store(clock);
    if (!store.open(dir.filePath(u"mail.sqlite"_s)))
        return fail(store.errorString());
    const auto box = servers.mailbox(support, dir.filePath(u"support.password"_s));
    if (!box)
        return fail(servers.errorString());
    if (!MailStore(store).addMailbox(*box))
        return fail(store.errorString());

    MailGateway gateway(store, "deskline-bench-secret");
    gateway.setTimeout(60000);
    QElapsedTimer ingestTimer;
    ingestTimer.start();
    const MailGateway::Tally tally = gateway.runOnce();
    const double ingestSeconds = double(ingestTimer.nsecsElapsed()) / 1e9;
    if (!tally.problems.isEmpty())
        return fail(tally.problems.join(u"; "_s));
    const double rate = tally.fetched / ingestSeconds;
    std::printf("mail ingest: %d mails in %.2f s: %.0f mails/s (target >= 200 mails/s)\n", tally.fetched, ingestSeconds,
                rate);

    // Each reply against the mail it answers: the same ticket, and read before it.
    QSqlQuery query(store.database());
    query.exec(u"SELECT r.ticket_id = o.ticket_id, r.id < o.id FROM mail_messages rm"
               " JOIN messages r ON r.id = rm.message_id"
               " JOIN mail_messages om ON om.rfc_message_id = replace(rm.rfc_message_id, '.reply@', '.first@')"
               " JOIN messages o ON o.id = om.message_id WHERE rm.rfc_message_id LIKE '%.reply@%'"_s);
    int threaded = 0;
    int readFirst = 0;
    while (query.next()) {
        threaded += query.value(0).toBool();
        readFirst += query.value(1).toBool();
    }
    query.finish();
    std::printf("mail threading: threaded %d of %d replies (%d of them read before the mail they answer)\n", threaded,
                mails.replies, readFirst);

    // What the mix was for: the Chinese mails read in their charsets, the files kept.
    query.exec(u"SELECT (SELECT count(*) FROM messages WHERE body LIKE '%您好%'),"
               " (SELECT count(DISTINCT message_id) FROM attachments WHERE name IN ('scan.pdf', 'screenshot.png'))"_s);
    const int chineseRead = query.next() ? query.value(0).toInt() : -1;
    const int withFiles = query.value(1).toInt();
    query.finish();
    const int chinese = mails.gbk + mails.gb2312;
    std::printf("mail content: %d of %d Chinese mails (GBK, GB2312) decoded, %d of %d mails' attachments kept\n",
                chineseRead, chinese, withFiles, mails.attachments);

    const QJsonObject result{
        {u"mails"_s, count},
        {u"mix"_s, QJsonObject{{u"replies"_s, mails.replies},
                               {u"gbk"_s, mails.gbk},
                               {u"gb2312"_s, mails.gb2312},
                               {u"html"_s, mails.html},
                               {u"attachments"_s, mails.attachments}}},
        {u"fill"_s, lda ? u"lda"_s : u"maildir"_s},
        {u"fill_s"_s, round2(fillSeconds)},
        {u"ingest_s"_s, round2(ingestSeconds)},
        {u"ingest_mails_per_s"_s, round2(rate)},
        {u"ingest_target_mails_per_s"_s, 200},
        {u"new_tickets"_s, tally.newTickets},
        {u"added_to_tickets"_s, tally.addedToTickets},
        {u"set_aside"_s, tally.setAside},
        {u"threaded"_s, threaded},
        {u"replies"_s, mails.replies},
        {u"replies_read_first"_s, readFirst},
        {u"chinese_decoded"_s, chineseRead},
        {u"attachments_kept"_s, withFiles},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    if (tally.fetched != count)
        return fail(u"%1 of %2 mails were taken"_s.arg(tally.fetched).arg(count));
    if (chineseRead != chinese || withFiles != mails.attachments)
        return fail(u"some Chinese mails or attachments were not read as sent"_s);
    return threaded == mails.replies ? 0
                                     : fail(u"%1 replies landed outside their ticket"_s.arg(mails.replies - threaded));
}
