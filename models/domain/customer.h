#pragma once

#include "fieldcodes.h"

#include <QDateTime>
#include <QString>

struct Customer {
    qint64 id = 0;
    QString externalId;
    QString name;
    QString username;
    QString email;
    QString phone;
    AccountStatus accountStatus = AccountStatus::Active;
    bool twoFactor = false;
    QDateTime createdAt;
};
