#pragma once

#include <QString>

// One article of the chat page's FAQ as a visitor reads it: a public canned answer in the
// visitor's language.
struct FaqArticle {
    qint64 id = 0;
    QString title;
    QString body;
    QString language; // "zh_CN" or "en": what it is written in
};
