#pragma once

#include <QStyledItemDelegate>

class QListView;

// Draws a message as a bubble: customer messages on the left, agent replies on the
// right, internal notes full width on amber with a label, so nobody mistakes a note
// for something the customer saw.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit MessageDelegate(QListView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // For a mail: its sender, or how the reply's sending went.
    static QString mailText(const QModelIndex &index);
    static bool mailFailed(const QModelIndex &index);

private:
    struct Layout {
        QRect bubble;
        QRect header;
        QRect body;
        QRect attachments;
    };
    Layout layoutFor(const QStyleOptionViewItem &option, const QModelIndex &index, int width) const;
    QString headerText(const QModelIndex &index) const;
    QString attachmentText(const QModelIndex &index) const;

    QListView *m_view;
};
