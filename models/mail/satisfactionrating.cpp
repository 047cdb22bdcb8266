#include "satisfactionrating.h"

#include "quotedtext.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

int chineseDigit(QChar c)
{
    static const QString digits = u"一二三四五"_s;
    return int(digits.indexOf(c)) + 1;
}

// What may separate the rating from the comment after it.
const QString separators = u" \t,.;:!-–—~、，。；：！～)）]】"_s;

QString afterSeparators(const QString &rest)
{
    qsizetype i = 0;
    while (i < rest.size() && separators.contains(rest[i]))
        ++i;
    return rest.mid(i).trimmed();
}

// The score and the rest of the line, when the line opens with a rating.
std::optional<std::pair<int, QString>> ratingOf(const QString &line)
{
    // Stars: filled ones count, empty ones (☆) may follow up to five in all.
    static const QRegularExpression stars(u"^([★⭐]\\x{FE0F}?){1,5}(☆){0,4}(?![★⭐☆])"_s);
    if (const auto m = stars.match(line); m.hasMatch()) {
        int filled = 0;
        int empty = 0;
        for (const QChar c : m.captured(0)) {
            filled += c == u'★' || c == u'⭐';
            empty += c == u'☆';
        }
        if (filled + empty <= 5)
            return std::pair{filled, afterSeparators(line.mid(m.capturedLength()))};
        return std::nullopt;
    }
    // "4", "4/5", "4 / 5", "4 out of 5", "4分", "4星", "4 stars"; then a separator or the end,
    // never a letter or digit ("4th", "45", "4.5", "3pm").
    static const QRegularExpression digit(
        u"^([1-5])(?:\\s*/\\s*5|\\s+out of 5)?(?:\\s*(?:分|星|颗星|stars?|points?)(?![\\p{L}\\p{N}]))?"
        u"(?=$|[\\s,;:!~、，。；：！～)）\\]】-]|\\.(?!\\d))"_s,
        QRegularExpression::CaseInsensitiveOption);
    if (const auto m = digit.match(line); m.hasMatch())
        return std::pair{m.captured(1).toInt(), afterSeparators(line.mid(m.capturedLength()))};
    // Chinese numerals only with their unit: "五" alone is too often the start of a sentence.
    static const QRegularExpression chinese(u"^([一二三四五])\\s*(?:分|星|颗星)(?![\\p{L}\\p{N}])"_s);
    if (const auto m = chinese.match(line); m.hasMatch())
        return std::pair{chineseDigit(m.captured(1).at(0)), afterSeparators(line.mid(m.capturedLength()))};
    return std::nullopt;
}

} // namespace

std::optional<SatisfactionRating> SatisfactionRating::recognise(const QString &text)
{
    QStringList lines = QuotedText::split(text).fresh.split(u'\n');
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
        lines.removeFirst();
    if (lines.isEmpty())
        return std::nullopt;
    static const QRegularExpression label(u"^(?:rating|score|评分|打分)\\s*[:：]?\\s*"_s,
                                          QRegularExpression::CaseInsensitiveOption);
    QString first = lines.first().trimmed();
    // Full-width digits and slashes ("５／５") are the same answer typed on a Chinese keyboard.
    for (QChar &c : first) {
        if (c.unicode() >= 0xFF0F && c.unicode() <= 0xFF19)
            c = QChar(c.unicode() - 0xFF0F + u'/');
    }
    first.remove(label);
    const auto rating = ratingOf(first);
    if (!rating)
        return std::nullopt;
    lines.removeFirst();
    QStringList comment;
    if (!rating->second.isEmpty())
        comment.append(rating->second);
    const QString more = lines.join(u'\n').trimmed();
    if (!more.isEmpty())
        comment.append(more);
    SatisfactionRating result;
    result.score = rating->first;
    result.comment = comment.join(u'\n');
    return result;
}
