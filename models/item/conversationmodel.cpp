#include "conversationmodel.h"

#include "localstore.h"

#include <QVariantMap>

using namespace Qt::StringLiterals;

ConversationModel::ConversationModel(LocalStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(&m_store, &LocalStore::messagesAdded, this, &ConversationModel::onMessagesAdded);
}

void ConversationModel::setTicket(qint64 ticketId)
{
    beginResetModel();
    m_ticketId = ticketId;
    m_messages = ticketId > 0 ? m_store.messages(ticketId) : QList<Message>{};
    endResetModel();
}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Message &message = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole:
        return message.body;
    case MessageIdRole:
        return message.id;
    case KindRole:
        return int(message.kind);
    case AuthorRole:
        return message.authorName;
    case CreatedAtRole:
        return message.createdAt;
    case AttachmentsRole: {
        QVariantList list;
        for (const Attachment &a : message.attachments) {
            list.append(
                QVariantMap{{u"id"_s, a.id}, {u"name"_s, a.name}, {u"mimeType"_s, a.mimeType}, {u"size"_s, a.size}});
        }
        return list;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(MessageIdRole, "messageId");
    names.insert(KindRole, "kind");
    names.insert(AuthorRole, "author");
    names.insert(BodyRole, "body");
    names.insert(CreatedAtRole, "createdAt");
    names.insert(AttachmentsRole, "attachments");
    return names;
}

void ConversationModel::onMessagesAdded(qint64 ticketId, const QList<qint64> &messageIds)
{
    Q_UNUSED(messageIds); // whatever is newer than the last row shown gets appended
    if (ticketId != m_ticketId)
        return;
    qint64 lastKnown = 0;
    for (const Message &m : std::as_const(m_messages))
        lastKnown = std::max(lastKnown, m.id);
    const QList<Message> added = m_store.messages(ticketId, lastKnown);
    if (added.isEmpty())
        return;
    beginInsertRows({}, int(m_messages.size()), int(m_messages.size() + added.size() - 1));
    m_messages.append(added);
    endInsertRows();
}
