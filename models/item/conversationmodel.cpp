#include "conversationmodel.h"

#include "intakereplystore.h"
#include "localstore.h"
#include "mailstore.h"
#include "mergestore.h"

#include <QLocale>
#include <QVariantMap>

#include <algorithm>
#include <utility>

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
    m_mail = MailStore(m_store).factsOfTickets(m_thread);
    m_webhooks = IntakeReplyStore(m_store).ofTickets(m_thread);
}

void ConversationModel::onTicketsChanged(const QList<qint64> &ticketIds)
{
    if (m_ticketId <= 0)
        return;
    const bool concerned = std::any_of(ticketIds.cbegin(), ticketIds.cend(),
                                       [this](qint64 id) { return id == m_ticketId || m_thread.contains(id); });
    if (!concerned)
        return;
    if (MergeStore(m_store).thread(m_ticketId) == m_thread) {
        // A file may have come from the server: its listing, or its bytes.
        refreshAttachments();
        // A reply's delivery may have changed (sent, failed, bounced).
        const QHash<qint64, MailFacts> before = std::exchange(m_mail, MailStore(m_store).factsOfTickets(m_thread));
        for (int row = 0; row < m_messages.size(); ++row) {
            const auto was = before.constFind(m_messages.at(row).id);
            const auto is = m_mail.constFind(m_messages.at(row).id);
            const bool same =
                (was == before.cend()) == (is == m_mail.cend()) &&
                (is == m_mail.cend() || (was->delivery == is->delivery && was->deliveryDetail == is->deliveryDetail));
            if (!same)
                Q_EMIT dataChanged(index(row), index(row), {MailRole, Qt::ToolTipRole});
        }
        const QHash<qint64, IntakeReply> webhooksBefore =
            std::exchange(m_webhooks, IntakeReplyStore(m_store).ofTickets(m_thread));
        for (int row = 0; row < m_messages.size(); ++row) {
            const auto was = webhooksBefore.constFind(m_messages.at(row).id);
            const auto is = m_webhooks.constFind(m_messages.at(row).id);
            const bool same = (was == webhooksBefore.cend()) == (is == m_webhooks.cend()) &&
                              (is == m_webhooks.cend() ||
                               (was->delivery == is->delivery && was->deliveryDetail == is->deliveryDetail));
            if (!same)
                Q_EMIT dataChanged(index(row), index(row), {WebhookRole, Qt::ToolTipRole});
        }
        return;
    }
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
    case MailRole: {
        const auto mail = m_mail.constFind(message.id);
        if (mail == m_mail.cend())
            return {};
        return QVariantMap{{u"direction"_s, int(mail->direction)},
                           {u"sender"_s, mail->sender},
                           {u"recipients"_s, mail->recipients},
                           {u"delivery"_s, int(mail->delivery)},
                           {u"deliveryDetail"_s, mail->deliveryDetail},
                           {u"hasHtml"_s, mail->hasHtml},
                           {u"remoteImages"_s, int(mail->remoteImages.size())}};
    }
    case WebhookRole: {
        const auto webhook = m_webhooks.constFind(message.id);
        if (webhook == m_webhooks.cend())
            return {};
        return QVariantMap{{u"source"_s, webhook->sourceName},
                           {u"delivery"_s, int(webhook->delivery)},
                           {u"deliveryDetail"_s, webhook->deliveryDetail}};
    }
    case Qt::AccessibleTextRole: {
        // A screen reader reads the bubble as a person sees it: who, when, then what.
        const QString when = QLocale().toString(message.createdAt.toLocalTime(), QLocale::ShortFormat);
        if (message.kind == MessageKind::Note)
            return tr("Internal note by %1, %2: %3").arg(message.authorName, when, message.body);
        return tr("%1, %2: %3").arg(message.authorName, when, message.body);
    }
    case Qt::AccessibleDescriptionRole: {
        QStringList parts;
        parts << (message.kind == MessageKind::Customer ? tr("From the customer")
                  : message.kind == MessageKind::Agent  ? tr("Reply from an agent")
                                                        : tr("Only colleagues see this note"));
        if (const QString duplicate = m_duplicateNames.value(message.ticketId); !duplicate.isEmpty())
            parts << tr("written in %1, merged into this ticket").arg(duplicate);
        for (const Attachment &a : message.attachments)
            parts << tr("attached: %1").arg(a.name);
        if (const QString detail = deliveryDetail(message.id); !detail.isEmpty())
            parts << detail;
        return parts.join(u"; "_s);
    }
    case Qt::ToolTipRole: {
        const QString detail = deliveryDetail(message.id);
        return detail.isEmpty() ? QVariant() : QVariant(detail);
    }
    case AttachmentsRole: {
        QVariantList list;
        for (const Attachment &a : message.attachments) {
            list.append(QVariantMap{{u"id"_s, a.id},
                                    {u"name"_s, a.name},
                                    {u"mimeType"_s, a.mimeType},
                                    {u"size"_s, a.size},
                                    {u"sha256"_s, a.sha256},
                                    {u"state"_s, int(stateOf(a))}});
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
    names.insert(MailRole, "mail");
    names.insert(WebhookRole, "webhook");
    return names;
}

ConversationModel::ContentState ConversationModel::stateOf(const Attachment &attachment) const
{
    if (attachment.local)
        return ContentState::Local;
    return m_contentStates.value(attachment.sha256, ContentState::OnServer);
}

void ConversationModel::setContentState(const QString &sha256, ContentState state)
{
    if (state == ContentState::Local)
        m_contentStates.remove(sha256);
    else
        m_contentStates.insert(sha256, state);
    if (state == ContentState::Local && refreshAttachments())
        return; // the rows whose files came were told
    for (int row = 0; row < m_messages.size(); ++row) {
        const QList<Attachment> &files = m_messages.at(row).attachments;
        if (std::any_of(files.cbegin(), files.cend(), [&](const Attachment &a) { return a.sha256 == sha256; }))
            Q_EMIT dataChanged(index(row), index(row), {AttachmentsRole});
    }
}

QStringList ConversationModel::contentsToFetch() const
{
    QStringList wanted;
    for (const Message &m : m_messages) {
        for (const Attachment &a : m.attachments) {
            if (!a.local && !a.sha256.isEmpty() && !m_contentStates.contains(a.sha256) && !wanted.contains(a.sha256))
                wanted << a.sha256;
        }
    }
    return wanted;
}

bool ConversationModel::refreshAttachments()
{
    if (m_ticketId <= 0)
        return false;
    QHash<qint64, QList<Attachment>> now;
    for (Message &m : m_store.messages(m_ticketId))
        now.insert(m.id, std::move(m.attachments));
    bool changed = false;
    for (int row = 0; row < m_messages.size(); ++row) {
        Message &shown = m_messages[row];
        const QList<Attachment> files = now.value(shown.id);
        const bool same = files.size() == shown.attachments.size() &&
                          std::equal(files.cbegin(), files.cend(), shown.attachments.cbegin(),
                                     [](const Attachment &a, const Attachment &b) {
                                         return a.id == b.id && a.local == b.local && a.sha256 == b.sha256;
                                     });
        if (same)
            continue;
        shown.attachments = files;
        changed = true;
        Q_EMIT dataChanged(index(row), index(row), {AttachmentsRole, Qt::AccessibleDescriptionRole});
    }
    return changed;
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
    // The mail or webhook behind a new message is written in the same transaction as the message.
    m_mail = MailStore(m_store).factsOfTickets(m_thread);
    m_webhooks = IntakeReplyStore(m_store).ofTickets(m_thread);
    beginInsertRows({}, int(m_messages.size()), int(m_messages.size() + added.size() - 1));
    m_messages.append(added);
    endInsertRows();
}

QString ConversationModel::deliveryDetail(qint64 messageId) const
{
    if (const auto mail = m_mail.constFind(messageId); mail != m_mail.cend())
        return mail->deliveryDetail;
    if (const auto webhook = m_webhooks.constFind(messageId); webhook != m_webhooks.cend())
        return webhook->deliveryDetail;
    return {};
}
