#include "queueboarddelegate.h"

#include "queueboardmodel.h"

void QueueBoardDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto *model = qobject_cast<const QueueBoardModel *>(index.model());
    if (model && model->isTotalRow(index.row()))
        option->font.setBold(true);
    const bool counted = index.data(Qt::UserRole).toLongLong() > 0;
    if (counted && index.column() == QueueBoardModel::BreachedColumn) {
        option->palette.setColor(QPalette::Text, QColor(0xc0, 0x39, 0x2b));
        option->font.setBold(true);
    } else if (counted && index.column() == QueueBoardModel::DueSoonColumn) {
        option->palette.setColor(QPalette::Text, QColor(0xd3, 0x54, 0x00));
    }
}
