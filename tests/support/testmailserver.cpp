#include "testmailserver.h"

#include "catchcompat.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString infoPath()
{
    const QString path = qEnvironmentVariable("DESKLINE_TEST_MAIL_INFO");
    if (!path.isEmpty())
        return path;
#ifdef DESKLINE_TEST_MAIL_INFO
    return QStringLiteral(DESKLINE_TEST_MAIL_INFO);
#else
    return {};
#endif
}

QByteArray run(const QString &program, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(program, arguments);
    INFO(program.toStdString() << ": " << process.errorString().toStdString());
    REQUIRE(process.waitForStarted(10000));
    process.write(input);
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(60000));
    const QByteArray out = process.readAllStandardOutput();
    INFO(program.toStdString() << ' ' << arguments.join(u' ').toStdString() << ": "
                               << process.readAllStandardError().toStdString() << out.toStdString());
    REQUIRE(process.exitStatus() == QProcess::NormalExit);
    REQUIRE(process.exitCode() == 0);
    return out;
}

} // namespace

TestMailServer::TestMailServer()
{
    QFile file(infoPath());
    INFO("No mail servers: run through CTest (its mail fixture) or set DESKLINE_TEST_MAIL_INFO; "
         << file.fileName().toStdString());
    REQUIRE(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    m_info = QJsonDocument::fromJson(file.readAll(), &error).object();
    INFO(error.errorString().toStdString());
    REQUIRE(!m_info.isEmpty());
}

QJsonObject TestMailServer::user(const QString &login) const
{
    const QJsonArray all = m_info.value(u"users").toArray();
    const auto found =
        std::find_if(all.begin(), all.end(), [&](const QJsonValue &u) { return u[u"login"].toString() == login; });
    INFO("No such test user: " << login.toStdString());
    REQUIRE(found != all.end());
    return found->toObject();
}

QStringList TestMailServer::users() const
{
    QStringList logins;
    for (const QJsonValue &u : m_info.value(u"users").toArray())
        logins << u[u"login"].toString();
    return logins;
}

QString TestMailServer::password(const QString &login) const
{
    return user(login).value(u"password").toString();
}

QString TestMailServer::maildir(const QString &login) const
{
    return user(login).value(u"maildir").toString();
}

void TestMailServer::deliver(const QString &login, const QByteArray &raw, const QString &mailbox,
                             const QString &envelopeSender) const
{
    QStringList arguments{u"-c"_s, m_info.value(u"dovecot_config").toString(),
                          u"-d"_s, user(login)[u"login"].toString(),
                          u"-m"_s, mailbox};
    if (!envelopeSender.isEmpty())
        arguments << u"-f"_s << envelopeSender;
    run(m_info.value(u"dovecot_lda").toString(), arguments, raw);
}

QByteArray TestMailServer::doveadm(const QStringList &arguments) const
{
    return run(m_info.value(u"doveadm").toString(),
               QStringList{u"-c"_s, m_info.value(u"dovecot_config").toString()} + arguments);
}

QJsonObject TestMailServer::mailboxStatus(const QString &login, const QString &mailbox) const
{
    // flow: one line of key=value pairs.
    const QByteArray out = doveadm({u"-f"_s, u"flow"_s, u"mailbox"_s, u"status"_s, u"-u"_s, login,
                                    u"messages unseen uidvalidity uidnext"_s, mailbox});
    QJsonObject status;
    for (const QByteArray &pair : out.trimmed().split(' ')) {
        const auto eq = pair.indexOf('=');
        if (eq > 0)
            status.insert(QString::fromUtf8(pair.left(eq)), pair.mid(eq + 1).toLongLong());
    }
    return status;
}

void TestMailServer::setUidValidity(const QString &login, quint32 uidValidity, const QString &mailbox) const
{
    doveadm({u"mailbox"_s, u"update"_s, u"-u"_s, login, u"--uid-validity"_s, QString::number(uidValidity), mailbox});
}

void TestMailServer::clearMailbox(const QString &login, const QString &mailbox) const
{
    doveadm({u"expunge"_s, u"-u"_s, login, u"mailbox"_s, mailbox, u"all"_s});
}

QList<TestMailServer::SentMessage> TestMailServer::sentMessages() const
{
    // The receiver numbers messages in order and writes each envelope last, by rename.
    QDir spool(m_info.value(u"smtp_spool").toString());
    QList<SentMessage> sent;
    for (const QString &name : spool.entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
        QFile meta(spool.filePath(name));
        REQUIRE(meta.open(QIODevice::ReadOnly));
        const QJsonObject envelope = QJsonDocument::fromJson(meta.readAll()).object();
        QFile raw(spool.filePath(envelope.value(u"message").toString()));
        REQUIRE(raw.open(QIODevice::ReadOnly));
        SentMessage message;
        message.mailFrom = envelope.value(u"mail_from").toString();
        for (const QJsonValue &to : envelope.value(u"rcpt_to").toArray())
            message.rcptTo << to.toString();
        message.authLogin = envelope.value(u"auth_login").toString();
        message.tls = envelope.value(u"tls").toBool();
        message.port = envelope.value(u"port").toInt();
        message.raw = raw.readAll();
        sent << message;
    }
    return sent;
}

void TestMailServer::clearSent() const
{
    QDir spool(m_info.value(u"smtp_spool").toString());
    for (const QString &name : spool.entryList(QDir::Files))
        REQUIRE(spool.remove(name));
}

void TestMailServer::refuseSmtp(SmtpStage stage, const QByteArray &reply) const
{
    const char *key = stage == SmtpStage::Mail ? "mail" : stage == SmtpStage::Rcpt ? "rcpt" : "data";
    QFile file(m_info.value(u"smtp_refuse_files")[QLatin1String(key)].toString());
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(reply);
}

void TestMailServer::acceptSmtp() const
{
    for (const QJsonValue &path : m_info.value(u"smtp_refuse_files").toObject())
        QFile::remove(path.toString());
}
