#pragma once

#include "mailserveraddress.h"
#include "transportfailure.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class SslMailStream;
struct mailimap;
struct mailimap_set;

// One IMAP session, blocking, for the gateway's worker thread: libetpan speaks IMAP, over an
// SslMailStream so that the certificate chain and host name are verified by Qt. Every network
// wait ends after timeout() (30 s unless set). There is no plaintext login: imaps:// is TLS
// from the start, imap:// must agree to STARTTLS before the password is sent.
//
// Use it from one thread: the socket belongs to the thread that called connectAndLogin().
// Every call returns false (or nullopt, Failed) on a failure, and failure() / errorString()
// then say what it was, in words for a person.
class ImapClient
{
    Q_DECLARE_TR_FUNCTIONS(ImapClient)

public:
    using Failure = TransportFailure;
    enum class IdleResult { Changed, TimedOut, Stopped, Failed };
    static constexpr int defaultTimeoutMs = 30000;

    // caFile: PEM with the CA (or the server's own certificate) to trust besides the system's.
    ImapClient(MailServerAddress address, QByteArray password, QString caFile = {});
    ~ImapClient();
    ImapClient(const ImapClient &) = delete;
    ImapClient &operator=(const ImapClient &) = delete;

    void setTimeout(int ms);
    int timeout() const { return m_timeoutMs; }
    const MailServerAddress &address() const { return m_address; }

    bool connectAndLogin();
    bool isLoggedIn() const { return m_session != nullptr && m_loggedIn; }

    // SELECT (read-write, so markSeen works); the folder of the address when empty.
    bool select(const QString &folder = QString());
    quint32 uidValidity() const { return m_uidValidity; }
    quint32 uidNext() const { return m_uidNext; } // 0 when the server did not say
    quint32 exists() const { return m_exists; }   // as of the last select(), uidsFrom() or idle()

    // The UIDs >= firstUid in the selected folder, ascending. Empty when there are none
    // (`UID SEARCH UID n:*` also names the last message when n is past it: filtered out).
    std::optional<QList<quint32>> uidsFrom(quint32 firstUid);

    // BODY.PEEK[] of each UID (the \Seen flag stays as it was), in batches of UIDs per
    // command, oldest first; each(uid, raw) is called once per message the server still has
    // and may return false to stop (fetch then returns true). A UID expunged meanwhile is
    // skipped.
    bool fetch(const QList<quint32> &uids, const std::function<bool(quint32 uid, const QByteArray &raw)> &each);
    bool markSeen(const QList<quint32> &uids);
    // Every message with a UID up to lastUid flagged \Seen, in one command.
    bool markSeenThrough(quint32 lastUid);

    bool supportsIdle() const;
    // IMAP IDLE on the selected folder until the server reports new mail (Changed), maxMs
    // passed (TimedOut) or stop became true (Stopped, seen within 200 ms). idling, when
    // given, is called once the server has confirmed IDLE, so whatever arrives after it is
    // reported; mail the server announced since the last uidsFrom() returns Changed at once.
    // exists() is brought up to date. A long wait is renewed (DONE, IDLE) every
    // 25 minutes, before servers drop an idle client.
    IdleResult idle(int maxMs, const std::atomic<bool> &stop, const std::function<void()> &idling = {});

    void logout();

    Failure failure() const { return m_failure; }
    QString errorString() const { return m_errorString; }

private:
    bool fail(Failure failure, const QString &text);
    bool failCommand(int code, const QString &what);
    bool storeSeen(mailimap_set *set);
    void readSelection();
    void closeSession();

    MailServerAddress m_address;
    QByteArray m_password;
    QString m_caFile;
    int m_timeoutMs = defaultTimeoutMs;
    std::unique_ptr<SslMailStream> m_stream; // outlives m_session, which reads through it
    mailimap *m_session = nullptr;
    bool m_loggedIn = false;
    QString m_selected;
    quint32 m_uidValidity = 0;
    quint32 m_uidNext = 0;
    quint32 m_exists = 0;
    Failure m_failure = Failure::None;
    QString m_errorString;
};
