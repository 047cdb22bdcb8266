#include "mailcharset.h"

#include <QStringDecoder>

#include <cerrno>
#include <glib.h>
#include <optional>

namespace {

bool isOneOf(const QByteArray &label, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (label == name)
            return true;
    }
    return false;
}

std::optional<QString> strictUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// iconv, with an unreadable byte turned into U+FFFD instead of ending the text there.
QString viaIconv(GIConv converter, const QByteArray &bytes, bool *lossless)
{
    QByteArray out;
    out.reserve(bytes.size() * 2 + 16);
    gchar *in = const_cast<gchar *>(bytes.constData());
    gsize inLeft = gsize(bytes.size());
    char buffer[4096];
    while (inLeft > 0) {
        gchar *outPtr = buffer;
        gsize outLeft = sizeof buffer;
        const gsize result = g_iconv(converter, &in, &inLeft, &outPtr, &outLeft);
        out.append(buffer, qsizetype(sizeof buffer - outLeft));
        if (result != gsize(-1))
            continue;
        if (errno == E2BIG)
            continue;
        *lossless = false;
        out.append("\xEF\xBF\xBD");
        if (errno == EINVAL) // cut off in the middle of a character
            break;
        ++in;
        --inLeft;
        g_iconv(converter, nullptr, nullptr, nullptr, nullptr);
    }
    return QString::fromUtf8(out);
}

std::optional<QString> decodeWith(const QString &decoder, const QByteArray &bytes, bool strict)
{
    if (decoder == u"UTF-8") {
        if (strict)
            return strictUtf8(bytes);
        return QString::fromUtf8(bytes);
    }
    GIConv converter = g_iconv_open("UTF-8", decoder.toLatin1().constData());
    if (converter == reinterpret_cast<GIConv>(-1))
        return std::nullopt;
    bool lossless = true;
    QString text = viaIconv(converter, bytes, &lossless);
    g_iconv_close(converter);
    if (strict && !lossless)
        return std::nullopt;
    return text;
}

} // namespace

QStringList MailCharset::decoders(const QByteArray &rawLabel)
{
    const QByteArray label = rawLabel.trimmed().toLower();
    if (label.isEmpty())
        return {QStringLiteral("UTF-8"), QStringLiteral("WINDOWS-1252")};
    if (isOneOf(label, {"utf-8", "utf8", "unicode-1-1-utf-8"}))
        return {QStringLiteral("UTF-8")};
    if (isOneOf(label, {"gb2312", "gb_2312-80", "csgb2312", "euc-cn", "x-euc-cn", "gbk", "x-gbk", "cp936", "ms936",
                        "windows-936", "chinese", "gb18030"}))
        return {QStringLiteral("GB18030")};
    if (isOneOf(label, {"big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "cp950", "big5-hkscs"}))
        return {QStringLiteral("CP950"), QStringLiteral("BIG5-HKSCS")};
    if (isOneOf(label, {"shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932"}))
        return {QStringLiteral("CP932")};
    if (isOneOf(label, {"euc-jp", "x-euc-jp"}))
        return {QStringLiteral("EUC-JP-MS"), QStringLiteral("EUC-JP")};
    if (isOneOf(label, {"ks_c_5601-1987", "euc-kr", "cp949", "windows-949", "ks_c_5601"}))
        return {QStringLiteral("CP949")};
    if (isOneOf(label, {"us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "l1", "windows-1252", "cp1252"}))
        return {QStringLiteral("WINDOWS-1252")};
    // An unknown or mistaken label: what it says if iconv knows it, then the usual guesses.
    return {QString::fromLatin1(label).toUpper(), QStringLiteral("UTF-8"), QStringLiteral("WINDOWS-1252")};
}

QString MailCharset::decode(const QByteArray &bytes, const QByteArray &label, bool *lossless)
{
    if (lossless)
        *lossless = true;
    const QStringList candidates = decoders(label);
    for (const QString &decoder : candidates) {
        if (auto text = decodeWith(decoder, bytes, true))
            return *text;
    }
    if (lossless)
        *lossless = false;
    for (const QString &decoder : candidates) {
        if (auto text = decodeWith(decoder, bytes, false))
            return *text;
    }
    return QString::fromUtf8(bytes);
}
