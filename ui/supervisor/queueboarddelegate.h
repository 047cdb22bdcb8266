#pragma once

#include <QStyledItemDelegate>

// Draws the queue board: the total in bold, tickets past their deadline in red and those due
// soon in orange, so the rows that need a supervisor stand out at a glance. A team's way of
// handing out new tickets is chosen from a list in place.
class QueueBoardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
