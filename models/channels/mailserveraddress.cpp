#include "mailserveraddress.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

MailServerAddress refuse(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return {};
}

} // namespace

int MailServerAddress::defaultPort(Protocol protocol, Security security)
{
    if (protocol == Protocol::Imap)
        return security == Security::ImplicitTls ? 993 : 143;
    return security == Security::ImplicitTls ? 465 : 587;
}

MailServerAddress MailServerAddress::parse(const QString &url, QString *error)
{
    const QString text = url.trimmed();
    const qsizetype schemeEnd = text.indexOf(u"://"_s);
    if (schemeEnd <= 0)
        return refuse(error, tr("\"%1\" is no mail server address: write imaps://LOGIN@HOST:PORT/FOLDER or "
                                "smtp://LOGIN@HOST:PORT")
                                 .arg(text));

    MailServerAddress address;
    const QString scheme = text.left(schemeEnd).toLower();
    if (scheme == u"imaps"_s) {
        address.m_protocol = Protocol::Imap;
        address.m_security = Security::ImplicitTls;
    } else if (scheme == u"imap"_s) {
        address.m_protocol = Protocol::Imap;
        address.m_security = Security::StartTls;
    } else if (scheme == u"smtps"_s) {
        address.m_protocol = Protocol::Smtp;
        address.m_security = Security::ImplicitTls;
    } else if (scheme == u"smtp"_s) {
        address.m_protocol = Protocol::Smtp;
        address.m_security = Security::StartTls;
    } else {
        return refuse(error,
                      tr("\"%1\": the address must start with imaps://, imap://, smtps:// or smtp://").arg(text));
    }

    const QString rest = text.mid(schemeEnd + 3);
    if (rest.contains(u'?') || rest.contains(u'#'))
        return refuse(error, tr("\"%1\": a mail server address has no query or fragment").arg(text));
    // A raw "/" never belongs to a login (it would be %2F), so the authority ends at the first.
    const qsizetype slash = rest.indexOf(u'/');
    const QString authority = slash < 0 ? rest : rest.left(slash);
    const QString path = slash < 0 ? QString() : rest.mid(slash + 1);
    const qsizetype at = authority.lastIndexOf(u'@');
    if (at <= 0)
        return refuse(error, tr("\"%1\": the login is missing (LOGIN@HOST)").arg(text));
    address.m_login = QUrl::fromPercentEncoding(authority.left(at).toUtf8());

    QString hostPort = authority.mid(at + 1);
    QString portText;
    if (hostPort.startsWith(u'[')) { // [IPv6]:port
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0)
            return refuse(error, tr("\"%1\": the host name is not valid").arg(text));
        portText = hostPort.mid(close + 1);
        hostPort = hostPort.mid(1, close - 1);
        if (!portText.isEmpty() && !portText.startsWith(u':'))
            return refuse(error, tr("\"%1\": the host name is not valid").arg(text));
        portText = portText.mid(1);
    } else {
        const qsizetype colon = hostPort.lastIndexOf(u':');
        if (colon >= 0) {
            portText = hostPort.mid(colon + 1);
            hostPort = hostPort.left(colon);
        }
    }
    QUrl check;
    check.setHost(hostPort, QUrl::StrictMode);
    if (hostPort.isEmpty() || !check.isValid() || check.host().isEmpty())
        return refuse(error, tr("\"%1\": the host name is not valid").arg(text));

    int port = defaultPort(address.m_protocol, address.m_security);
    if (!portText.isEmpty()) {
        bool ok = false;
        port = portText.toInt(&ok);
        if (!ok || port < 1 || port > 65535 || !portText.front().isDigit())
            return refuse(error, tr("\"%1\": the port must be a number from 1 to 65535").arg(text));
    }

    if (address.m_protocol == Protocol::Imap) {
        address.m_folder = QUrl::fromPercentEncoding(path.toUtf8());
        if (address.m_folder.endsWith(u'/'))
            address.m_folder.chop(1);
        if (address.m_folder.isEmpty())
            address.m_folder = u"INBOX"_s;
    } else if (!path.isEmpty()) {
        return refuse(error, tr("\"%1\": an SMTP address has no folder").arg(text));
    }
    address.m_host = check.host();
    address.m_port = port;
    if (error)
        error->clear();
    return address;
}

QString MailServerAddress::toString() const
{
    if (!isValid())
        return {};
    QString scheme;
    if (m_protocol == Protocol::Imap)
        scheme = m_security == Security::ImplicitTls ? u"imaps"_s : u"imap"_s;
    else
        scheme = m_security == Security::ImplicitTls ? u"smtps"_s : u"smtp"_s;
    const QString host = m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
    QString text = scheme + u"://"_s + QString::fromLatin1(QUrl::toPercentEncoding(m_login)) + u'@' + host + u':' +
                   QString::number(m_port);
    if (m_protocol == Protocol::Imap)
        text += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(m_folder, "/"));
    return text;
}
