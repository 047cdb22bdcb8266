#pragma once

#include "message.h"

#include <QAbstractListModel>
#include <QList>

class LocalStore;

// The messages of one ticket, oldest first. New messages are appended as the store
// announces them; nothing else in the thread is touched.
class ConversationModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        KindRole, // MessageKind as int
        AuthorRole,
        BodyRole,
        CreatedAtRole,   // QDateTime (UTC)
        AttachmentsRole, // QVariantList of QVariantMap {id, name, mimeType, size}
    };

    explicit ConversationModel(LocalStore &store, QObject *parent = nullptr);

    qint64 ticketId() const { return m_ticketId; }
    void setTicket(qint64 ticketId);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const Message &messageAt(int row) const { return m_messages.at(row); }

private:
    void onMessagesAdded(qint64 ticketId, const QList<qint64> &messageIds);

    LocalStore &m_store;
    qint64 m_ticketId = 0;
    QList<Message> m_messages;
};
