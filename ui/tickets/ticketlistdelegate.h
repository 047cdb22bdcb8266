#pragma once

#include <QStyledItemDelegate>

// Paints the ticket list's glanceable cells: the channel as an icon, priority and
// status as coloured pills, and the deadline as a countdown that turns amber, then red.
class TicketListDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QIcon channelIcon(const QString &channelKey);
    static QColor priorityColor(int priority);
    static QColor statusColor(int status);
};
