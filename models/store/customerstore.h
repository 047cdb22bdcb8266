#pragma once

#include "customer.h"
#include "customerorder.h"
#include "device.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

class LocalStore;

// The customers the desk serves, with their orders and devices.
class CustomerStore
{
    Q_DECLARE_TR_FUNCTIONS(CustomerStore)

public:
    explicit CustomerStore(LocalStore &store);

    std::optional<Customer> customer(qint64 id) const;
    // Looks a caller up by phone (any formatting, matching the last digits), email,
    // username, order number or the start of the name.
    QList<Customer> findCustomers(const QString &term, int limit = 20) const;
    QList<CustomerOrder> orders(qint64 customerId) const;
    QList<Device> devices(qint64 customerId) const;
    std::optional<qint64> createCustomer(const Customer &customer);
    static QString phoneKey(const QString &phone);

private:
    LocalStore &m_store;
};
