#pragma once

#include "cannedanswer.h"
#include "faqarticle.h"

#include <QList>
#include <QString>

#include <optional>

// The chat page's FAQ search as the visitor types (issue 18). The public articles are few (a
// team publishes tens, not thousands), so each search reads them all: every word of the query,
// lower-cased and width-folded (NFKC), must occur in the title or the text of the article in
// either language, as a substring, so one- and two-character Chinese words (登录, 支付) match
// as well as English ones. Title hits rank first. The article is shown in the visitor's
// language, or in the other one when it has none in theirs.
class FaqSearch
{
public:
    static constexpr int defaultLimit = 8;
    static constexpr int maxQueryLength = 200;

    // "zh_CN" or "en" for what a browser or the page's switch asks ("zh-CN,zh;q=0.9" → zh_CN).
    static QString languageFor(const QString &acceptLanguage);
    // The answer as an article in the language; nullopt when it has neither title nor text there
    // (and its own title and text are in the other language).
    static std::optional<FaqArticle> articleIn(const CannedAnswer &answer, const QString &language);
    // Empty query: the first articles, in the team's order.
    static QList<FaqArticle> search(const QList<CannedAnswer> &answers, const QString &query, const QString &language,
                                    int limit = defaultLimit);
    static QString folded(const QString &text);
};
