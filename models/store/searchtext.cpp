#include "searchtext.h"

#include <QChar>
#include <QList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

void appendCodePoint(QString &out, char32_t cp)
{
    if (QChar::requiresSurrogates(cp)) {
        out += QChar(QChar::highSurrogate(cp));
        out += QChar(QChar::lowSurrogate(cp));
    } else {
        out += QChar(char16_t(cp));
    }
}

void appendBigramRun(QString &out, const QList<char32_t> &run)
{
    if (run.isEmpty())
        return;
    if (!out.isEmpty() && !out.back().isSpace())
        out += u' ';
    for (qsizetype i = 0; i + 1 < run.size(); ++i) {
        appendCodePoint(out, run[i]);
        appendCodePoint(out, run[i + 1]);
        out += u' ';
    }
    appendCodePoint(out, run.back());
    out += u' ';
}

QString quoted(const QString &phrase)
{
    QString escaped = phrase;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

bool hasWordCharacter(const QString &text)
{
    for (QChar c : text) {
        if (c.isLetterOrNumber())
            return true;
    }
    return false;
}

} // namespace

bool SearchText::isCjk(char32_t cp)
{
    switch (QChar::script(cp)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
    case QChar::Script_Bopomofo:
        return true;
    default:
        return false;
    }
}

QString SearchText::indexText(const QString &text)
{
    QString out;
    out.reserve(text.size() * 3);
    QList<char32_t> run;
    for (char32_t cp : text.toUcs4()) {
        if (isCjk(cp)) {
            run.append(cp);
            continue;
        }
        if (!run.isEmpty()) {
            appendBigramRun(out, run);
            run.clear();
        }
        appendCodePoint(out, cp);
    }
    appendBigramRun(out, run);
    return out;
}

QString SearchText::matchExpression(const QString &query)
{
    QStringList parts;
    const auto terms = query.split(u' ', Qt::SkipEmptyParts);
    for (const QString &term : terms) {
        QList<char32_t> run;
        QString other;
        auto flushOther = [&] {
            // Whole words, stemmed by the index (refund finds refunds and refunded); a
            // trailing * asks for a prefix. Prefix lookups merge many word lists, so for
            // words they are the agent's choice; codes and numbers (anything with a digit)
            // are typed by their start, and few tokens share one, so they always are.
            const bool starred = other.endsWith(u'*');
            if (starred)
                other.chop(1);
            const bool prefix =
                starred || std::any_of(other.cbegin(), other.cend(), [](QChar c) { return c.isDigit(); });
            if (hasWordCharacter(other))
                parts += quoted(other) + (prefix ? u"*"_s : QString());
            other.clear();
        };
        auto flushRun = [&] {
            if (run.size() == 1) {
                QString single;
                appendCodePoint(single, run.front());
                parts += quoted(single) + u'*';
            } else if (run.size() > 1) {
                QString bigrams;
                for (qsizetype i = 0; i + 1 < run.size(); ++i) {
                    if (!bigrams.isEmpty())
                        bigrams += u' ';
                    appendCodePoint(bigrams, run[i]);
                    appendCodePoint(bigrams, run[i + 1]);
                }
                parts += quoted(bigrams);
            }
            run.clear();
        };
        for (char32_t cp : term.toUcs4()) {
            if (isCjk(cp)) {
                flushOther();
                run.append(cp);
            } else {
                flushRun();
                appendCodePoint(other, cp);
            }
        }
        flushRun();
        flushOther();
    }
    return parts.join(u' ');
}
