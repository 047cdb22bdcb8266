#include "queueboarddelegate.h"

#include "fieldcodes.h"
#include "palettecolors.h"
#include "queueboardmodel.h"

#include <QComboBox>

using namespace Qt::StringLiterals;

void QueueBoardDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto *model = qobject_cast<const QueueBoardModel *>(index.model());
    if (model && model->isTotalRow(index.row()))
        option->font.setBold(true);
    const bool counted = index.data(Qt::UserRole).toLongLong() > 0;
    if (counted && index.column() == QueueBoardModel::BreachedColumn) {
        option->palette.setColor(QPalette::Text, PaletteColors::readable(QColor(0xc0, 0x39, 0x2b), option->palette));
        option->font.setBold(true);
    } else if (counted && index.column() == QueueBoardModel::DueSoonColumn) {
        option->palette.setColor(QPalette::Text, PaletteColors::readable(QColor(0xd3, 0x54, 0x00), option->palette));
    }
}

QWidget *QueueBoardDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const
{
    if (index.column() != QueueBoardModel::AutoAssignColumn)
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto *choice = new QComboBox(parent);
    choice->setObjectName(u"autoAssignEditor"_s);
    for (AutoAssign mode : allFieldValues<AutoAssign>())
        choice->addItem(fieldLabel(mode), int(mode));
    return choice;
}

void QueueBoardDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *choice = qobject_cast<QComboBox *>(editor)) {
        choice->setCurrentIndex(choice->findData(index.data(Qt::EditRole).toInt()));
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void QueueBoardDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *choice = qobject_cast<QComboBox *>(editor)) {
        model->setData(index, choice->currentData(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}
