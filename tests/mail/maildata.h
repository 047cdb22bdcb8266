#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// A sample mail of tests/mail/data (written by generate.py there), byte for byte.
inline QByteArray sampleMail(const char *name)
{
    QFile file(QStringLiteral(DESKLINE_SOURCE_DIR "/tests/mail/data/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// A plain UTF-8 mail to support@example.test, optionally answering inReplyTo and with more headers.
inline QByteArray supportMail(const QString &from, const QString &subject, const QString &messageId,
                              const QString &body, const QString &inReplyTo = {}, const QString &extraHeaders = {})
{
    using namespace Qt::StringLiterals;
    QString text = u"From: "_s + from + u"\r\nTo: support@example.test\r\nSubject: "_s + subject +
                   u"\r\nDate: Wed, 02 Dec 2026 09:00:00 +0000\r\nMessage-ID: <"_s + messageId + u">\r\n"_s +
                   extraHeaders;
    if (!inReplyTo.isEmpty())
        text += u"In-Reply-To: <"_s + inReplyTo + u">\r\nReferences: <"_s + inReplyTo + u">\r\n"_s;
    text += u"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
            u"\r\n"_s +
            body + u"\r\n"_s;
    return text.toUtf8();
}
