#include "quotedtext.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

bool isQuoteLine(const QString &line)
{
    return line.trimmed().startsWith(u'>');
}

// Mail clients write the attribution in the sender's language; these are the ones seen in
// English and Chinese mail, Gmail's and Apple Mail's wrapped over two lines included.
bool isAttribution(const QString &line)
{
    static const QRegularExpression english(u"^\\s*On\\s.{4,}\\swrote:\\s*$"_s);
    static const QRegularExpression chinese(u"^\\s*(在|于).{2,}写道\\s*[:：]\\s*$"_s);
    static const QRegularExpression bare(u"^\\s*\\S.{0,80}(\\swrote|写道)\\s*[:：]\\s*$"_s);
    return english.match(line).hasMatch() || chinese.match(line).hasMatch() || bare.match(line).hasMatch();
}

bool isSeparator(const QString &line)
{
    static const QRegularExpression separator(
        u"^\\s*-{2,}\\s*(Original Message|原始邮件|Forwarded message|转发的邮件)\\s*-{2,}\\s*$"_s,
        QRegularExpression::CaseInsensitiveOption);
    return separator.match(line).hasMatch();
}

// Outlook without a separator line: "From:" then "Sent:" (or "Date:") within the next lines.
bool isHeaderBlock(const QStringList &lines, qsizetype at)
{
    static const QRegularExpression from(u"^\\s*\\*?(From|发件人)\\*?\\s*[:：]"_s);
    static const QRegularExpression sent(u"^\\s*\\*?(Sent|Date|发送时间|日期|时间)\\*?\\s*[:：]"_s);
    if (!from.match(lines[at]).hasMatch())
        return false;
    for (qsizetype i = at + 1; i < lines.size() && i <= at + 3; ++i) {
        if (sent.match(lines[i]).hasMatch())
            return true;
    }
    return false;
}

// Whether everything from `at` on is "> " lines and blank lines.
bool onlyQuotesFrom(const QStringList &lines, qsizetype at)
{
    for (qsizetype i = at; i < lines.size(); ++i) {
        if (!lines[i].trimmed().isEmpty() && !isQuoteLine(lines[i]))
            return false;
    }
    return true;
}

// An attribution counts only above a quote: "My colleague wrote:" may begin the customer's own
// story.
bool quotesFollow(const QStringList &lines, qsizetype at)
{
    while (at < lines.size() && lines[at].trimmed().isEmpty())
        ++at;
    return at < lines.size() && onlyQuotesFrom(lines, at);
}

} // namespace

QuotedText::Split QuotedText::split(const QString &text)
{
    QString normalised = text;
    normalised.replace(u"\r\n"_s, u"\n"_s);
    const QStringList lines = normalised.split(u'\n');
    qsizetype start = -1;
    for (qsizetype i = 0; i < lines.size() && start < 0; ++i) {
        const QString &line = lines[i];
        if (line.trimmed().isEmpty())
            continue;
        // What follows a header or separator is the earlier mail, quoted or not.
        if (isSeparator(line) || isHeaderBlock(lines, i)) {
            start = i;
        } else if (isAttribution(line) && quotesFollow(lines, i + 1)) {
            start = i;
        } else if (i + 1 < lines.size() && line.trimmed().startsWith(u"On "_s) &&
                   isAttribution(line + u' ' + lines[i + 1].trimmed()) && quotesFollow(lines, i + 2)) {
            start = i;
        } else if (isQuoteLine(line) && onlyQuotesFrom(lines, i)) {
            start = i;
        }
    }
    // Outlook draws a line of underscores above its header block: it goes with the quote.
    static const QRegularExpression rule(u"^\\s*[_\\-=]{5,}\\s*$"_s);
    if (start > 0) {
        qsizetype above = start - 1;
        while (above > 0 && lines[above].trimmed().isEmpty())
            --above;
        if (rule.match(lines[above]).hasMatch())
            start = above;
    }
    Split result;
    if (start < 0) {
        result.fresh = text;
        return result;
    }
    QString fresh = lines.mid(0, start).join(u'\n');
    while (fresh.endsWith(u'\n') || fresh.endsWith(u' '))
        fresh.chop(1);
    if (fresh.trimmed().isEmpty()) {
        result.fresh = text;
        return result;
    }
    result.fresh = fresh;
    result.quoted = lines.mid(start).join(u'\n');
    return result;
}
