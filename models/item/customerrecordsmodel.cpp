#include "customerrecordsmodel.h"

#include "customerstore.h"
#include "localstore.h"

#include <QLocale>

CustomerRecordsModel::CustomerRecordsModel(LocalStore &store, Section section, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_section(section)
{
    if (m_section == Section::Tickets)
        connect(&m_store, &LocalStore::ticketsChanged, this, &CustomerRecordsModel::onTicketsChanged);
}

void CustomerRecordsModel::setCustomer(qint64 customerId, qint64 shownTicketId)
{
    m_customerId = customerId;
    m_shownTicketId = shownTicketId;
    reload();
}

void CustomerRecordsModel::reload()
{
    beginResetModel();
    m_orders.clear();
    m_devices.clear();
    m_tickets.clear();
    if (m_customerId > 0) {
        switch (m_section) {
        case Section::Orders:
            m_orders = CustomerStore(m_store).orders(m_customerId);
            break;
        case Section::Devices:
            m_devices = CustomerStore(m_store).devices(m_customerId);
            break;
        case Section::Tickets:
            m_tickets = m_store.ticketsOfCustomer(m_customerId);
            m_tickets.removeIf([this](const Ticket &t) { return t.id == m_shownTicketId; });
            break;
        }
    }
    endResetModel();
}

void CustomerRecordsModel::onTicketsChanged(const QList<qint64> &ids)
{
    if (m_customerId <= 0)
        return;
    for (qint64 id : ids) {
        for (qsizetype row = 0; row < m_tickets.size(); ++row) {
            if (m_tickets.at(row).id != id)
                continue;
            if (const auto fresh = m_store.ticket(id)) {
                m_tickets[row] = *fresh;
                Q_EMIT dataChanged(index(int(row), 0), index(int(row), columnCount() - 1));
            }
        }
    }
}

int CustomerRecordsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_section) {
    case Section::Orders:
        return int(m_orders.size());
    case Section::Devices:
        return int(m_devices.size());
    case Section::Tickets:
        return int(m_tickets.size());
    }
    return 0;
}

int CustomerRecordsModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_section) {
    case Section::Orders:
        return 5;
    case Section::Devices:
        return 3;
    case Section::Tickets:
        return 4;
    }
    return 0;
}

QVariant CustomerRecordsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    const QLocale locale;
    switch (m_section) {
    case Section::Orders: {
        const CustomerOrder &o = m_orders.at(index.row());
        if (role == RecordIdRole)
            return o.id;
        if (role == RawValueRole && column == 3)
            return int(o.status);
        if (role == RawValueRole && column == 4)
            return int(o.paymentState);
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case 0:
            return o.number;
        case 1:
            return locale.toString(o.placedAt.toLocalTime().date(), QLocale::ShortFormat);
        case 2:
            return locale.toCurrencyString(double(o.amountCents) / 100.0, o.currency == QLatin1StringView("CNY")
                                                                              ? QStringLiteral("¥")
                                                                              : QStringLiteral("$"));
        case 3:
            return fieldLabel(o.status);
        case 4:
            return fieldLabel(o.paymentState);
        }
        return {};
    }
    case Section::Devices: {
        const Device &d = m_devices.at(index.row());
        if (role == RecordIdRole)
            return d.id;
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case 0:
            return d.model;
        case 1:
            return d.osVersion;
        case 2:
            return d.appVersion;
        }
        return {};
    }
    case Section::Tickets: {
        const Ticket &t = m_tickets.at(index.row());
        if (role == RecordIdRole)
            return t.id;
        if (role == RawValueRole && column == 3)
            return int(t.status);
        if (role == Qt::ToolTipRole && column == 1)
            return t.subject;
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case 0:
            return t.displayId();
        case 1:
            return t.subject;
        case 2:
            return locale.toString(t.createdAt.toLocalTime().date(), QLocale::ShortFormat);
        case 3:
            return fieldLabel(t.status);
        }
        return {};
    }
    }
    return {};
}

QVariant CustomerRecordsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (m_section) {
    case Section::Orders: {
        const QString names[] = {tr("Order"), tr("Date"), tr("Amount"), tr("Status"), tr("Payment")};
        return section >= 0 && section < 5 ? names[section] : QVariant();
    }
    case Section::Devices: {
        const QString names[] = {tr("Model"), tr("OS version"), tr("App version")};
        return section >= 0 && section < 3 ? names[section] : QVariant();
    }
    case Section::Tickets: {
        const QString names[] = {tr("Ticket"), tr("Subject"), tr("Created"), tr("Status")};
        return section >= 0 && section < 4 ? names[section] : QVariant();
    }
    }
    return {};
}
