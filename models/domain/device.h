#pragma once

#include <QString>

struct Device {
    qint64 id = 0;
    qint64 customerId = 0;
    QString model;
    QString osVersion;
    QString appVersion;
};
