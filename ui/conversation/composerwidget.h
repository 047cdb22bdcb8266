#pragma once

#include "attachmentinput.h"
#include "cannedanswer.h"
#include "cannedanswerservice.h"
#include "conversationservice.h"

#include <QHash>
#include <QWidget>

class Desk;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QTimer;
class QToolButton;

// Where the agent writes: a reply to the customer or an internal note, with files
// attached and canned answers inserted at the cursor. What is typed is saved as a
// draft every moment, so a crash or a closed window loses nothing.
class ComposerWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ComposerWidget(Desk &desk, QWidget *parent = nullptr);

    void setTicket(qint64 ticketId);
    // A closed ticket takes no more messages: the composer says so and sends nothing.
    void setClosed(bool closed);
    bool isClosed() const { return m_closed; }
    qint64 ticketId() const { return m_ticketId; }

    QPlainTextEdit *editor() const { return m_editor; }
    QLabel *collisionNotice() const { return m_collision; }
    // Shown while a write failed for lack of disk space: the text stays in the editor and is
    // saved again by itself (every few seconds) until there is room.
    QLabel *spaceNotice() const { return m_space; }
    // A live chat's visitor is typing (ChatDesk).
    QLabel *customerTypingNotice() const { return m_customerTyping; }
    bool isNote() const;
    void setNote(bool note);
    QString text() const;
    void setText(const QString &text);
    QList<AttachmentInput> pendingAttachments() const { return m_attachments; }

    // Adds a file, or explains (returns false) why it cannot be attached.
    bool attachFile(const QString &path);
    void insertCannedAnswer(const CannedAnswer &answer);
    void showCannedAnswerMenu();
    void chooseAttachment();
    bool send();
    void saveDraftNow();

Q_SIGNALS:
    void sent(qint64 messageId);
    // A colleague replied since the agent opened the ticket: show them that reply first.
    void reviewRequested(qint64 messageId);
    // The agent started or stopped typing (stopped: a few seconds without a key, or sent).
    void typingChanged(bool typing);
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateAttachmentLabel();
    void updateSendButton();
    void setTyping(bool typing);
    // A write failed for lack of space: say so in place and keep trying to save the drafts.
    void waitForSpace(bool whileSending);
    bool saveDraft(qint64 ticketId, const Draft &draft);
    void retryUnsaved();

    Desk &m_desk;
    ConversationService m_conversation;
    CannedAnswerService m_answers;
    qint64 m_ticketId = 0;
    QRadioButton *m_reply;
    QRadioButton *m_note;
    QPlainTextEdit *m_editor;
    QToolButton *m_cannedButton;
    QToolButton *m_attachButton;
    QLabel *m_attachmentLabel;
    QLabel *m_collision;
    QLabel *m_space;
    QLabel *m_customerTyping;
    QPushButton *m_sendButton;
    QTimer *m_draftTimer;
    QTimer *m_typingTimer;
    QTimer *m_spaceTimer;
    // Drafts the store had no room for, by ticket, until they are saved: another ticket may be
    // opened meanwhile, and coming back shows what was typed.
    QHash<qint64, Draft> m_unsaved;
    bool m_typing = false;
    QList<AttachmentInput> m_attachments;
    bool m_loading = false;
    bool m_closed = false;
    qint64 m_seenUpTo = 0; // the newest message shown when the agent started answering
};
