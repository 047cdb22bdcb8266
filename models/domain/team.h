#pragma once

#include <QString>

struct Team {
    qint64 id = 0;
    QString name;
    int tier = 1; // 1 = first line, 2 = specialists, 3 = management
};
