#pragma once

#include <QString>

// Turns text into what the full-text index stores, and a user's query into an FTS5
// MATCH expression that finds it.
//
// SQLite's unicode61 tokenizer keeps a run of Chinese characters as one token, so
// "无法登录" would only match the whole run. Chinese, Japanese and Korean runs are
// therefore written as overlapping bigrams followed by the run's last character:
// 无法登录 -> "无法 法登 登录 录". Every character then starts a token, which makes a
// one-character query a prefix query ("登"*) and a longer one a phrase of bigrams
// ("登录 录账"), both exact and fast. Other scripts go to the porter stemmer over
// unicode61 unchanged, so English words match in any inflection.
class SearchText
{
public:
    static QString indexText(const QString &text);

    // Empty when the query has nothing searchable (only punctuation, say).
    static QString matchExpression(const QString &query);

    static bool isCjk(char32_t codePoint);
};
