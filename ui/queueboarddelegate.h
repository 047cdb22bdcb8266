#pragma once

#include <QStyledItemDelegate>

// Draws the queue board: the total in bold, tickets past their deadline in red and those due
// soon in orange, so the rows that need a supervisor stand out at a glance.
class QueueBoardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
