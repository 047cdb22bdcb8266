#pragma once

#include <QString>

struct Draft {
    QString body;
    bool internal = false;
};
