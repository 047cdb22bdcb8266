#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Turns the bytes of a mail part into text by its charset label, reading each label as the
// superset that mail programs really write under it: Foxmail and Outlook label GBK text
// "gb2312", Outlook's "big5" is CP950 and its "shift_jis" CP932, "iso-8859-1" is Windows-1252.
class MailCharset
{
public:
    // The iconv names tried in turn for a label; the first that reads every byte wins.
    static QStringList decoders(const QByteArray &label);
    // Bytes that no decoder reads become U+FFFD; lossless is false then.
    static QString decode(const QByteArray &bytes, const QByteArray &label, bool *lossless = nullptr);
};
