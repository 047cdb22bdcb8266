#pragma once

#include "customerorder.h"
#include "device.h"
#include "ticket.h"

#include <QAbstractTableModel>
#include <QList>

class LocalStore;

// One section of what we know about a customer, as a table: their orders, their
// devices, or their earlier tickets. The customer pane shows one of each.
class CustomerRecordsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Section { Orders, Devices, Tickets };
    enum Role { RecordIdRole = Qt::UserRole + 1, RawValueRole };

    CustomerRecordsModel(LocalStore &store, Section section, QObject *parent = nullptr);

    Section section() const { return m_section; }
    qint64 customerId() const { return m_customerId; }
    // The ticket the agent has open is left out of the customer's tickets: it is on screen already.
    void setCustomer(qint64 customerId, qint64 shownTicketId = 0);
    qint64 shownTicketId() const { return m_shownTicketId; }
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onTicketsChanged(const QList<qint64> &ids);

    LocalStore &m_store;
    Section m_section;
    qint64 m_customerId = 0;
    qint64 m_shownTicketId = 0;
    QList<CustomerOrder> m_orders;
    QList<Device> m_devices;
    QList<Ticket> m_tickets;
};
