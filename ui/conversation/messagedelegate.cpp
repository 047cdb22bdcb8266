#include "messagedelegate.h"

#include "conversationmodel.h"
#include "fieldcodes.h"
#include "mailfacts.h"

#include <QDateTime>
#include <QListView>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QVariantMap>

namespace {
constexpr int margin = 8;
constexpr int padding = 10;
constexpr int sideGap = 60; // the empty side that makes the thread read left/right

QColor bubbleColor(MessageKind kind, bool dark)
{
    switch (kind) {
    case MessageKind::Customer:
        return dark ? QColor(0x3a, 0x3f, 0x47) : QColor(0xf0, 0xf2, 0xf5);
    case MessageKind::Agent:
        return dark ? QColor(0x1f, 0x4e, 0x79) : QColor(0xdc, 0xeb, 0xfb);
    case MessageKind::Note:
        return dark ? QColor(0x5c, 0x4a, 0x14) : QColor(0xff, 0xf4, 0xce);
    }
    return {};
}

QString formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1);
}
} // namespace

MessageDelegate::MessageDelegate(QListView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{}

QString MessageDelegate::headerText(const QModelIndex &index) const
{
    const auto kind = fieldFromInt<MessageKind>(index.data(ConversationModel::KindRole).toInt());
    const QString when = QLocale().toString(index.data(ConversationModel::CreatedAtRole).toDateTime().toLocalTime(),
                                            QLocale::ShortFormat);
    const QString author = index.data(ConversationModel::AuthorRole).toString();
    const QString header =
        kind == MessageKind::Note ? tr("Internal note · %1 · %2").arg(author, when) : tr("%1 · %2").arg(author, when);
    const QString duplicate = index.data(ConversationModel::MergedFromRole).toString();
    const QString placed = duplicate.isEmpty() ? header : tr("%1 · in %2 (merged)").arg(header, duplicate);
    const QString delivery = deliveryText(index);
    return delivery.isEmpty() ? placed : tr("%1 · %2").arg(placed, delivery);
}

QString MessageDelegate::deliveryText(const QModelIndex &index)
{
    const QVariantMap webhook = index.data(ConversationModel::WebhookRole).toMap();
    if (!webhook.isEmpty()) {
        const QString source = webhook.value(QStringLiteral("source")).toString();
        const QString detail = webhook.value(QStringLiteral("deliveryDetail")).toString();
        switch (static_cast<MailDelivery>(webhook.value(QStringLiteral("delivery")).toInt())) {
        case MailDelivery::Received:
        case MailDelivery::Sent:
            return tr("↗ sent to %1").arg(source);
        case MailDelivery::Waiting:
            return detail.isEmpty() ? tr("↗ waiting to be sent to %1").arg(source)
                                    : tr("↗ will be sent to %1 again (%2)").arg(source, detail);
        case MailDelivery::Failed:
        case MailDelivery::Bounced:
            return tr("⚠ not delivered to %1: %2").arg(source, detail);
        }
        return {};
    }
    const QVariantMap mail = index.data(ConversationModel::MailRole).toMap();
    if (mail.isEmpty())
        return {};
    if (static_cast<MailDirection>(mail.value(QStringLiteral("direction")).toInt()) == MailDirection::Received)
        return tr("✉ from %1").arg(mail.value(QStringLiteral("sender")).toString());
    const QString detail = mail.value(QStringLiteral("deliveryDetail")).toString();
    switch (static_cast<MailDelivery>(mail.value(QStringLiteral("delivery")).toInt())) {
    case MailDelivery::Received:
    case MailDelivery::Sent:
        return tr("✉ sent to %1").arg(mail.value(QStringLiteral("recipients")).toStringList().join(u", "));
    case MailDelivery::Waiting:
        return detail.isEmpty() ? tr("✉ waiting to be sent") : tr("✉ will be sent again (%1)").arg(detail);
    case MailDelivery::Failed:
        return tr("⚠ not delivered: %1").arg(detail);
    case MailDelivery::Bounced:
        return tr("⚠ returned as undeliverable: %1").arg(detail);
    }
    return {};
}

bool MessageDelegate::deliveryFailed(const QModelIndex &index)
{
    QVariantMap mail = index.data(ConversationModel::WebhookRole).toMap();
    if (mail.isEmpty())
        mail = index.data(ConversationModel::MailRole).toMap();
    if (mail.isEmpty())
        return false;
    const auto delivery = static_cast<MailDelivery>(mail.value(QStringLiteral("delivery")).toInt());
    return delivery == MailDelivery::Failed || delivery == MailDelivery::Bounced;
}

QuotedText::Split MessageDelegate::split(const QModelIndex &index) const
{
    const QString body = index.data(ConversationModel::BodyRole).toString();
    if (fieldFromInt<MessageKind>(index.data(ConversationModel::KindRole).toInt()) != MessageKind::Customer)
        return {body, {}};
    const qint64 id = index.data(ConversationModel::MessageIdRole).toLongLong();
    auto cached = m_splits.constFind(id);
    if (cached == m_splits.cend())
        cached = m_splits.insert(id, QuotedText::split(body));
    return *cached;
}

bool MessageDelegate::isQuoteShown(const QModelIndex &index) const
{
    return m_shown.contains(index.data(ConversationModel::MessageIdRole).toLongLong());
}

void MessageDelegate::setQuoteShown(const QModelIndex &index, bool shown)
{
    const qint64 id = index.data(ConversationModel::MessageIdRole).toLongLong();
    if (shown == m_shown.contains(id))
        return;
    if (shown)
        m_shown.insert(id);
    else
        m_shown.remove(id);
    // The bubble's height changes: the view lays the thread out again.
    Q_EMIT sizeHintChanged(index);
}

QString MessageDelegate::quoteLinkText(const QModelIndex &index) const
{
    return isQuoteShown(index) ? tr("Hide quoted text") : tr("Show quoted text");
}

QRect MessageDelegate::quoteLinkRect(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    option.initFrom(m_view->viewport());
    option.font = m_view->font();
    option.rect = m_view->visualRect(index);
    return layoutFor(option, index, option.rect.width()).quoteLink;
}

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                  const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QRect link = layoutFor(option, index, option.rect.width()).quoteLink;
        if (mouse->button() == Qt::LeftButton && link.contains(mouse->position().toPoint())) {
            setQuoteShown(index, !isQuoteShown(index));
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

QString MessageDelegate::attachmentText(const QModelIndex &index)
{
    QStringList parts;
    const QVariantList attachments = index.data(ConversationModel::AttachmentsRole).toList();
    for (const QVariant &value : attachments) {
        const QVariantMap a = value.toMap();
        QString line = tr("📎 %1 (%2)")
                           .arg(a.value(QStringLiteral("name")).toString(),
                                formatSize(a.value(QStringLiteral("size")).toLongLong()));
        // A colleague's file comes from the team's server when the message is opened.
        switch (ConversationModel::ContentState(a.value(QStringLiteral("state")).toInt())) {
        case ConversationModel::ContentState::Fetching:
            line = tr("%1 · Fetching…").arg(line);
            break;
        case ConversationModel::ContentState::Unavailable:
            line = tr("%1 · Not available").arg(line);
            break;
        case ConversationModel::ContentState::Local:
        case ConversationModel::ContentState::OnServer:
            break;
        }
        parts << line;
    }
    return parts.join(QLatin1Char('\n'));
}

MessageDelegate::Layout MessageDelegate::layoutFor(const QStyleOptionViewItem &option, const QModelIndex &index,
                                                   int width) const
{
    const auto kind = fieldFromInt<MessageKind>(index.data(ConversationModel::KindRole).toInt());
    const int bubbleWidth = kind == MessageKind::Note ? width - 2 * margin : width - 2 * margin - sideGap;
    const int textWidth = std::max(80, bubbleWidth - 2 * padding);

    QFont headerFont = option.font;
    headerFont.setPointSizeF(option.font.pointSizeF() * 0.88);
    const QFontMetrics headerMetrics(headerFont);
    const QFontMetrics bodyMetrics(option.font);
    const QuotedText::Split parts = split(index);
    const bool folds = !parts.quoted.isEmpty();
    const bool shown = folds && isQuoteShown(index);
    const QRect bodyRect = bodyMetrics.boundingRect(QRect(0, 0, textWidth, 100000), Qt::TextWordWrap, parts.fresh);
    const QString link = folds ? quoteLinkText(index) : QString();
    const QRect linkRect = folds ? headerMetrics.boundingRect(link) : QRect();
    const QRect quotedRect =
        shown ? bodyMetrics.boundingRect(QRect(0, 0, textWidth, 100000), Qt::TextWordWrap, parts.quoted) : QRect();
    const QString attachments = attachmentText(index);
    const QRect attachmentRect =
        attachments.isEmpty() ? QRect()
                              : bodyMetrics.boundingRect(QRect(0, 0, textWidth, 10000), Qt::TextWordWrap, attachments);
    // Short messages get a snug bubble, long ones the full width.
    const int contentWidth = std::max({bodyRect.width(), attachmentRect.width(), linkRect.width(), quotedRect.width(),
                                       std::min(textWidth, headerMetrics.horizontalAdvance(headerText(index)))});
    const int actualBubbleWidth = kind == MessageKind::Note ? bubbleWidth : contentWidth + 2 * padding;

    Layout layout;
    const int left = kind == MessageKind::Agent ? option.rect.left() + width - margin - actualBubbleWidth
                                                : option.rect.left() + margin;
    int y = option.rect.top() + margin / 2 + padding;
    layout.header = QRect(left + padding, y, actualBubbleWidth - 2 * padding, headerMetrics.height());
    y += headerMetrics.height() + 4;
    layout.body = QRect(left + padding, y, actualBubbleWidth - 2 * padding, bodyRect.height());
    y += bodyRect.height();
    if (folds) {
        y += 6;
        layout.quoteLink = QRect(left + padding, y, linkRect.width() + 2, headerMetrics.height());
        y += headerMetrics.height();
        if (shown) {
            y += 4;
            layout.quoted = QRect(left + padding, y, actualBubbleWidth - 2 * padding, quotedRect.height());
            y += quotedRect.height();
        }
    }
    if (!attachments.isEmpty()) {
        y += 6;
        layout.attachments = QRect(left + padding, y, actualBubbleWidth - 2 * padding, attachmentRect.height());
        y += attachmentRect.height();
    }
    y += padding;
    layout.bubble = QRect(left, option.rect.top() + margin / 2, actualBubbleWidth, y - option.rect.top() - margin / 2);
    return layout;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto kind = fieldFromInt<MessageKind>(index.data(ConversationModel::KindRole).toInt());
    const bool dark = option.palette.color(QPalette::Base).lightness() < 128;
    const Layout layout = layoutFor(option, index, option.rect.width());

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = bubbleColor(kind, dark);
    painter->setPen(option.state & QStyle::State_Selected ? QPen(option.palette.color(QPalette::Highlight), 2)
                                                          : QPen(fill.darker(108), 1));
    painter->setBrush(fill);
    painter->drawRoundedRect(layout.bubble, 8, 8);

    QFont headerFont = option.font;
    headerFont.setPointSizeF(option.font.pointSizeF() * 0.88);
    headerFont.setBold(kind == MessageKind::Note);
    painter->setFont(headerFont);
    QColor muted = option.palette.color(QPalette::Text);
    muted.setAlpha(150);
    if (deliveryFailed(index))
        painter->setPen(dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    else
        painter->setPen(kind == MessageKind::Note ? (dark ? QColor(0xff, 0xd8, 0x66) : QColor(0x8a, 0x5a, 0x00))
                                                  : muted);
    painter->drawText(layout.header, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(headerFont).elidedText(headerText(index), Qt::ElideRight, layout.header.width()));

    painter->setFont(option.font);
    painter->setPen(option.palette.color(QPalette::Text));
    const QuotedText::Split parts = split(index);
    painter->drawText(layout.body, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, parts.fresh);
    if (!layout.quoteLink.isNull()) {
        QFont linkFont = headerFont;
        linkFont.setBold(false);
        linkFont.setUnderline(true);
        painter->setFont(linkFont);
        painter->setPen(option.palette.color(QPalette::Link));
        painter->drawText(layout.quoteLink, Qt::AlignLeft | Qt::AlignVCenter, quoteLinkText(index));
        painter->setFont(option.font);
    }
    if (!layout.quoted.isNull()) {
        painter->setPen(muted);
        painter->drawText(layout.quoted, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, parts.quoted);
    }
    if (!layout.attachments.isNull()) {
        painter->setPen(option.palette.color(QPalette::Link));
        painter->drawText(layout.attachments, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, attachmentText(index));
    }
    painter->restore();
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int width = m_view->viewport()->width();
    QStyleOptionViewItem opt = option;
    opt.rect = QRect(0, 0, width, 0);
    const Layout layout = layoutFor(opt, index, width);
    return QSize(width, layout.bubble.height() + margin);
}
