#pragma once

#include "fieldcodes.h"

#include <QDateTime>
#include <QString>

struct CustomerOrder {
    qint64 id = 0;
    qint64 customerId = 0;
    QString number;
    QDateTime placedAt;
    OrderStatus status = OrderStatus::Placed;
    qint64 amountCents = 0;
    QString currency = QStringLiteral("CNY");
    PaymentState paymentState = PaymentState::Pending;
};
