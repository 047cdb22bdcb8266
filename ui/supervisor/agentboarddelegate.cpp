#include "agentboarddelegate.h"

#include "agentboardmodel.h"
#include "palettecolors.h"

#include <QSpinBox>

QWidget *AgentBoardDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const
{
    if (index.column() != AgentBoardModel::CapacityColumn)
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto *box = new QSpinBox(parent);
    box->setRange(0, AgentLoad::maxCapacity);
    box->setSpecialValueText(tr("no limit"));
    return box;
}

void AgentBoardDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == AgentBoardModel::PresenceColumn &&
        index.data(Qt::UserRole).toInt() == int(AgentBoardModel::Presence::Online)) {
        option->palette.setColor(QPalette::Text, PaletteColors::readable(QColor(0x1e, 0x84, 0x49), option->palette));
        return;
    }
    if (index.column() == AgentBoardModel::PresenceColumn &&
        index.data(Qt::UserRole).toInt() == int(AgentBoardModel::Presence::Away)) {
        option->palette.setColor(QPalette::Text, PaletteColors::readable(QColor(0xd3, 0x54, 0x00), option->palette));
        return;
    }
    if (index.column() == AgentBoardModel::OpenColumn) {
        const int capacity = index.siblingAtColumn(AgentBoardModel::CapacityColumn).data(Qt::UserRole).toInt();
        if (capacity > 0 && index.data(Qt::UserRole).toLongLong() > capacity) {
            option->palette.setColor(QPalette::Text,
                                     PaletteColors::readable(QColor(0xc0, 0x39, 0x2b), option->palette));
            option->font.setBold(true);
        }
    }
}
