#pragma once

#include "auditevent.h"

#include <QAbstractTableModel>
#include <QList>

class LocalStore;

// Everything that happened to one ticket, oldest first: who did what, and when. The
// conversation pane's History tab shows it; it follows the store's change announcements.
class TicketHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { WhenColumn, WhoColumn, WhatColumn, ColumnCount };

    explicit TicketHistoryModel(LocalStore &store, QObject *parent = nullptr);

    qint64 ticketId() const { return m_ticketId; }
    void setTicket(qint64 ticketId);

    // One event in words, in the interface language ("Status changed to Solved").
    static QString describe(const AuditEvent &event);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reload();

    LocalStore &m_store;
    qint64 m_ticketId = 0;
    QList<AuditEvent> m_events;
};
