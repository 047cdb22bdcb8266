#include "composerwidget.h"

#include "cannedanswerfiller.h"
#include "chatdesk.h"
#include "desk.h"
#include "directoryservice.h"
#include "palettecolors.h"

#include <QButtonGroup>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ComposerWidget::ComposerWidget(Desk &desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_conversation(desk.store())
    , m_answers(desk.store())
    , m_reply(new QRadioButton(this))
    , m_note(new QRadioButton(this))
    , m_editor(new QPlainTextEdit(this))
    , m_cannedButton(new QToolButton(this))
    , m_attachButton(new QToolButton(this))
    , m_attachmentLabel(new QLabel(this))
    , m_collision(new QLabel(this))
    , m_space(new QLabel(this))
    , m_customerTyping(new QLabel(this))
    , m_sendButton(new QPushButton(this))
    , m_draftTimer(new QTimer(this))
    , m_typingTimer(new QTimer(this))
    , m_spaceTimer(new QTimer(this))
{
    m_editor->setObjectName(u"composerEditor"_s);
    m_sendButton->setObjectName(u"sendButton"_s);
    m_note->setObjectName(u"noteMode"_s);
    m_reply->setObjectName(u"replyMode"_s);
    m_reply->setChecked(true);
    auto *group = new QButtonGroup(this);
    group->addButton(m_reply);
    group->addButton(m_note);

    m_editor->setTabChangesFocus(true);
    m_editor->setMinimumHeight(fontMetrics().height() * 4);
    m_cannedButton->setIcon(QIcon(u":/deskline/icons/note.svg"_s));
    m_cannedButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_attachButton->setIcon(QIcon(u":/deskline/icons/attach.svg"_s));
    m_attachButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_sendButton->setIcon(QIcon(u":/deskline/icons/send.svg"_s));
    m_attachmentLabel->setWordWrap(true);
    m_attachmentLabel->hide();
    m_collision->setObjectName(u"collisionNotice"_s);
    m_collision->setWordWrap(true);
    const QColor amber(0xc9, 0x9a, 0x06);
    QPalette onNotice = palette();
    onNotice.setColor(QPalette::Base, PaletteColors::tint(amber, palette()));
    m_collision->setStyleSheet(u"QLabel { background: %1; color: %2; padding: 4px 8px; }"_s.arg(
        PaletteColors::tint(amber, palette()).name(), PaletteColors::readable(amber, onNotice).name()));
    m_collision->hide();
    m_space->setObjectName(u"spaceNotice"_s);
    m_space->setWordWrap(true);
    m_space->setStyleSheet(m_collision->styleSheet());
    m_space->hide();
    m_customerTyping->setObjectName(u"customerTyping"_s);
    m_customerTyping->setStyleSheet(u"color: palette(mid);"_s);
    m_customerTyping->hide();

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_reply);
    top->addWidget(m_note);
    top->addStretch(1);

    // The tools sit under the text, beside what they attach, so the conversation pane
    // stays narrow enough to leave the ticket list its subjects.
    auto *bottom = new QHBoxLayout;
    bottom->setContentsMargins(0, 0, 0, 0);
    bottom->addWidget(m_cannedButton);
    bottom->addWidget(m_attachButton);
    bottom->addWidget(m_attachmentLabel, 1);
    bottom->addStretch(0);
    bottom->addWidget(m_sendButton, 0, Qt::AlignRight);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_collision);
    layout->addWidget(m_space);
    layout->addWidget(m_customerTyping);
    layout->addWidget(m_editor, 1);
    layout->addLayout(bottom);

    m_draftTimer->setSingleShot(true);
    m_draftTimer->setInterval(500);
    connect(m_draftTimer, &QTimer::timeout, this, &ComposerWidget::saveDraftNow);
    m_spaceTimer->setInterval(2000);
    connect(m_spaceTimer, &QTimer::timeout, this, &ComposerWidget::retryUnsaved);
    m_typingTimer->setSingleShot(true);
    m_typingTimer->setInterval(4000);
    connect(m_typingTimer, &QTimer::timeout, this, [this] { setTyping(false); });
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        updateSendButton();
        if (!m_loading) {
            m_draftTimer->start();
            setTyping(!m_editor->document()->isEmpty());
            m_typingTimer->start();
            // A live chat's visitor sees the agent typing a reply (never a note).
            if (!isNote() && !m_editor->document()->isEmpty())
                m_desk.chat().noteAgentTyping(m_ticketId);
        }
    });
    connect(&m_desk.chat(), &ChatDesk::customerTypingChanged, this, [this](qint64 ticketId, bool typing) {
        if (ticketId == m_ticketId)
            m_customerTyping->setVisible(typing);
    });
    connect(m_note, &QRadioButton::toggled, this, [this](bool note) {
        // A note looks different while it is written, too.
        m_editor->setStyleSheet(note ? u"QPlainTextEdit { background: %1; color: %2; }"_s.arg(
                                           PaletteColors::tint(QColor(0xc9, 0x9a, 0x06), palette()).name(),
                                           palette().color(QPalette::Text).name())
                                     : QString());
        updateSendButton();
        if (!m_loading)
            m_draftTimer->start();
    });
    connect(m_sendButton, &QPushButton::clicked, this, &ComposerWidget::send);
    connect(m_cannedButton, &QToolButton::clicked, this, &ComposerWidget::showCannedAnswerMenu);
    connect(m_attachButton, &QToolButton::clicked, this, &ComposerWidget::chooseAttachment);
    retranslate();
    setTicket(0);
}

void ComposerWidget::retranslate()
{
    m_reply->setText(tr("&Reply to customer"));
    m_note->setText(tr("Internal &note"));
    m_reply->setToolTip(tr("The customer will see this message (Ctrl+R)"));
    m_note->setToolTip(tr("Only colleagues see this note (Ctrl+Shift+N)"));
    m_customerTyping->setText(tr("The customer is typing…"));
    m_cannedButton->setText(tr("Canned answer"));
    m_cannedButton->setToolTip(tr("Insert a canned answer at the cursor (Ctrl+K)"));
    m_attachButton->setText(tr("Attach"));
    m_attachButton->setToolTip(
        tr("Attach a file, up to %1 MB (Ctrl+Shift+A)").arg(ConversationService::maxAttachmentBytes / (1024 * 1024)));
    m_editor->setPlaceholderText(m_closed ? tr("This ticket is closed and takes no more messages.")
                                          : tr("Write a reply… Ctrl+Enter sends."));
    m_sendButton->setToolTip(tr("Send (Ctrl+Enter)"));
    m_editor->setAccessibleName(tr("Message to write"));
    m_editor->setAccessibleDescription(m_closed ? tr("This ticket is closed and takes no more messages.")
                                                : tr("A reply to the customer or an internal note, as chosen "
                                                     "above; Ctrl+Enter sends"));
    updateSendButton();
    updateAttachmentLabel();
}

void ComposerWidget::setClosed(bool closed)
{
    // What is typed already stays (and stays a draft); only sending is off.
    m_closed = closed;
    setEnabled(m_ticketId > 0 && !closed);
    retranslate();
}

void ComposerWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ComposerWidget::setTicket(qint64 ticketId)
{
    if (m_draftTimer->isActive())
        saveDraftNow();
    m_ticketId = ticketId;
    m_attachments.clear();
    m_loading = true;
    const auto draft = m_unsaved.contains(ticketId) ? std::optional<Draft>(m_unsaved.value(ticketId))
                       : ticketId > 0               ? m_conversation.draft(ticketId)
                                                    : std::nullopt;
    m_editor->setPlainText(draft ? draft->body : QString());
    setNote(draft && draft->internal);
    m_loading = false;
    m_editor->moveCursor(QTextCursor::End);
    m_seenUpTo = ticketId > 0 ? m_conversation.lastMessageId(ticketId) : 0;
    m_collision->hide();
    m_customerTyping->setVisible(ticketId > 0 && m_desk.chat().isCustomerTyping(ticketId));
    m_closed = false;
    setEnabled(ticketId > 0);
    updateAttachmentLabel();
    updateSendButton();
}

void ComposerWidget::setTyping(bool typing)
{
    if (typing == m_typing)
        return;
    m_typing = typing;
    Q_EMIT typingChanged(typing);
}

bool ComposerWidget::isNote() const
{
    return m_note->isChecked();
}

void ComposerWidget::setNote(bool note)
{
    (note ? m_note : m_reply)->setChecked(true);
}

QString ComposerWidget::text() const
{
    return m_editor->toPlainText();
}

void ComposerWidget::setText(const QString &text)
{
    m_editor->setPlainText(text);
}

void ComposerWidget::saveDraftNow()
{
    m_draftTimer->stop();
    if (m_ticketId <= 0)
        return;
    saveDraft(m_ticketId, Draft{text(), isNote()});
}

bool ComposerWidget::saveDraft(qint64 ticketId, const Draft &draft)
{
    if (m_conversation.saveDraft(ticketId, draft)) {
        m_unsaved.remove(ticketId);
        if (m_unsaved.isEmpty() && m_spaceTimer->isActive()) {
            m_spaceTimer->stop();
            m_space->hide();
        }
        return true;
    }
    if (m_conversation.lastFailureWasSpace()) {
        m_unsaved.insert(ticketId, draft);
        waitForSpace(false);
    } else {
        Q_EMIT errorOccurred(tr("Your draft could not be saved: %1").arg(m_conversation.errorString()));
    }
    return false;
}

void ComposerWidget::retryUnsaved()
{
    if (m_ticketId > 0 && m_unsaved.contains(m_ticketId))
        m_unsaved.insert(m_ticketId, Draft{text(), isNote()}); // what is in the editor now
    const QList<qint64> tickets = m_unsaved.keys();
    for (qint64 ticketId : tickets) {
        if (!saveDraft(ticketId, m_unsaved.value(ticketId)))
            return; // still no room: the timer tries again
    }
}

void ComposerWidget::waitForSpace(bool whileSending)
{
    // Said once, in place, not in a box per attempt; what is typed stays in the editor.
    if (whileSending || !m_spaceTimer->isActive()) {
        m_space->setText(whileSending ? tr("The disk is full, so the message was not sent. Your text stays here "
                                           "and is saved as soon as there is space again; then press Send again.")
                                      : tr("The disk is full, so your text could not be saved yet. It stays here, "
                                           "and Deskline saves it by itself as soon as there is space again."));
    }
    m_space->show();
    m_spaceTimer->start();
}

bool ComposerWidget::attachFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        Q_EMIT errorOccurred(tr("\"%1\" is not a file.").arg(path));
        return false;
    }
    if (const QString problem = ConversationService::attachmentProblem(info.fileName(), info.size());
        !problem.isEmpty()) {
        Q_EMIT errorOccurred(problem);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Q_EMIT errorOccurred(tr("Cannot read \"%1\": %2").arg(info.fileName(), file.errorString()));
        return false;
    }
    AttachmentInput attachment;
    attachment.name = info.fileName();
    attachment.content = file.readAll();
    attachment.mimeType = QMimeDatabase().mimeTypeForFileNameAndData(path, attachment.content).name();
    m_attachments.append(attachment);
    updateAttachmentLabel();
    updateSendButton();
    return true;
}

void ComposerWidget::chooseAttachment()
{
    if (m_ticketId <= 0)
        return;
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Attach files"));
    for (const QString &file : files)
        attachFile(file);
}

void ComposerWidget::insertCannedAnswer(const CannedAnswer &answer)
{
    QStringList unknown;
    m_editor->insertPlainText(m_answers.filledFor(answer, m_ticketId, &unknown));
    m_editor->setFocus();
    if (!unknown.isEmpty())
        Q_EMIT errorOccurred(tr("\"%1\" has variables Deskline does not know, left as written: %2. %3")
                                 .arg(answer.title, unknown.join(u", "_s), CannedAnswerFiller::help()));
}

void ComposerWidget::showCannedAnswerMenu()
{
    QMenu menu(this);
    const QList<CannedAnswer> answers = m_answers.answers();
    if (answers.isEmpty())
        menu.addAction(tr("No canned answers yet"))->setEnabled(false);
    for (const CannedAnswer &answer : answers) {
        QAction *action = menu.addAction(answer.title);
        action->setToolTip(answer.body);
        connect(action, &QAction::triggered, this, [this, answer] { insertCannedAnswer(answer); });
    }
    menu.exec(m_cannedButton->mapToGlobal(QPoint(0, m_cannedButton->height())));
}

bool ComposerWidget::send()
{
    if (m_ticketId <= 0 || (text().trimmed().isEmpty() && m_attachments.isEmpty()))
        return false;
    if (!isNote()) {
        // Two agents answering the same customer at once: the second one reads the first reply
        // before sending; pressing Send again sends anyway.
        for (const Message &m : m_conversation.messages(m_ticketId, m_seenUpTo)) {
            m_seenUpTo = std::max(m_seenUpTo, m.id);
            if (m.kind != MessageKind::Agent || m.authorAgentId == m_desk.directory().currentAgentId())
                continue;
            m_collision->setText(tr("%1 replied to this ticket since you opened it. Read their reply; press Send "
                                    "again to send yours anyway.")
                                     .arg(m.authorName));
            m_collision->show();
            Q_EMIT reviewRequested(m.id);
            return false;
        }
    }
    m_collision->hide();
    const auto id = isNote() ? m_conversation.addNote(m_ticketId, text(), m_attachments)
                             : m_conversation.reply(m_ticketId, text(), m_attachments);
    if (!id) {
        // The text stays in the editor and in the draft: nothing typed is lost.
        if (m_conversation.lastFailureWasSpace()) {
            m_draftTimer->stop();
            m_unsaved.insert(m_ticketId, Draft{text(), isNote()});
            waitForSpace(true);
            return false;
        }
        saveDraftNow();
        Q_EMIT errorOccurred(tr("The message was not sent: %1").arg(m_conversation.errorString()));
        return false;
    }
    m_unsaved.remove(m_ticketId); // the message took the draft's place
    if (m_unsaved.isEmpty()) {
        m_spaceTimer->stop();
        m_space->hide();
    }
    m_loading = true;
    m_editor->clear();
    m_loading = false;
    m_draftTimer->stop();
    m_attachments.clear();
    updateAttachmentLabel();
    setNote(false);
    m_seenUpTo = std::max(m_seenUpTo, *id);
    setTyping(false);
    Q_EMIT sent(*id);
    return true;
}

void ComposerWidget::updateAttachmentLabel()
{
    QStringList names;
    for (const AttachmentInput &a : std::as_const(m_attachments))
        names << u"%1 (%2)"_s.arg(a.name, QLocale().formattedDataSize(a.content.size(), 1));
    m_attachmentLabel->setText(tr("Attached: %1").arg(names.join(u", "_s)));
    m_attachmentLabel->setVisible(!names.isEmpty());
}

void ComposerWidget::updateSendButton()
{
    m_sendButton->setText(isNote() ? tr("Add &note") : tr("&Send reply"));
    m_sendButton->setEnabled(m_ticketId > 0 && (!text().trimmed().isEmpty() || !m_attachments.isEmpty()));
}
