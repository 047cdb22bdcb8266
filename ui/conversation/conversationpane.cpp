#include "conversationpane.h"

#include "archivebar.h"
#include "callservice.h"
#include "classificationbar.h"
#include "composerwidget.h"
#include "conversationmodel.h"
#include "conversationservice.h"
#include "desk.h"
#include "directoryservice.h"
#include "escalationbar.h"
#include "escalationdialog.h"
#include "fieldcombo.h"
#include "mailviewdialog.h"
#include "mergebar.h"
#include "mergedialog.h"
#include "mergeservice.h"
#include "messagedelegate.h"
#include "palettecolors.h"
#include "resolvedialog.h"
#include "tageditor.h"
#include "tickethistorymodel.h"
#include "ticketlifecycle.h"
#include "ticketservice.h"
#include "timedialog.h"
#include "timeservice.h"

#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedLayout>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>
#include <QVariantMap>

using namespace Qt::StringLiterals;

ConversationPane::ConversationPane(Desk &desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_model(new ConversationModel(desk.store(), this))
    , m_subject(new QLabel(this))
    , m_meta(new QLabel(this))
    , m_presence(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_priorityLabel(new QLabel(this))
    , m_categoryLabel(new QLabel(this))
    , m_status(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_assignee(new QLabel(this))
    , m_take(new QPushButton(this))
    , m_tags(new TagEditor(this))
    , m_classification(new ClassificationBar(desk, this))
    , m_escalation(new EscalationBar(desk, this))
    , m_archive(new ArchiveBar(desk, this))
    , m_mergeBar(new MergeBar(desk, this))
    , m_escalate(new QPushButton(this))
    , m_followUp(new QPushButton(this))
    , m_links(new QLabel(this))
    , m_time(new QPushButton(this))
    , m_thread(new QListView(this))
    , m_historyModel(new TicketHistoryModel(desk.store(), this))
    , m_history(new QTreeView(this))
    , m_views(new QTabWidget(this))
    , m_composer(new ComposerWidget(desk, this))
    , m_empty(new QLabel(this))
    , m_content(new QWidget(this))
{
    m_subject->setObjectName(u"ticketSubject"_s);
    m_status->setObjectName(u"statusBox"_s);
    m_priority->setObjectName(u"priorityBox"_s);
    m_category->setObjectName(u"categoryBox"_s);
    m_take->setObjectName(u"takeButton"_s);
    m_escalate->setObjectName(u"escalateButton"_s);
    m_followUp->setObjectName(u"followUpButton"_s);
    m_time->setObjectName(u"timeButton"_s);
    m_time->setFlat(true);
    m_links->setObjectName(u"ticketLinks"_s);
    m_links->setTextFormat(Qt::RichText);
    m_links->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_links->hide();
    for (QComboBox *combo : {m_status, m_priority, m_category})
        FieldCombo::allowNarrow(combo, 6);
    m_thread->setObjectName(u"thread"_s);

    QFont subjectFont = font();
    subjectFont.setPointSizeF(subjectFont.pointSizeF() * 1.3);
    subjectFont.setBold(true);
    m_subject->setFont(subjectFont);
    m_subject->setWordWrap(true);
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_meta->setObjectName(u"ticketMeta"_s);
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_meta->setWordWrap(true);
    m_presence->setObjectName(u"presence"_s);
    m_presence->setWordWrap(true);
    m_presence->setStyleSheet(
        u"QLabel { color: %1; }"_s.arg(PaletteColors::readable(QColor(0x15, 0x65, 0xc0), palette()).name()));
    m_presence->hide();
    m_statusLabel->setBuddy(m_status);
    m_priorityLabel->setBuddy(m_priority);
    m_categoryLabel->setBuddy(m_category);
    m_take->setIcon(QIcon(u":/deskline/icons/take.svg"_s));

    m_thread->setModel(m_model);
    m_thread->setItemDelegate(new MessageDelegate(m_thread));
    m_thread->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_thread->setResizeMode(QListView::Adjust);
    m_thread->setSelectionMode(QAbstractItemView::SingleSelection);
    m_thread->setContextMenuPolicy(Qt::CustomContextMenu);
    m_thread->setFrameShape(QFrame::NoFrame);
    m_thread->setUniformItemSizes(false);
    m_history->setObjectName(u"history"_s);
    m_history->setModel(m_historyModel);
    m_history->setRootIsDecorated(false);
    m_history->setAlternatingRowColors(true);
    m_history->setUniformRowHeights(true);
    m_history->setSelectionMode(QAbstractItemView::NoSelection);
    m_history->setFrameShape(QFrame::NoFrame);
    m_history->header()->setStretchLastSection(true);
    m_history->header()->setSectionResizeMode(TicketHistoryModel::WhenColumn, QHeaderView::ResizeToContents);
    m_history->header()->setSectionResizeMode(TicketHistoryModel::WhoColumn, QHeaderView::ResizeToContents);
    m_views->setObjectName(u"ticketViews"_s);
    m_views->setDocumentMode(true);
    m_views->addTab(m_thread, QString());
    m_views->addTab(m_history, QString());

    // Labels above their fields, who has the ticket beside them: in one row they would set
    // the narrowest the pane can be.
    auto *fields = new QGridLayout;
    fields->setVerticalSpacing(1);
    const std::pair<QLabel *, QComboBox *> pairs[] = {
        {m_statusLabel, m_status}, {m_priorityLabel, m_priority}, {m_categoryLabel, m_category}};
    for (int column = 0; column < 3; ++column) {
        fields->addWidget(pairs[column].first, 0, column);
        fields->addWidget(pairs[column].second, 1, column);
        fields->setColumnStretch(column, 1);
    }
    fields->addWidget(m_assignee, 0, 3);
    fields->addWidget(m_take, 1, 3, Qt::AlignLeft);
    fields->setColumnStretch(4, 1);

    auto *header = new QVBoxLayout;
    header->addWidget(m_subject);
    header->addWidget(m_meta);
    header->addWidget(m_links);
    header->addWidget(m_presence);
    header->addWidget(m_classification);
    header->addWidget(m_escalation);
    header->addWidget(m_archive);
    header->addWidget(m_mergeBar);
    header->addLayout(fields);
    // The tag row has room on its right; the header's field row sets the pane's narrowest width.
    auto *tagRow = new QHBoxLayout;
    tagRow->addWidget(m_tags, 1);
    tagRow->addWidget(m_escalate);
    tagRow->addWidget(m_followUp);
    tagRow->addWidget(m_time);
    header->addLayout(tagRow);

    auto *splitter = new QSplitter(Qt::Vertical, m_content);
    splitter->setObjectName(u"threadSplitter"_s);
    splitter->addWidget(m_views);
    splitter->addWidget(m_composer);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    // Keyboard order as the pane reads, top to bottom: links and bars over the ticket, its
    // fields, tags and actions, then the tabs and the thread, then the composer.
    {
        QList<QWidget *> order{m_links};
        for (QWidget *bar : std::initializer_list<QWidget *>{m_classification, m_escalation, m_archive, m_mergeBar}) {
            for (QPushButton *button : bar->findChildren<QPushButton *>())
                order << button;
        }
        order << m_status << m_priority << m_category << m_take << m_tags->input() << m_escalate << m_followUp << m_time
              << m_views->tabBar() << m_thread << m_history;
        for (qsizetype i = 1; i < order.size(); ++i)
            setTabOrder(order.at(i - 1), order.at(i));
    }

    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(6, 6, 6, 6);
    contentLayout->addLayout(header);
    contentLayout->addWidget(splitter, 1);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    auto *stack = new QStackedLayout(this);
    stack->addWidget(m_empty);
    stack->addWidget(m_content);

    // Each field box writes its value the moment the agent picks one.
    auto writeOnPick = [this]<typename E>(QComboBox *combo, bool (TicketService::*write)(qint64, E)) {
        connect(combo, &QComboBox::activated, this, [this, combo, write] {
            const std::optional<E> value = FieldCombo::value<E>(combo);
            if (m_ticketId > 0 && value && !(m_desk.tickets().*write)(m_ticketId, *value)) {
                Q_EMIT errorOccurred(m_desk.tickets().errorString());
                refreshHeader(); // back to what the ticket really has
            }
        });
    };
    // Solving asks the customer's confirmation and satisfaction first.
    connect(m_status, &QComboBox::activated, this, [this] {
        const std::optional<TicketStatus> value = FieldCombo::value<TicketStatus>(m_status);
        if (m_ticketId <= 0 || !value)
            return;
        if (*value == TicketStatus::Solved) {
            solve();
            return;
        }
        if (!m_desk.tickets().setStatus(m_ticketId, *value)) {
            Q_EMIT errorOccurred(m_desk.tickets().errorString());
            refreshHeader();
        }
    });
    writeOnPick(m_priority, &TicketService::setPriority);
    writeOnPick(m_category, &TicketService::setCategory);
    m_tags->setKnownTagsSource([this] { return m_desk.tickets().knownTags(); });
    connect(m_take, &QPushButton::clicked, this, &ConversationPane::takeTicket);
    connect(m_tags, &TagEditor::tagAdded, this, [this](const QString &tag) {
        if (!m_desk.tickets().addTag(m_ticketId, tag))
            Q_EMIT errorOccurred(m_desk.tickets().errorString());
    });
    connect(m_tags, &TagEditor::tagRemoved, this, [this](const QString &tag) {
        if (!m_desk.tickets().removeTag(m_ticketId, tag))
            Q_EMIT errorOccurred(m_desk.tickets().errorString());
    });
    connect(m_composer, &ComposerWidget::errorOccurred, this, &ConversationPane::errorOccurred);
    connect(m_classification, &ClassificationBar::errorOccurred, this, &ConversationPane::errorOccurred);
    connect(m_escalation, &EscalationBar::errorOccurred, this, &ConversationPane::errorOccurred);
    connect(m_archive, &ArchiveBar::errorOccurred, this, &ConversationPane::errorOccurred);
    connect(m_mergeBar, &MergeBar::errorOccurred, this, &ConversationPane::errorOccurred);
    connect(m_mergeBar, &MergeBar::ticketActivated, this, &ConversationPane::ticketActivated);
    connect(m_escalate, &QPushButton::clicked, this, &ConversationPane::escalate);
    connect(m_followUp, &QPushButton::clicked, this, &ConversationPane::followUp);
    connect(m_time, &QPushButton::clicked, this, [this] {
        if (m_ticketId <= 0)
            return;
        TimeDialog dialog(m_desk, m_ticketId, this);
        dialog.exec();
        refreshTime();
    });
    connect(m_links, &QLabel::linkActivated, this,
            [this](const QString &link) { Q_EMIT ticketActivated(link.section(u':', 1).toLongLong()); });
    connect(m_composer, &ComposerWidget::reviewRequested, this, [this](qint64 messageId) {
        for (int row = m_model->rowCount() - 1; row >= 0; --row) {
            const QModelIndex index = m_model->index(row, 0);
            if (index.data(ConversationModel::MessageIdRole).toLongLong() == messageId) {
                m_thread->scrollTo(index, QAbstractItemView::PositionAtCenter);
                m_thread->setCurrentIndex(index);
                break;
            }
        }
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, m_thread, [this] { m_thread->scrollToBottom(); });
    connect(m_thread, &QListView::doubleClicked, this, &ConversationPane::saveAttachment);
    // A colleague's files come from the server when their message is shown (then they stay).
    // Queued: the model is in the middle of telling its views when these fire.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ConversationPane::fetchMissingContents,
            Qt::QueuedConnection);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ConversationPane::fetchMissingContents,
            Qt::QueuedConnection);
    connect(m_thread, &QListView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_thread->indexAt(pos);
        if (!index.isValid())
            return;
        QMenu menu(this);
        // The link in the bubble, for the keyboard and for whoever looks for it here.
        if (auto *delegate = qobject_cast<MessageDelegate *>(m_thread->itemDelegate()); delegate->hasQuote(index)) {
            const bool shown = delegate->isQuoteShown(index);
            connect(menu.addAction(shown ? tr("Hide quoted text") : tr("Show quoted text")), &QAction::triggered, this,
                    [delegate, index, shown] { delegate->setQuoteShown(index, !shown); });
        }
        if (!index.data(ConversationModel::AttachmentsRole).toList().isEmpty()) {
            connect(menu.addAction(tr("Save attachments…")), &QAction::triggered, this,
                    [this, index] { saveAttachment(index); });
        }
        const QVariantMap mail = index.data(ConversationModel::MailRole).toMap();
        const qint64 messageId = index.data(ConversationModel::MessageIdRole).toLongLong();
        if (mail.value(u"hasHtml"_s).toBool()) {
            connect(menu.addAction(tr("Show the mail as formatted…")), &QAction::triggered, this,
                    [this, messageId] { showMail(messageId); });
        }
        if (static_cast<MailDirection>(mail.value(u"direction"_s, -1).toInt()) == MailDirection::Received) {
            connect(menu.addAction(tr("Save the mail as .eml…")), &QAction::triggered, this,
                    [this, messageId] { saveMail(messageId); });
        }
        if (!menu.isEmpty())
            menu.exec(m_thread->viewport()->mapToGlobal(pos));
    });
    connect(&desk, &Desk::ticketsChanged, this, &ConversationPane::onTicketsChanged);
    retranslate();
    setTicket(0);
}

void ConversationPane::retranslate()
{
    m_views->setTabText(0, tr("Conversation"));
    m_views->setTabText(1, tr("History"));
    m_views->setTabToolTip(1, tr("Everything that happened to this ticket, oldest first"));
    m_statusLabel->setText(tr("&Status:"));
    m_priorityLabel->setText(tr("&Priority:"));
    m_categoryLabel->setText(tr("Cate&gory:"));
    m_take->setText(tr("&Take"));
    m_take->setToolTip(tr("Assign this ticket to me (Ctrl+T)"));
    m_escalate->setText(tr("&Escalate…"));
    m_escalate->setToolTip(tr("Hand this ticket to specialists or a supervisor (Ctrl+E)"));
    m_followUp->setText(tr("&Follow up…"));
    m_followUp->setToolTip(tr("A closed ticket takes no more messages: continue in a new ticket linked to it"));
    m_empty->setText(tr("Select a ticket in the list to read and answer it."));
    m_thread->setAccessibleName(tr("Messages"));
    m_thread->setAccessibleDescription(tr("The ticket's messages, oldest first; double-click one to save its "
                                          "attachments, right-click for more"));
    m_history->setAccessibleName(tr("Ticket history"));
    m_views->setAccessibleName(tr("Conversation and history"));
    m_views->tabBar()->setAccessibleName(tr("Parts of the ticket"));
    m_links->setAccessibleName(tr("Linked tickets"));
    m_time->setAccessibleName(tr("Time spent"));
    m_take->setAccessibleDescription(tr("Assign this ticket to me (Ctrl+T)"));
    FieldCombo::fill<TicketStatus>(m_status);
    FieldCombo::fill<Priority>(m_priority);
    FieldCombo::fill<Category>(m_category);
    refreshHeader();
}

void ConversationPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ConversationPane::setTicket(qint64 ticketId)
{
    m_ticketId = ticketId;
    m_ticket = ticketId > 0 ? m_desk.tickets().ticket(ticketId) : std::nullopt;
    if (!m_ticket)
        m_ticketId = 0;
    m_model->setTicket(m_ticketId);
    fetchMissingContents();
    m_historyModel->setTicket(m_ticketId);
    m_composer->setTicket(m_ticketId);
    if (!m_ticket) {
        // refreshHeader() sets them for a ticket; each read of theirs is a query, so only once.
        m_classification->setTicket(0);
        m_escalation->setTicket(0);
        m_archive->setTicket(0);
        m_mergeBar->setTicket(0);
    }
    m_presence->clear();
    m_presence->hide();
    if (isThreadIncomplete())
        Q_EMIT conversationIncomplete(m_ticketId);
    static_cast<QStackedLayout *>(layout())->setCurrentIndex(m_ticket ? 1 : 0);
    refreshHeader();
    m_thread->scrollToBottom();
}

bool ConversationPane::isThreadIncomplete() const
{
    if (!m_ticket || !m_desk.directory().teamMode())
        return false;
    // Merged duplicates bring their own messages into the thread.
    int expected = 0;
    for (qint64 id : m_model->threadTickets()) {
        if (const auto t = id == m_ticketId ? m_ticket : m_desk.tickets().ticket(id))
            expected += t->messageCount;
    }
    return expected > m_model->rowCount();
}

void ConversationPane::reloadConversation(qint64 ticketId)
{
    if (ticketId != m_ticketId)
        return;
    m_model->setTicket(m_ticketId);
    fetchMissingContents();
    m_thread->scrollToBottom();
}

void ConversationPane::setPresence(qint64 ticketId, const QStringList &viewing, const QStringList &typing)
{
    if (ticketId != m_ticketId)
        return;
    QStringList parts;
    if (!typing.isEmpty())
        parts << tr("%1 typing a reply…").arg(typing.join(u", "_s));
    if (!viewing.isEmpty())
        parts << tr("Also open at: %1").arg(viewing.join(u", "_s));
    m_presence->setText(parts.join(u" · "_s));
    m_presence->setVisible(!parts.isEmpty());
}

void ConversationPane::refreshHeader()
{
    if (!m_ticket)
        return;
    const Ticket &t = *m_ticket;
    m_subject->setText(t.subject);
    QString meta = tr("%1 · %2 · %3 · opened %4")
                       .arg(t.displayId(), t.customerName, fieldLabel(t.channel),
                            QLocale().toString(t.createdAt.toLocalTime(), QLocale::ShortFormat));
    // A phone ticket says how long its calls took (only they have any: no query for the rest).
    if (t.channel == Channel::Phone) {
        if (const qint64 talked = m_desk.calls().talkTimeMs(t.id); talked > 0)
            meta += u" · "_s + tr("calls %1").arg(CallService::clockText(talked));
    }
    m_meta->setText(meta);
    FieldCombo::show(m_status, t.status);
    // Only the moves the lifecycle allows are offered; the others stay in sight, greyed, with the reason.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_status->model())) {
        for (int i = 0; i < m_status->count(); ++i) {
            const auto to = fieldFromInt<TicketStatus>(m_status->itemData(i).toInt());
            items->item(i)->setEnabled(TicketLifecycle::canChange(t.status, to));
            items->item(i)->setToolTip(TicketLifecycle::refusal(t.status, to));
        }
    }
    m_composer->setClosed(TicketLifecycle::isFinal(t.status));
    FieldCombo::show(m_priority, t.priority);
    FieldCombo::show(m_category, t.category);
    const bool mine = t.assigneeId > 0 && t.assigneeId == m_desk.directory().currentAgentId();
    // In team mode the server decides who takes a ticket first; until it answers, say so.
    const bool tentative = mine && m_desk.tickets().claimPending(t.id);
    m_assignee->setText(tentative          ? tr("Taking… waiting for the server")
                        : t.assigneeId > 0 ? tr("Assigned to %1").arg(t.assigneeName)
                                           : tr("Unassigned"));
    m_assignee->setToolTip(tentative ? tr("Another agent may have taken it first; the server decides.") : QString());
    m_take->setVisible(!mine);
    m_tags->setTags(t.tags);
    m_classification->setTicket(t.id);
    m_escalation->setTicket(t.id);
    m_archive->setTicket(t.id);
    m_mergeBar->setTicket(t.id);
    m_escalate->setEnabled(t.status != TicketStatus::Solved && !TicketLifecycle::isFinal(t.status));
    // An archived case is read, not worked on, until a supervisor restores it.
    const bool archived = t.archivedAt.isValid();
    for (QWidget *field : std::initializer_list<QWidget *>{m_status, m_priority, m_category, m_tags, m_take})
        field->setEnabled(!archived);
    if (archived)
        m_escalate->setEnabled(false);
    // A merged duplicate goes on in its target, not in a follow-up.
    m_followUp->setVisible(TicketLifecycle::isFinal(t.status) && !archived && t.mergedInto == 0);
    // Links both ways: what this ticket continues, and what continued it.
    QStringList links;
    const ConversationService conversation(m_desk.store());
    if (t.followUpOf > 0) {
        if (const auto earlier = m_desk.tickets().ticket(t.followUpOf))
            links << tr("Follows up %1")
                         .arg(u"<a href=\"ticket:%1\">%2</a>"_s.arg(earlier->id).arg(earlier->displayId()));
    }
    QStringList later;
    for (qint64 id : conversation.followUps(t.id)) {
        if (const auto next = m_desk.tickets().ticket(id))
            later << u"<a href=\"ticket:%1\">%2</a>"_s.arg(next->id).arg(next->displayId());
    }
    if (!later.isEmpty())
        links << tr("Followed up in %1").arg(later.join(u", "_s));
    QStringList duplicates;
    for (qint64 id : MergeService(m_desk.store()).mergedFrom(t.id)) {
        if (const auto duplicate = m_desk.tickets().ticket(id))
            duplicates << u"<a href=\"ticket:%1\">%2</a>"_s.arg(duplicate->id).arg(duplicate->displayId());
    }
    if (!duplicates.isEmpty())
        links << tr("Merged from %1").arg(duplicates.join(u", "_s));
    m_links->setText(links.join(u" · "_s));
    m_links->setVisible(!links.isEmpty());
    refreshTime();
}

void ConversationPane::refreshTime()
{
    if (m_ticketId <= 0)
        return;
    m_time->setText(tr("Time: %1").arg(TimeService::durationText(TimeService(m_desk.store()).totalMs(m_ticketId))));
    m_time->setToolTip(tr("Time spent on this ticket; counted while it is open here. Click to add or correct."));
}

qint64 ConversationPane::followUp()
{
    if (m_ticketId <= 0)
        return 0;
    const qint64 closed = m_ticketId;
    // What the agent had typed into the closed ticket goes along as the new ticket's draft.
    m_composer->saveDraftNow();
    ConversationService conversation(m_desk.store());
    const auto created = conversation.followUp(closed);
    if (!created) {
        Q_EMIT errorOccurred(conversation.errorString());
        return 0;
    }
    Q_EMIT ticketActivated(*created);
    return *created;
}

void ConversationPane::onTicketsChanged(const QList<qint64> &ids)
{
    if (m_ticketId <= 0 || !ids.contains(m_ticketId))
        return;
    m_ticket = m_desk.tickets().ticket(m_ticketId);
    refreshHeader();
}

bool ConversationPane::takeTicket()
{
    if (m_ticketId <= 0)
        return false;
    if (m_desk.directory().currentAgentId() <= 0) {
        Q_EMIT errorOccurred(tr("No agent is signed in at this desk; start Deskline with --agent LOGIN."));
        return false;
    }
    if (!m_desk.tickets().take(m_ticketId)) {
        Q_EMIT errorOccurred(m_desk.tickets().errorString());
        return false;
    }
    return true;
}

void ConversationPane::solve()
{
    if (m_ticketId <= 0)
        return;
    ResolveDialog dialog(m_desk, m_ticketId, this);
    dialog.exec();
    refreshHeader(); // cancelled or kept open: the status box shows what the ticket has
}

void ConversationPane::escalate()
{
    if (m_ticketId <= 0)
        return;
    EscalationDialog dialog(m_desk, m_ticketId, this);
    dialog.exec();
}

void ConversationPane::merge()
{
    if (m_ticketId <= 0)
        return;
    if (m_ticket && !TicketLifecycle::canMergeAway(m_ticket->status)) {
        Q_EMIT errorOccurred(tr("%1 is closed; closed tickets are not merged.").arg(m_ticket->displayId()));
        return;
    }
    MergeDialog dialog(m_desk, m_ticketId, this);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT ticketActivated(dialog.targetId()); // where the case goes on
}

void ConversationPane::showMail(qint64 messageId)
{
    const auto mail = ConversationService(m_desk.store()).mail(messageId);
    if (!mail)
        return;
    MailViewDialog dialog(*mail, this);
    dialog.exec();
}

void ConversationPane::saveMail(qint64 messageId)
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save the mail"), tr("mail-%1.eml").arg(messageId), tr("Mail (*.eml)"));
    if (!path.isEmpty())
        saveMailTo(messageId, path);
}

void ConversationPane::saveMailTo(qint64 messageId, const QString &path)
{
    const ConversationService conversation(m_desk.store());
    const auto facts = conversation.mail(messageId);
    if (facts && !facts->hasRaw && !facts->rawSha256.isEmpty()) {
        // A team desk's mail: its bytes are on the server until saved once.
        m_pendingSaves[facts->rawSha256].append({0, messageId, path});
        want(facts->rawSha256);
        return;
    }
    const QByteArray raw = conversation.rawMail(messageId);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(raw) != raw.size() || !file.commit())
        Q_EMIT errorOccurred(tr("Cannot save %1: %2").arg(path, file.errorString()));
}

void ConversationPane::saveAttachment(const QModelIndex &index)
{
    const QVariantList attachments = index.data(ConversationModel::AttachmentsRole).toList();
    for (const QVariant &value : attachments) {
        const QVariantMap info = value.toMap();
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save attachment"), info.value(u"name"_s).toString());
        if (!path.isEmpty())
            saveAttachmentTo(info.value(u"id"_s).toLongLong(), path);
    }
}

void ConversationPane::saveAttachmentTo(qint64 attachmentId, const QString &path)
{
    const auto attachment = ConversationService(m_desk.store()).attachment(attachmentId);
    if (attachment && !attachment->local) {
        // Saved when the bytes are here; the bubble says "Fetching…" meanwhile.
        m_pendingSaves[attachment->sha256].append({attachmentId, attachment->messageId, path});
        want(attachment->sha256);
        return;
    }
    QSaveFile file(path);
    if (!attachment || !file.open(QIODevice::WriteOnly) || file.write(attachment->content) != attachment->size ||
        !file.commit())
        Q_EMIT errorOccurred(tr("Cannot save %1: %2").arg(path, file.errorString()));
}

void ConversationPane::want(const QString &sha256)
{
    m_model->setContentState(sha256, ConversationModel::ContentState::Fetching);
    Q_EMIT contentWanted(sha256);
}

void ConversationPane::fetchMissingContents()
{
    if (!m_desk.directory().teamMode())
        return;
    for (const QString &sha256 : m_model->contentsToFetch())
        want(sha256);
}

void ConversationPane::contentFetched(const QString &sha256, bool available)
{
    m_model->setContentState(sha256, available ? ConversationModel::ContentState::Local
                                               : ConversationModel::ContentState::Unavailable);
    const QList<PendingSave> waiting = m_pendingSaves.take(sha256);
    const ConversationService conversation(m_desk.store());
    for (const PendingSave &save : waiting) {
        const auto attachment = save.attachmentId > 0 ? conversation.attachment(save.attachmentId) : std::nullopt;
        const auto mail = save.attachmentId > 0 ? std::nullopt : conversation.mail(save.messageId);
        // Asked for once: bytes still missing now are not coming.
        const bool here = attachment ? attachment->local : mail && mail->hasRaw;
        if (!available || !here) {
            Q_EMIT errorOccurred(attachment ? tr("\"%1\" is not available from the server.").arg(attachment->name)
                                            : tr("The mail is not available from the server."));
            continue;
        }
        if (save.attachmentId > 0)
            saveAttachmentTo(save.attachmentId, save.path);
        else
            saveMailTo(save.messageId, save.path);
    }
}
