#include "ticketlistpane.h"

#include "clock.h"
#include "desk.h"
#include "directoryservice.h"
#include "fieldcombo.h"
#include "savedviewservice.h"
#include "ticketlistdelegate.h"
#include "ticketlistmodel.h"
#include "ticketservice.h"

#include <QAction>
#include <QComboBox>
#include <QDataStream>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

TicketListPane::TicketListPane(Desk &desk, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_clock(clock)
    , m_model(new TicketListModel(desk.store(), clock, this))
    , m_views(new QListWidget(this))
    , m_search(new QLineEdit(this))
    , m_channel(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_customersHeading(new QLabel(this))
    , m_customerHits(new QListWidget(this))
    , m_table(new QTableView(this))
    , m_count(new QLabel(this))
    , m_searchOrder(new QComboBox(this))
    , m_searchDelay(new QTimer(this))
    , m_deadlineTicker(new QTimer(this))
{
    // When the open ticket leaves the view (the agent took it, solved it), it stays open
    // in the conversation; the list just stops pointing at it. Connected before the view
    // gets the model, so this runs before the selection model moves the current row.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex &, int first, int last) {
        const int current = m_table->currentIndex().row();
        m_keepOpenTicket = current >= first && current <= last;
    });
    m_views->setObjectName(u"savedViews"_s);
    m_views->setFrameShape(QFrame::NoFrame);
    m_views->setMaximumWidth(130);
    m_views->setMinimumWidth(100);
    for (TicketFilter::View view : TicketFilter::allViews()) {
        auto *item = new QListWidgetItem(m_views);
        item->setData(Qt::UserRole, int(view));
    }
    m_views->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_views, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        QMenu menu(this);
        menu.addAction(tr("&Save the current filters as a view…"), this, &TicketListPane::askToSaveView);
        const QListWidgetItem *item = m_views->itemAt(at);
        if (const qint64 id = item ? item->data(savedViewRole).toLongLong() : 0; id > 0) {
            menu.addAction(tr("&Delete the view \"%1\"").arg(item->text()), this, [this, id] {
                if (!removeSavedView(id))
                    QMessageBox::warning(this, tr("Saved views"), m_desk.savedViews().errorString());
            });
        }
        menu.exec(m_views->viewport()->mapToGlobal(at));
    });
    connect(&m_desk, &Desk::savedViewsChanged, this, &TicketListPane::reloadSavedViews);

    m_search->setObjectName(u"searchField"_s);
    m_search->setClearButtonEnabled(true);
    m_searchIcon = m_search->addAction(QIcon(u":/deskline/icons/search.svg"_s), QLineEdit::LeadingPosition);
    m_channel->setObjectName(u"channelFilter"_s);
    m_category->setObjectName(u"categoryFilter"_s);
    m_priority->setObjectName(u"priorityFilter"_s);
    m_status->setObjectName(u"statusFilter"_s);
    m_searchOrder->setObjectName(u"searchOrder"_s);
    m_searchOrder->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_searchOrder->setVisible(false);
    for (QComboBox *combo : {m_channel, m_category, m_priority, m_status})
        FieldCombo::allowNarrow(combo, 7);

    m_customersHeading->setObjectName(u"customerHitsHeading"_s);
    QFont heading = m_customersHeading->font();
    heading.setBold(true);
    m_customersHeading->setFont(heading);
    m_customersHeading->setBuddy(m_customerHits);
    m_customerHits->setObjectName(u"customerHits"_s);
    m_customerHits->setAlternatingRowColors(true);
    m_customersHeading->setVisible(false);
    m_customerHits->setVisible(false);
    connect(m_customerHits, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT customerChosen(item->data(Qt::UserRole).toLongLong()); });

    m_table->setObjectName(u"ticketTable"_s);
    m_table->setModel(m_model);
    m_table->setItemDelegate(new TicketListDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several rows for a supervisor's reassignment (dialog, or dragged onto the board).
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setDragEnabled(true);
    m_table->setDragDropMode(QAbstractItemView::DragOnly);
    m_table->setSortingEnabled(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setIconSize(QSize(18, 18));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 12);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(TicketListModel::SubjectColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSortIndicator(TicketListModel::UpdatedColumn, Qt::DescendingOrder);
    // Columns as wide as what they show, in whatever language and font is in use.
    const QFontMetrics metrics = fontMetrics();
    auto widest = [&metrics](const QStringList &texts, int padding) {
        int width = 0;
        for (const QString &text : texts)
            width = std::max(width, metrics.horizontalAdvance(text));
        return width + padding;
    };
    auto labels = [](auto values) {
        QStringList texts;
        for (auto value : values)
            texts << fieldLabel(value);
        return texts;
    };
    const int em = metrics.horizontalAdvance(u'M');
    const qint64 soon = clock.now().toMSecsSinceEpoch();
    const int widths[TicketListModel::ColumnCount] = {
        widest({u"T-000000"_s}, 16), 20 * em, 5 * em, 30,
        std::min(widest(labels(allFieldValues<Category>()), 14), int(6.5 * em)),
        widest(labels(allFieldValues<Priority>()), 26),
        // Room for an escalated ticket's tier beside the busiest status.
        widest(labels(allFieldValues<TicketStatus>())
                   << fieldLabel(TicketStatus::Open) + u" ↑L2"_s << fieldLabel(TicketStatus::New) + u" ↑L2"_s,
               26),
        4 * em,
        std::min(widest({m_model->dueText(soon + (9 * 60 + 59) * 60 * 1000), m_model->dueText(soon + 47 * 3600 * 1000),
                         m_model->dueText(soon - 47 * 3600 * 1000)},
                        14),
                 8 * em),
        widest({QLocale().toString(QDate(2026, 12, 28), QLocale::ShortFormat)}, 8)};
    for (int c = 0; c < TicketListModel::ColumnCount; ++c) {
        // Never narrower than the column's title (with room for the sort arrow); the channel
        // icon column explains itself in its tooltip.
        const int title = c == TicketListModel::ChannelColumn
                              ? 0
                              : widest({m_model->headerData(c, Qt::Horizontal).toString()},
                                       c == m_table->horizontalHeader()->sortIndicatorSection() ? 28 : 12);
        if (c != TicketListModel::SubjectColumn)
            m_table->setColumnWidth(c, std::max(widths[c], title));
    }

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_search, 3);
    filters->addWidget(m_channel, 1);
    filters->addWidget(m_category, 1);
    filters->addWidget(m_priority, 1);
    filters->addWidget(m_status, 1);

    auto *right = new QVBoxLayout;
    right->setContentsMargins(0, 0, 0, 0);
    right->addLayout(filters);
    right->addWidget(m_customersHeading);
    right->addWidget(m_customerHits);
    right->addWidget(m_table, 1);
    auto *footer = new QHBoxLayout;
    footer->setContentsMargins(0, 0, 0, 0);
    footer->addWidget(m_count, 1);
    footer->addWidget(m_searchOrder);
    right->addLayout(footer);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_views);
    layout->addLayout(right, 1);

    // Searching as the agent types, but not on every keystroke of a fast typist.
    m_searchDelay->setSingleShot(true);
    // "Due soon" and "past deadline" change with the time alone: look again every minute.
    auto *timedViews = new QTimer(this);
    timedViews->setInterval(60 * 1000);
    connect(timedViews, &QTimer::timeout, this, [this] {
        const TicketFilter::View view = m_model->filter().view;
        if (view == TicketFilter::View::DueSoon || view == TicketFilter::View::Breached)
            applyFilter();
    });
    timedViews->start();
    m_searchDelay->setInterval(150);
    connect(m_searchDelay, &QTimer::timeout, this, &TicketListPane::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &TicketListPane::applyFilter);
    for (QComboBox *combo : {m_channel, m_category, m_priority, m_status})
        connect(combo, &QComboBox::currentIndexChanged, this, &TicketListPane::applyFilter);
    connect(m_views, &QListWidget::currentRowChanged, this, &TicketListPane::onViewChosen);
    connect(m_searchOrder, &QComboBox::currentIndexChanged, this, &TicketListPane::applyFilter);

    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_keepOpenTicket)
            m_table->selectionModel()->clear();
        m_keepOpenTicket = false;
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (m_keepOpenTicket)
            return;
        const qint64 id = currentTicketId();
        if (id != m_lastEmitted) {
            m_lastEmitted = id;
            Q_EMIT currentTicketChanged(id);
        }
    });
    // Tickets that arrive later (a team desk's first sync) should not leave the window empty.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->currentIndex().isValid() && m_model->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &TicketListPane::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TicketListPane::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TicketListPane::updateCount);

    m_deadlineTicker->setInterval(30 * 1000);
    connect(m_deadlineTicker, &QTimer::timeout, m_model, &TicketListModel::refreshDeadlines);
    m_deadlineTicker->start();

    retranslate();
    reloadSavedViews();
    m_views->setCurrentRow(2); // all open
}

void TicketListPane::reloadSavedViews()
{
    const qint64 chosen = m_views->currentItem() ? m_views->currentItem()->data(savedViewRole).toLongLong() : 0;
    const QSignalBlocker quiet(m_views);
    const int builtIn = int(TicketFilter::allViews().size());
    while (m_views->count() > builtIn)
        delete m_views->takeItem(builtIn);
    const QList<SavedView> saved = m_desk.savedViews().views();
    if (saved.isEmpty())
        return;
    auto *heading = new QListWidgetItem(tr("My views"), m_views);
    heading->setFlags(Qt::NoItemFlags);
    heading->setData(Qt::UserRole, -1);
    QFont small = heading->font();
    small.setBold(true);
    heading->setFont(small);
    for (const SavedView &view : saved) {
        auto *item = new QListWidgetItem(view.name, m_views);
        item->setData(Qt::UserRole, int(view.filter.view));
        item->setData(savedViewRole, view.id);
        item->setToolTip(
            tr("%1: %2, with its filters and search").arg(view.name, TicketFilter::viewLabel(view.filter.view)));
        if (view.id == chosen)
            m_views->setCurrentItem(item);
    }
}

void TicketListPane::onViewChosen()
{
    const QListWidgetItem *item = m_views->currentItem();
    const qint64 savedId = item ? item->data(savedViewRole).toLongLong() : 0;
    if (savedId > 0) {
        // A view of the agent's own brings back its quick filters and search too.
        if (const auto saved = m_desk.savedViews().view(savedId)) {
            FieldCombo::showOrAny(m_channel, saved->filter.channel);
            FieldCombo::showOrAny(m_category, saved->filter.category);
            FieldCombo::showOrAny(m_priority, saved->filter.priority);
            FieldCombo::showOrAny(m_status, saved->filter.status);
            const QSignalBlocker quiet(m_search);
            m_search->setText(saved->filter.searchText);
        }
    }
    applyFilter();
}

std::optional<qint64> TicketListPane::saveCurrentView(const QString &name)
{
    const auto id = m_desk.savedViews().save(name, m_model->filter());
    if (!id)
        return std::nullopt;
    for (int row = 0; row < m_views->count(); ++row) {
        if (m_views->item(row)->data(savedViewRole).toLongLong() == *id) {
            const QSignalBlocker quiet(m_views); // the filter is the one shown already
            m_views->setCurrentRow(row);
        }
    }
    return id;
}

bool TicketListPane::removeSavedView(qint64 id)
{
    return m_desk.savedViews().remove(id);
}

void TicketListPane::askToSaveView()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save view"),
                                               tr("Name of the view (the current view, filters and search are kept):"),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok && !saveCurrentView(name))
        QMessageBox::warning(this, tr("Saved views"),
                             tr("The view was not saved: %1").arg(m_desk.savedViews().errorString()));
}

void TicketListPane::retranslate()
{
    for (int row = 0; row < int(TicketFilter::allViews().size()); ++row) {
        QListWidgetItem *item = m_views->item(row);
        const auto view = TicketFilter::View(item->data(Qt::UserRole).toInt());
        item->setText(TicketFilter::viewLabel(view));
        item->setToolTip(tr("Show %1 (Ctrl+%2)").arg(TicketFilter::viewLabel(view)).arg(row + 1));
    }
    m_views->setAccessibleName(tr("Views"));
    m_views->setAccessibleDescription(tr("Which tickets the list shows; Ctrl+1 to Ctrl+9 choose one"));
    m_search->setAccessibleName(tr("Search tickets"));
    // The line edit's own buttons take their names from their actions.
    m_searchIcon->setText(tr("Search"));
    if (auto *clear = m_search->findChild<QAction *>(u"_q_qlineeditclearaction"_s))
        clear->setText(tr("Clear the search"));
    m_table->setAccessibleName(tr("Tickets"));
    m_table->setAccessibleDescription(
        tr("Ticket number, subject, customer, channel, category, priority, status, assignee, deadline and last "
           "change; the selected ticket opens beside the list"));
    m_channel->setAccessibleName(tr("Channel filter"));
    m_category->setAccessibleName(tr("Category filter"));
    m_priority->setAccessibleName(tr("Priority filter"));
    m_status->setAccessibleName(tr("Status filter"));
    m_searchOrder->setAccessibleName(tr("Order of search hits"));
    m_search->setPlaceholderText(tr("Search tickets, numbers and customers (Ctrl+F)"));
    m_search->setToolTip(tr("Full-text search of subjects and messages (Chinese words of one or two characters "
                            "work too), a ticket number (T-000123 or 123), or a customer's email, phone, username "
                            "or order number; codes match by their start. Ctrl+F"));
    m_customerHits->setAccessibleName(tr("Customers found"));
    m_customersHeading->setText(tr("Customers (%1)").arg(m_customerHits->count()));
    FieldCombo::fill<Channel>(m_channel, tr("Any channel"));
    FieldCombo::fill<Category>(m_category, tr("Any category"));
    FieldCombo::fill<Priority>(m_priority, tr("Any priority"));
    FieldCombo::fill<TicketStatus>(m_status, tr("Any status"));
    m_channel->setToolTip(tr("Only tickets from this channel"));
    m_category->setToolTip(tr("Only tickets of this category"));
    m_priority->setToolTip(tr("Only tickets of this priority"));
    m_status->setToolTip(tr("Only tickets in this status"));
    const QSignalBlocker quiet(m_searchOrder);
    const int order = std::max(0, m_searchOrder->currentIndex());
    m_searchOrder->clear();
    m_searchOrder->addItem(tr("Newest first"));
    m_searchOrder->addItem(tr("Best match first"));
    m_searchOrder->setCurrentIndex(order);
    m_searchOrder->setToolTip(tr("Order of search hits. Best match ranks the %L1 most recent matching messages "
                                 "by how well they match.")
                                  .arg(TicketFilter::relevanceWindow));
    updateCount();
}

void TicketListPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TicketListPane::applyFilter()
{
    m_searchDelay->stop();
    TicketFilter filter = m_model->filter();
    const QListWidgetItem *viewItem = m_views->currentItem();
    filter.view = viewItem ? TicketFilter::View(viewItem->data(Qt::UserRole).toInt()) : TicketFilter::View::AllOpen;
    filter.channel = FieldCombo::value<Channel>(m_channel);
    filter.category = FieldCombo::value<Category>(m_category);
    filter.priority = FieldCombo::value<Priority>(m_priority);
    filter.status = FieldCombo::value<TicketStatus>(m_status);
    filter.searchText = m_search->text().trimmed();
    if (filter.searchText != m_model->filter().searchText)
        findCustomers(filter.searchText);
    filter.rankByRelevance = m_searchOrder->currentIndex() == 1;
    filter.currentAgentId = m_desk.directory().currentAgentId();
    // Only the views that depend on the time carry it, so the others are not read again for nothing.
    const bool timed = filter.view == TicketFilter::View::DueSoon || filter.view == TicketFilter::View::Breached;
    filter.nowMs = timed ? m_clock.now().toMSecsSinceEpoch() : 0;
    if (filter == m_model->filter() && m_model->rowCount() > 0)
        return;
    // A ticket number typed into the search opens that ticket (it is the first hit).
    const auto named = filter.searchText.isEmpty() ? std::nullopt : m_desk.tickets().findByNumber(filter.searchText);
    const qint64 keep = named ? *named : currentTicketId();
    m_model->setFilter(filter);
    if (keep > 0 && !selectTicket(keep) && m_model->rowCount() > 0)
        m_table->selectRow(0);
    else if (m_model->rowCount() > 0 && keep <= 0)
        m_table->selectRow(0);
}

void TicketListPane::findCustomers(const QString &text)
{
    m_customerHits->clear();
    const QList<Customer> found =
        text.isEmpty() ? QList<Customer>{} : m_desk.directory().findCustomers(text, Customer::searchHits);
    for (const Customer &c : found) {
        QStringList details;
        for (const QString &detail : {c.email, c.phone, c.username}) {
            if (!detail.isEmpty())
                details << detail;
        }
        auto *item = new QListWidgetItem(details.isEmpty() ? c.name : u"%1 · %2"_s.arg(c.name, details.join(u" · "_s)),
                                         m_customerHits);
        item->setData(Qt::UserRole, c.id);
        item->setToolTip(tr("Press Enter to open %1's card with their tickets").arg(c.name));
    }
    const bool any = !found.isEmpty();
    m_customersHeading->setText(tr("Customers (%1)").arg(found.size()));
    m_customersHeading->setVisible(any);
    m_customerHits->setVisible(any);
    if (any) {
        // As tall as its rows, up to four; more scroll, so the tickets keep most of the pane.
        const int rows = std::min<int>(int(found.size()), 4);
        m_customerHits->setFixedHeight(rows * m_customerHits->sizeHintForRow(0) + 2 * m_customerHits->frameWidth());
    }
}

void TicketListPane::updateCount()
{
    const int rows = m_model->rowCount();
    const bool more = m_model->canFetchMore({});
    m_searchOrder->setVisible(!m_model->filter().searchText.isEmpty());
    if (!m_model->filter().searchText.isEmpty())
        m_count->setText(more ? tr("%1+ tickets match \"%2\"").arg(rows).arg(m_model->filter().searchText)
                              : tr("%n ticket(s) match \"%1\"", nullptr, rows).arg(m_model->filter().searchText));
    else
        m_count->setText(more ? tr("%1+ tickets").arg(rows) : tr("%n ticket(s)", nullptr, rows));
}

QList<qint64> TicketListPane::selectedTicketIds() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QList<qint64> ids;
    for (int row : std::as_const(rows))
        ids << m_model->ticketIdAt(row);
    if (ids.isEmpty() && currentTicketId() > 0)
        ids << currentTicketId();
    return ids;
}

qint64 TicketListPane::currentTicketId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_model->ticketIdAt(current.row()) : 0;
}

bool TicketListPane::selectTicket(qint64 ticketId)
{
    const int row = m_model->rowOfTicket(ticketId);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
    return true;
}

bool TicketListPane::revealTicket(qint64 ticketId)
{
    if (m_model->loadRowOf(ticketId) < 0)
        return false;
    return selectTicket(ticketId);
}

void TicketListPane::setView(TicketFilter::View view)
{
    for (int row = 0; row < m_views->count(); ++row) {
        const QListWidgetItem *item = m_views->item(row);
        if (item->data(Qt::UserRole).toInt() == int(view) && item->data(savedViewRole).toLongLong() == 0)
            m_views->setCurrentRow(row);
    }
}

void TicketListPane::setSearchText(const QString &text)
{
    m_search->setText(text);
    applyFilter();
}

void TicketListPane::selectAdjacent(int step)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const QModelIndex current = m_table->currentIndex();
    const int row = std::clamp(current.isValid() ? current.row() + step : 0, 0, rows - 1);
    m_table->selectRow(row);
    m_table->setFocus();
}

QByteArray TicketListPane::saveState() const
{
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    stream << quint8(2) << m_table->horizontalHeader()->saveState() << qint32(m_views->currentRow())
           << qint32(m_searchOrder->currentIndex());
    return state;
}

void TicketListPane::restoreState(const QByteArray &state)
{
    QDataStream stream(state);
    quint8 version = 0;
    QByteArray header;
    qint32 view = 2;
    qint32 searchOrder = 0;
    stream >> version >> header >> view;
    if (version >= 2)
        stream >> searchOrder;
    if (version < 1 || version > 2 || stream.status() != QDataStream::Ok)
        return;
    if (searchOrder >= 0 && searchOrder < m_searchOrder->count())
        m_searchOrder->setCurrentIndex(searchOrder);
    m_table->horizontalHeader()->restoreState(header);
    m_table->horizontalHeader()->setSectionResizeMode(TicketListModel::SubjectColumn, QHeaderView::Stretch);
    if (view >= 0 && view < m_views->count())
        m_views->setCurrentRow(view);
}
