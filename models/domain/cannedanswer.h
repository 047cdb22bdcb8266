#pragma once

#include <QString>

struct CannedAnswer {
    qint64 id = 0;
    QString title;
    QString body;
    QString language; // "zh_CN", "en" or empty for any
};
