#pragma once

#include <QString>

struct CannedAnswer {
    qint64 id = 0;
    QString title;
    QString body;
    QString language; // "zh_CN", "en" or empty for any
    // Published on the chat page as an FAQ article (issue 18), in both languages; an empty
    // title or text there stands in with the answer's own when its language is that one or any.
    bool isPublic = false;
    QString titleZh;
    QString bodyZh;
    QString titleEn;
    QString bodyEn;
    // The uuid the team's server names its FAQ article by (faq.publish), given when it is made.
    QString clientId;
};
