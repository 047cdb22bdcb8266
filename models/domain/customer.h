#pragma once

#include "fieldcodes.h"

#include <QDateTime>
#include <QString>

struct Customer {
    // How many customers the search box (and `deskctl search`) lists above the tickets.
    static constexpr int searchHits = 8;

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
