#include "benchmailservers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

// A port nobody listens on right now. Another program may take it before the servers do, which
// the start then reports; good enough for a benchmark, and it keeps parallel runs apart.
int freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString script()
{
    return QStringLiteral(DESKLINE_SOURCE_DIR "/tests/mail/mailservers.py");
}

} // namespace

BenchMailServers::~BenchMailServers()
{
    if (m_ownDir)
        run(QStringLiteral(DESKLINE_MAIL_PYTHON), {script(), u"stop"_s, m_ownDir->filePath(u"servers"_s)}, {}, nullptr);
}

bool BenchMailServers::attach(const QString &serversJson)
{
    QFile file(serversJson);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = u"%1: %2"_s.arg(serversJson, file.errorString());
        return false;
    }
    m_info = QJsonDocument::fromJson(file.readAll()).object();
    if (m_info.isEmpty()) {
        m_error = u"%1 describes no mail servers"_s.arg(serversJson);
        return false;
    }
    return true;
}

bool BenchMailServers::start()
{
    m_ownDir = std::make_unique<QTemporaryDir>();
    if (!m_ownDir->isValid()) {
        m_error = m_ownDir->errorString();
        return false;
    }
    // Dovecot's own accounts read its config and passwd-file here, as CTest's build folder lets them.
    QFile::setPermissions(m_ownDir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                QFileDevice::ReadGroup | QFileDevice::ExeGroup |
                                                QFileDevice::ReadOther | QFileDevice::ExeOther);
    const QString dir = m_ownDir->filePath(u"servers"_s);
    QStringList arguments{script(), u"start"_s, dir};
    for (const QString &option : {u"--imap-port"_s, u"--imaps-port"_s, u"--smtp-port"_s, u"--smtps-port"_s})
        arguments << option << QString::number(freePort());
    if (!run(QStringLiteral(DESKLINE_MAIL_PYTHON), arguments, {}, nullptr))
        return false;
    return attach(dir + u"/servers.json"_s);
}

QJsonObject BenchMailServers::user(const QString &login) const
{
    for (const QJsonValue &u : m_info.value(u"users").toArray()) {
        if (u[u"login"].toString() == login)
            return u.toObject();
    }
    return {};
}

QString BenchMailServers::password(const QString &login) const
{
    return user(login).value(u"password").toString();
}

QString BenchMailServers::maildir(const QString &login) const
{
    return user(login).value(u"maildir").toString();
}

std::optional<Mailbox> BenchMailServers::mailbox(const QString &login, const QString &passwordFile)
{
    QFile file(passwordFile);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(password(login).toUtf8() + '\n') < 0) {
        m_error = u"%1: %2"_s.arg(passwordFile, file.errorString());
        return std::nullopt;
    }
    const QString user = QString::fromLatin1(QUrl::toPercentEncoding(login));
    Mailbox box;
    box.name = login.section(u'@', 0, 0);
    box.address = login;
    box.imapUrl = u"imaps://%1@localhost:%2/INBOX"_s.arg(user).arg(imapsPort());
    box.smtpUrl = u"smtps://%1@localhost:%2"_s.arg(user).arg(smtpsPort());
    box.caFile = caFile();
    box.passwordFile = passwordFile;
    return box;
}

bool BenchMailServers::deliver(const QString &login, const QByteArray &raw)
{
    return run(m_info.value(u"dovecot_lda").toString(),
               {u"-c"_s, m_info.value(u"dovecot_config").toString(), u"-d"_s, login, u"-m"_s, u"INBOX"_s}, raw,
               nullptr);
}

bool BenchMailServers::doveadm(const QStringList &arguments, QByteArray *output)
{
    return run(m_info.value(u"doveadm").toString(),
               QStringList{u"-c"_s, m_info.value(u"dovecot_config").toString()} + arguments, {}, output);
}

bool BenchMailServers::run(const QString &program, const QStringList &arguments, const QByteArray &input,
                           QByteArray *output)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        m_error = u"%1: %2"_s.arg(program, process.errorString());
        return false;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"%1 %2 failed: %3"_s.arg(program, arguments.join(u' '),
                                            QString::fromUtf8(process.readAllStandardError()).trimmed());
        return false;
    }
    if (output)
        *output = process.readAllStandardOutput();
    return true;
}
