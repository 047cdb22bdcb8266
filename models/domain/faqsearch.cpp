#include "faqsearch.h"

#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString chinese = u"zh_CN"_s;
const QString english = u"en"_s;

QString other(const QString &language)
{
    return language == chinese ? english : chinese;
}

} // namespace

QString FaqSearch::languageFor(const QString &acceptLanguage)
{
    // The first language named with a weight above zero that we have; English otherwise.
    for (const QString &part : acceptLanguage.split(u',', Qt::SkipEmptyParts)) {
        const QString tag = part.section(u';', 0, 0).trimmed().toLower();
        if (part.contains(u"q=0"_s) && !part.contains(u"q=0."_s))
            continue;
        if (tag.startsWith(u"zh"_s))
            return chinese;
        if (tag.startsWith(u"en"_s))
            return english;
    }
    return english;
}

std::optional<FaqArticle> FaqSearch::articleIn(const CannedAnswer &answer, const QString &language)
{
    const bool zh = language == chinese;
    QString title = (zh ? answer.titleZh : answer.titleEn).trimmed();
    QString body = zh ? answer.bodyZh : answer.bodyEn;
    const bool ownFits = answer.language.isEmpty() || answer.language == language;
    if (ownFits) {
        if (title.isEmpty())
            title = answer.title.trimmed();
        if (body.trimmed().isEmpty())
            body = answer.body;
    }
    if (title.isEmpty() || body.trimmed().isEmpty())
        return std::nullopt;
    return FaqArticle{answer.id, title, body.trimmed(), zh ? chinese : english};
}

QString FaqSearch::folded(const QString &text)
{
    return text.normalized(QString::NormalizationForm_KC).toCaseFolded().simplified();
}

QList<FaqArticle> FaqSearch::search(const QList<CannedAnswer> &answers, const QString &query, const QString &language,
                                    int limit)
{
    const QString wanted = language == chinese ? chinese : english;
    const QStringList words = folded(query.left(maxQueryLength)).split(u' ', Qt::SkipEmptyParts);
    struct Hit {
        int score = 0;
        qsizetype order = 0;
        FaqArticle article;
    };
    QList<Hit> hits;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        const CannedAnswer &answer = answers[i];
        if (!answer.isPublic)
            continue;
        const auto shown = articleIn(answer, wanted);
        const auto otherOne = articleIn(answer, other(wanted));
        const auto article = shown ? shown : otherOne;
        if (!article)
            continue;
        int score = 0;
        bool all = true;
        for (const QString &word : words) {
            int best = 0;
            for (const auto &candidate : {shown, otherOne}) {
                if (!candidate)
                    continue;
                if (folded(candidate->title).contains(word))
                    best = std::max(best, 3);
                else if (folded(candidate->body).contains(word))
                    best = std::max(best, 1);
            }
            if (best == 0) {
                all = false;
                break;
            }
            score += best;
        }
        if (all)
            hits.append({score, i, *article});
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit &a, const Hit &b) { return a.score > b.score; });
    QList<FaqArticle> result;
    for (const Hit &hit : hits) {
        if (result.size() >= limit)
            break;
        result.append(hit.article);
    }
    return result;
}
