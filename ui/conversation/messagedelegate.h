#pragma once

#include "quotedtext.h"

#include <QHash>
#include <QSet>
#include <QStyledItemDelegate>

class QListView;

// Draws a message as a bubble: customer messages on the left, agent replies on the
// right, internal notes full width on amber with a label, so nobody mistakes a note
// for something the customer saw. The earlier mail a customer quoted is folded under a
// "Show quoted text" link, so the thread reads as what each side wrote now.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit MessageDelegate(QListView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // For a mail: its sender, or how the reply's sending went; for a reply going back to an
    // intake source (a social bridge): how its webhook went.
    static QString deliveryText(const QModelIndex &index);
    // The files line of a message: name, size, and whether its bytes are being fetched.
    static QString attachmentText(const QModelIndex &index);
    static bool deliveryFailed(const QModelIndex &index);

    // The message's text split where its quote begins (none for agents' replies and notes).
    QuotedText::Split split(const QModelIndex &index) const;
    bool hasQuote(const QModelIndex &index) const { return !split(index).quoted.isEmpty(); }
    bool isQuoteShown(const QModelIndex &index) const;
    void setQuoteShown(const QModelIndex &index, bool shown);
    // Where "Show quoted text" is, in the view's viewport; empty for a message without a quote.
    QRect quoteLinkRect(const QModelIndex &index) const;

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    struct Layout {
        QRect bubble;
        QRect header;
        QRect body;
        QRect quoteLink;
        QRect quoted;
        QRect attachments;
    };
    Layout layoutFor(const QStyleOptionViewItem &option, const QModelIndex &index, int width) const;
    QString headerText(const QModelIndex &index) const;
    QString quoteLinkText(const QModelIndex &index) const;

    QListView *m_view;
    // By message id: the split is worked out once per message, and an unfolded quote stays so
    // while the thread is read again (a new message, a sync).
    mutable QHash<qint64, QuotedText::Split> m_splits;
    QSet<qint64> m_shown;
};
