#pragma once

#include <QStyledItemDelegate>

// Draws the board's agent table: who is online in green, an open load above the agent's
// capacity in red; edits a capacity with a spin box (0: no limit).
class AgentBoardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
