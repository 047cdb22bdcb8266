#include "ticketlistdelegate.h"

#include "fieldcodes.h"
#include "palettecolors.h"
#include "ticketlistmodel.h"

#include <QApplication>
#include <QHash>
#include <QIcon>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

QIcon TicketListDelegate::channelIcon(const QString &channelKey)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(channelKey);
    if (it == cache.end())
        it = cache.insert(channelKey, QIcon(u":/deskline/icons/channel-%1.svg"_s.arg(channelKey)));
    return *it;
}

QColor TicketListDelegate::priorityColor(int priority)
{
    switch (fieldFromInt<Priority>(priority)) {
    case Priority::Low:
        return QColor(0x8a, 0x94, 0xa6);
    case Priority::Normal:
        return QColor(0x3d, 0x7e, 0xc9);
    case Priority::High:
        return QColor(0xe0, 0x8a, 0x1e);
    case Priority::Urgent:
        return QColor(0xd2, 0x3c, 0x3c);
    }
    return {};
}

QColor TicketListDelegate::statusColor(int status)
{
    switch (fieldFromInt<TicketStatus>(status)) {
    case TicketStatus::New:
        return QColor(0xd9, 0x7a, 0x00);
    case TicketStatus::Open:
        return QColor(0xc8, 0x3e, 0x3e);
    case TicketStatus::Pending:
        return QColor(0x3d, 0x7e, 0xc9);
    case TicketStatus::OnHold:
        return QColor(0x6b, 0x6f, 0x7a);
    case TicketStatus::Solved:
        return QColor(0x2e, 0x9d, 0x5b);
    case TicketStatus::Closed:
        return QColor(0x8a, 0x94, 0xa6);
    }
    return {};
}

namespace {
void paintPill(QPainter *painter, const QStyleOptionViewItem &option, const QString &text, const QColor &color,
               const QFont &font)
{
    const QRect &cell = option.rect;
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(small);
    // Two pixels of slack: eliding measures in fractions and would cut a text that just fits.
    const int width = std::min(cell.width() - 8, metrics.horizontalAdvance(text) + 16);
    const QRect pill(cell.left() + 4, cell.center().y() - metrics.height() / 2 - 1, width, metrics.height() + 2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    // The hue tints the pill and colours its text, as readable on a dark palette as on a light one.
    painter->setBrush(PaletteColors::tint(color, option.palette));
    painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    QPalette behind = option.palette;
    behind.setColor(QPalette::Base, PaletteColors::tint(color, option.palette));
    painter->setPen(PaletteColors::readable(color, behind));
    painter->setFont(small);
    painter->drawText(pill.adjusted(7, 0, -7, 0), Qt::AlignVCenter | Qt::AlignLeft,
                      metrics.elidedText(text, Qt::ElideRight, pill.width() - 12));
    painter->restore();
}
} // namespace

void TicketListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int column = index.column();
    if (column != TicketListModel::ChannelColumn && column != TicketListModel::PriorityColumn &&
        column != TicketListModel::StatusColumn && column != TicketListModel::DueColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    switch (column) {
    case TicketListModel::ChannelColumn: {
        const QIcon icon = channelIcon(index.data(TicketListModel::KeyRole).toString());
        const int size = std::min(18, option.rect.height() - 4);
        // The icon alone; the channel's name is the cell's tooltip.
        const QRect target(option.rect.center().x() - size / 2, option.rect.center().y() - size / 2, size, size);
        icon.paint(painter, target);
        break;
    }
    case TicketListModel::PriorityColumn:
        paintPill(painter, option, text, priorityColor(index.data(TicketListModel::RawValueRole).toInt()), opt.font);
        break;
    case TicketListModel::StatusColumn: {
        // An escalated ticket carries its tier in the same pill: a second pill would not fit
        // the column in every language.
        const int tier = index.data(TicketListModel::EscalationTierRole).toInt();
        paintPill(painter, option, tier > 0 ? u"%1 ↑L%2"_s.arg(text).arg(tier) : text,
                  tier > 0 ? QColor(0x7b, 0x1f, 0xa2) : statusColor(index.data(TicketListModel::RawValueRole).toInt()),
                  opt.font);
        break;
    }
    case TicketListModel::DueColumn: {
        if (text.isEmpty())
            break;
        const bool overdue = index.data(TicketListModel::OverdueRole).toBool();
        const qint64 left = index.data(TicketListModel::MsecsLeftRole).toLongLong();
        const QColor color = overdue                 ? QColor(0xd2, 0x3c, 0x3c)
                             : left < 60 * 60 * 1000 ? QColor(0xe0, 0x8a, 0x1e)
                                                     : QColor(0x2e, 0x9d, 0x5b);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QRect bar(option.rect.left() + 4, option.rect.bottom() - 5, option.rect.width() - 8, 3);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color.lighter(170));
        painter->drawRoundedRect(bar, 1.5, 1.5);
        // The bar empties over the last day.
        const double fraction = overdue ? 1.0 : std::clamp(1.0 - double(left) / (24.0 * 3600 * 1000), 0.05, 1.0);
        painter->setBrush(color);
        painter->drawRoundedRect(QRect(bar.left(), bar.top(), int(bar.width() * fraction), bar.height()), 1.5, 1.5);
        painter->setPen(overdue ? PaletteColors::readable(color, opt.palette)
                                : opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                                       : QPalette::Text));
        QFont font = opt.font;
        font.setBold(overdue);
        painter->setFont(font);
        painter->drawText(option.rect.adjusted(4, 0, -4, -4), Qt::AlignVCenter | Qt::AlignLeft,
                          QFontMetrics(font).elidedText(text, Qt::ElideRight, option.rect.width() - 8));
        painter->restore();
        break;
    }
    default:
        break;
    }
}

QSize TicketListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 12));
    return size;
}
