#include "conversationmodel.h"

#include "localstore.h"
#include "mergestore.h"

#include <QVariantMap>

#include <algorithm>

using namespace Qt::StringLiterals;

ConversationModel::ConversationModel(LocalStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(&m_store, &LocalStore::messagesAdded, this, &ConversationModel::onMessagesAdded);
    connect(&m_store, &LocalStore::ticketsChanged, this, &ConversationModel::onTicketsChanged);
}

void ConversationModel::setTicket(qint64 ticketId)
{
    beginResetModel();
    m_ticketId = ticketId;
    load();
    endResetModel();
}

void ConversationModel::load()
{
    m_thread = m_ticketId > 0 ? MergeStore(m_store).thread(m_ticketId) : QList<qint64>{};
    m_duplicateNames.clear();
    for (qint64 id : std::as_const(m_thread)) {
        if (id == m_ticketId)
            continue;
        if (const auto duplicate = m_store.ticket(id))
            m_duplicateNames.insert(id, duplicate->displayId());
    }
    m_messages = m_ticketId > 0 ? m_store.messages(m_ticketId) : QList<Message>{};
}

void ConversationModel::onTicketsChanged(const QList<qint64> &ticketIds)
{
    if (m_ticketId <= 0)
        return;
    const bool concerned = std::any_of(ticketIds.cbegin(), ticketIds.cend(),
                                       [this](qint64 id) { return id == m_ticketId || m_thread.contains(id); });
    if (!concerned || MergeStore(m_store).thread(m_ticketId) == m_thread)
        return;
    beginResetModel();
    load();
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
    case MergedFromRole:
        return m_duplicateNames.value(message.ticketId);
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
    names.insert(MergedFromRole, "mergedFrom");
    return names;
}

void ConversationModel::onMessagesAdded(qint64 ticketId, const QList<qint64> &messageIds)
{
    Q_UNUSED(messageIds); // whatever is newer than the last row shown gets appended
    if (!m_thread.contains(ticketId))
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
