#pragma once

#include "intakereply.h"
#include "mailfacts.h"
#include "message.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

class LocalStore;

// The messages of one ticket, and of the duplicates merged into it, oldest first. New messages
// are appended as the store announces them; the thread is read again only when a merge (or its
// undo) changes which tickets it shows.
class ConversationModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        KindRole, // MessageKind as int
        AuthorRole,
        BodyRole,
        CreatedAtRole, // QDateTime (UTC)
        // QVariantList of QVariantMap {id, name, mimeType, size, sha256, state (ContentState as int)}
        AttachmentsRole,
        MergedFromRole, // the merged duplicate a message was written in; empty for the ticket's own
        // For a message that is a mail, QVariantMap {direction, sender, recipients, delivery
        // (MailDelivery as int), deliveryDetail, hasHtml, remoteImages (count)}; empty otherwise.
        MailRole,
        // For an agent's reply going back to the intake source the ticket came from (a social
        // bridge), QVariantMap {source, delivery (MailDelivery as int), deliveryDetail}.
        WebhookRole,
    };

    // Where a file's bytes are: a team desk lists a colleague's file before it has its bytes.
    enum class ContentState : int {
        Local,       // in the store
        OnServer,    // not fetched yet
        Fetching,    // asked for (SyncEngine::fetchContent)
        Unavailable, // the server has none for this agent, or could not say
    };

    explicit ConversationModel(LocalStore &store, QObject *parent = nullptr);

    // What the window knows of a content's fetching; Local clears it (the store says then).
    void setContentState(const QString &sha256, ContentState state);
    // The contents of the shown thread's files that the desk lacks and has not asked for yet.
    QStringList contentsToFetch() const;

    qint64 ticketId() const { return m_ticketId; }
    void setTicket(qint64 ticketId);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const Message &messageAt(int row) const { return m_messages.at(row); }
    // The tickets whose messages are shown: this one and what was merged into it.
    const QList<qint64> &threadTickets() const { return m_thread; }

private:
    void onMessagesAdded(qint64 ticketId, const QList<qint64> &messageIds);
    void onTicketsChanged(const QList<qint64> &ticketIds);
    void load();
    QString deliveryDetail(qint64 messageId) const;
    bool refreshAttachments();
    ContentState stateOf(const Attachment &attachment) const;

    LocalStore &m_store;
    qint64 m_ticketId = 0;
    QList<Message> m_messages;
    QList<qint64> m_thread;
    QHash<qint64, QString> m_duplicateNames;      // merged ticket → the id an agent knows it by
    QHash<qint64, MailFacts> m_mail;              // message → the mail behind it
    QHash<qint64, IntakeReply> m_webhooks;        // message → its webhook to an intake source
    QHash<QString, ContentState> m_contentStates; // by SHA-256: fetching or unavailable
};
