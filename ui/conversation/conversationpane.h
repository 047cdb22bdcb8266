#pragma once

#include "ticket.h"

#include <QHash>
#include <QList>
#include <QWidget>

class ArchiveBar;
class ClassificationBar;
class ComposerWidget;
class EscalationBar;
class MergeBar;
class ConversationModel;
class Desk;
class QComboBox;
class QLabel;
class QListView;
class QTabWidget;
class QTreeView;
class TicketHistoryModel;
class QPushButton;
class TagEditor;

// The middle of the window: the ticket's header with its fields and actions, the
// thread, and the composer.
class ConversationPane : public QWidget
{
    Q_OBJECT

public:
    explicit ConversationPane(Desk &desk, QWidget *parent = nullptr);

    void setTicket(qint64 ticketId);
    // Team mode: the server holds more of this ticket's thread than the desk shows.
    bool isThreadIncomplete() const;
    // Reads the open ticket's thread again (its older messages arrived).
    void reloadConversation(qint64 ticketId);
    // Team mode: colleagues who have this ticket open, and who of them is typing.
    void setPresence(qint64 ticketId, const QStringList &viewing, const QStringList &typing);
    // Team mode: the answer to contentWanted (SyncEngine::contentFetched). A save that waited for
    // the bytes goes on, or says they are not available.
    void contentFetched(const QString &sha256, bool available);
    // Saves an attachment, or the raw mail of a message, to a file chosen already; one whose
    // bytes are still on the server is saved once they are here (contentWanted).
    void saveAttachmentTo(qint64 attachmentId, const QString &path);
    void saveMailTo(qint64 messageId, const QString &path);
    QLabel *presenceLabel() const { return m_presence; }
    qint64 ticketId() const { return m_ticketId; }
    std::optional<Ticket> ticket() const { return m_ticket; }

    ConversationModel *model() const { return m_model; }
    QListView *thread() const { return m_thread; }
    ComposerWidget *composer() const { return m_composer; }
    QTabWidget *views() const { return m_views; }
    QTreeView *history() const { return m_history; }
    TagEditor *tagEditor() const { return m_tags; }
    ClassificationBar *classificationBar() const { return m_classification; }
    EscalationBar *escalationBar() const { return m_escalation; }
    ArchiveBar *archiveBar() const { return m_archive; }
    MergeBar *mergeBar() const { return m_mergeBar; }
    QPushButton *escalateButton() const { return m_escalate; }
    QPushButton *followUpButton() const { return m_followUp; }
    QLabel *linksLabel() const { return m_links; }
    QPushButton *timeButton() const { return m_time; }
    // Shows the open ticket's time spent again (the tracker saved a piece).
    void refreshTime();
    QComboBox *statusBox() const { return m_status; }
    QComboBox *priorityBox() const { return m_priority; }
    QComboBox *categoryBox() const { return m_category; }

    bool takeTicket();
    // Opens the escalation dialog for the open ticket.
    void escalate();
    // Opens the solve dialog: confirmation and satisfaction, then solved.
    void solve();
    // A new ticket continuing a closed one, with what was typed in its composer; 0 on failure.
    qint64 followUp();
    // Opens the merge dialog: the open ticket is the duplicate.
    void merge();

Q_SIGNALS:
    // Team mode: the ticket has more messages on the server than this desk holds.
    void conversationIncomplete(qint64 ticketId);
    // Team mode: a shown file's bytes (or a raw mail being saved) are not on this desk yet; by
    // SHA-256, for SyncEngine::fetchContent.
    void contentWanted(const QString &sha256);
    // The agent followed a link to another ticket (a follow-up, or what it follows up).
    void ticketActivated(qint64 ticketId);
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshHeader();
    void retranslate();
    void onTicketsChanged(const QList<qint64> &ids);
    void showMail(qint64 messageId);
    void saveMail(qint64 messageId);
    void saveAttachment(const QModelIndex &index);
    void fetchMissingContents();
    void want(const QString &sha256);

    Desk &m_desk;
    qint64 m_ticketId = 0;
    std::optional<Ticket> m_ticket;
    ConversationModel *m_model;
    QLabel *m_subject;
    QLabel *m_meta;
    QLabel *m_presence;
    QLabel *m_statusLabel;
    QLabel *m_priorityLabel;
    QLabel *m_categoryLabel;
    QComboBox *m_status;
    QComboBox *m_priority;
    QComboBox *m_category;
    QLabel *m_assignee;
    QPushButton *m_take;
    TagEditor *m_tags;
    ClassificationBar *m_classification;
    EscalationBar *m_escalation;
    ArchiveBar *m_archive;
    MergeBar *m_mergeBar;
    QPushButton *m_escalate;
    QPushButton *m_followUp;
    QLabel *m_links;
    QPushButton *m_time;
    QListView *m_thread;
    TicketHistoryModel *m_historyModel;
    QTreeView *m_history;
    QTabWidget *m_views; // the conversation and the ticket's history
    ComposerWidget *m_composer;
    QLabel *m_empty;
    QWidget *m_content;
    bool m_updating = false;
    // Saves waiting for a file's bytes, by SHA-256: attachment ids (0: the raw mail of
    // messageId) and where they go.
    struct PendingSave {
        qint64 attachmentId;
        qint64 messageId;
        QString path;
    };
    QHash<QString, QList<PendingSave>> m_pendingSaves;
};
