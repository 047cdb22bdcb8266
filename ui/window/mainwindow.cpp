#include "mainwindow.h"

#include "agentboardmodel.h"
#include "archivedialog.h"
#include "backgroundjobs.h"
#include "backupsdialog.h"
#include "backupservice.h"
#include "businesshoursdialog.h"
#include "callcard.h"
#include "cannedanswersdialog.h"
#include "channelsdialog.h"
#include "channelservice.h"
#include "composerwidget.h"
#include "connectiondialog.h"
#include "conversationpane.h"
#include "customerpane.h"
#include "damagepanel.h"
#include "desk.h"
#include "directoryservice.h"
#include "idlewatcher.h"
#include "intakerunner.h"
#include "mailgatewayrunner.h"
#include "newticketdialog.h"
#include "palettecolors.h"
#include "passwordvault.h"
#include "phonenumbers.h"
#include "readableexport.h"
#include "reassigndialog.h"
#include "reportswindow.h"
#include "rulesdialog.h"
#include "settingsservice.h"
#include "slapolicydialog.h"
#include "slawatcher.h"
#include "supervisorboard.h"
#include "syncengine.h"
#include "syncissue.h"
#include "syncissuesdialog.h"
#include "syncstatuswidget.h"
#include "tageditor.h"
#include "teammailboxes.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"
#include "ticketservice.h"
#include "timetracker.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
const QList<int> defaultWideSizes{900, 440, 260};
const auto geometryKey = u"window/geometry"_s;
const auto windowStateKey = u"window/state"_s;
const auto splitterKey = u"window/splitter"_s;
const auto splitterFoldedKey = u"window/splitterFolded"_s; // the two columns left when the customer is a tab
const auto customerHiddenKey = u"window/customerHidden"_s;
const auto customerFoldedKey = u"window/customerFolded"_s; // the agent's choice, whatever the width
const auto listKey = u"window/ticketList"_s;
} // namespace

MainWindow::MainWindow(Desk &desk, const Clock &clock, QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_desk(desk)
    , m_clock(clock)
    , m_settings(settings)
    , m_banner(new QLabel(this))
    , m_damage(new DamagePanel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_list(new TicketListPane(m_desk, clock, m_splitter))
    , m_conversation(new ConversationPane(m_desk, m_splitter))
    , m_customer(new CustomerPane(m_desk, m_splitter))
    , m_agentLabel(new QLabel(this))
    , m_timeTracker(new TimeTracker(desk.store(), clock, this))
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(QIcon(u":/deskline/icons/deskline.svg"_s));
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_conversation);
    m_splitter->addWidget(m_customer);
    m_splitter->setStretchFactor(0, 5);
    m_splitter->setStretchFactor(1, 4);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setChildrenCollapsible(false);
    m_list->setAccessibleName(tr("Ticket list"));
    m_conversation->setAccessibleName(tr("Conversation"));
    connect(m_conversation->views(), &QTabWidget::currentChanged, this, &MainWindow::syncCustomerAction);

    m_banner->setObjectName(u"banner"_s);
    m_banner->setWordWrap(true);
    const QColor amber(0xc9, 0x9a, 0x06);
    QPalette onBanner = palette();
    onBanner.setColor(QPalette::Base, PaletteColors::tint(amber, palette()));
    m_banner->setStyleSheet(
        u"QLabel { background: %1; color: %2; padding: 6px 10px; border-bottom: 1px solid %3; }"_s.arg(
            PaletteColors::tint(amber, palette()).name(), PaletteColors::readable(amber, onBanner).name(),
            amber.name()));
    m_banner->hide();

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_damage, 1);
    layout->addWidget(m_splitter, 1);
    m_damage->hide();
    // Queued: the damage may be found inside a view's read, which should finish first.
    connect(&m_desk, &Desk::damaged, this, &MainWindow::showDamage, Qt::QueuedConnection);
    connect(m_damage, &DamagePanel::restoreWanted, this, [this] { openBackups(true); });
    connect(m_damage, &DamagePanel::rebuildWanted, this, [this] {
        saveState();
        Q_EMIT rebuildRequested();
    });
    connect(m_damage, &DamagePanel::exportWanted, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the tickets that can still be read"),
                                                          QDir::home().filePath(u"deskline-readable-tickets.jsonl"_s),
                                                          tr("JSON Lines (*.jsonl)"));
        if (!path.isEmpty())
            exportReadable(path);
    });
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_agentLabel);

    connect(m_list, &TicketListPane::currentTicketChanged, this, &MainWindow::onCurrentTicketChanged);
    connect(m_customer, &CustomerPane::ticketActivated, this, &MainWindow::openTicket);
    // A customer the search found: their card, with their tickets under it.
    connect(m_list, &TicketListPane::customerChosen, this, [this](qint64 customerId) {
        m_customer->setCustomer(customerId);
        m_customer->setFocus();
    });
    connect(m_conversation, &ConversationPane::ticketActivated, this, &MainWindow::openTicket);
    connect(m_conversation, &ConversationPane::errorOccurred, this, &MainWindow::showError);
    // Time on the open ticket is saved every minute: a crash loses at most that much.
    connect(m_timeTracker, &TimeTracker::recorded, this, [this](qint64 ticketId) {
        if (ticketId == m_conversation->ticketId())
            m_conversation->refreshTime();
    });
    connect(m_timeTracker, &TimeTracker::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Time spent could not be saved: %1").arg(message), 15000);
    });
    m_timeTracker->startCheckpoints(60 * 1000);
    // Deadlines of my tickets: a desktop notification where there is a tray, the status bar elsewhere.
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(tr("Deskline"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (m_alertTicket > 0 && m_list->selectTicket(m_alertTicket)) {
                showNormal();
                raise();
                activateWindow();
            }
        });
    }
    connect(m_conversation->composer(), &ComposerWidget::sent, this,
            [this] { statusBar()->showMessage(tr("Sent."), 4000); });

    createActions();
    restoreState();
    updateTitle();
    m_restoring = false;
    updateFold();
    if (m_list->currentTicketId() > 0)
        onCurrentTicketChanged(m_list->currentTicketId());
    if (m_desk.isDamaged())
        showDamage(m_desk.damage());
}

void MainWindow::showDamage(const QString &problem)
{
    m_damage->setProblem(m_desk.storePath(), problem);
    m_damage->show();
    m_splitter->hide();
    statusBar()->showMessage(tr("The store is damaged: nothing is saved until a backup is restored."));
}

void MainWindow::exportReadable(const QString &path)
{
    if (!m_readableExport) {
        m_readableExport = new ReadableExport(m_desk.storePath(), m_clock, this);
        connect(m_readableExport, &ReadableExport::finished, this,
                [this](int exported, int unreadable, const QString &error) {
                    m_damage->exportButton()->setEnabled(true);
                    if (!error.isEmpty()) {
                        m_damage->setStatus(tr("The export failed: %1").arg(error));
                        return;
                    }
                    QString text = tr("%n ticket(s) exported.", nullptr, exported);
                    if (unreadable > 0)
                        text += u' ' + tr("%n more could not be read.", nullptr, unreadable);
                    m_damage->setStatus(text);
                });
    }
    if (m_readableExport->isRunning())
        return;
    m_damage->exportButton()->setEnabled(false);
    m_damage->setStatus(tr("Exporting the tickets that can still be read to %1…").arg(QDir::toNativeSeparators(path)));
    m_readableExport->start(path);
}

void MainWindow::openBackups(bool newestSelected)
{
    BackupsDialog dialog(m_desk.backups(), this);
    if (newestSelected) {
        connect(&m_desk.backups(), &BackupService::listed, &dialog, [&dialog] { dialog.selectNewestUsable(); });
    }
    dialog.exec();
}

void MainWindow::createActions()
{
    auto add = [this](QMenu *menu, const QString &text, const QKeySequence &shortcut, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WindowShortcut);
        if (!shortcut.isEmpty())
            action->setToolTip(
                u"%1 (%2)"_s.arg(QString(text).remove(u'&'), shortcut.toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        menu->addAction(action);
        addAction(action);
        return action;
    };

    QMenu *file = menuBar()->addMenu(tr("&File"));
    add(file, tr("&New ticket…"), QKeySequence::New, [this] { newTicket(); })->setObjectName(u"newTicketAction"_s);
    file->addSeparator();
    add(file, tr("&Connect to a team server…"), {}, [this] { connectToServer(); })->setObjectName(u"connectAction"_s);
    add(file, tr("&Work alone (leave the team server)"), {}, [this] {
        m_settings.remove(u"team/url"_s);
        saveState();
        Q_EMIT restartRequested({}, {});
    })->setObjectName(u"leaveTeamAction"_s);
    file->addSeparator();
    add(file, tr("&Backups…"), {}, [this] { openBackups(); })->setObjectName(u"backupsAction"_s);
    file->addSeparator();
    add(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu *ticket = menuBar()->addMenu(tr("&Ticket"));
    add(ticket, tr("&Go to ticket…"), QKeySequence(Qt::CTRL | Qt::Key_G), [this] {
        goToTicket();
    })->setObjectName(u"goToTicketAction"_s);
    add(ticket, tr("&Take (assign to me)"), QKeySequence(Qt::CTRL | Qt::Key_T),
        [this] { m_conversation->takeTicket(); });
    add(ticket, tr("&Reply"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] {
        m_conversation->composer()->setNote(false);
        m_conversation->composer()->editor()->setFocus();
    });
    add(ticket, tr("Internal &note"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] {
        m_conversation->composer()->setNote(true);
        m_conversation->composer()->editor()->setFocus();
    });
    add(ticket, tr("&Send"), QKeySequence(Qt::CTRL | Qt::Key_Return), [this] {
        m_conversation->composer()->send();
    })->setObjectName(u"sendAction"_s);
    add(ticket, tr("Insert &canned answer…"), QKeySequence(Qt::CTRL | Qt::Key_K),
        [this] { m_conversation->composer()->showCannedAnswerMenu(); });
    add(ticket, tr("&Attach file…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
        [this] { m_conversation->composer()->chooseAttachment(); });
    ticket->addSeparator();
    add(ticket, tr("&Escalate…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
        m_conversation->escalate();
    })->setObjectName(u"escalateAction"_s);
    add(ticket, tr("S&olve…"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
        m_conversation->solve();
    })->setObjectName(u"solveAction"_s);
    add(ticket, tr("&Merge into…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), [this] {
        m_conversation->merge();
    })->setObjectName(u"mergeAction"_s);
    m_reassignAction =
        add(ticket, tr("&Reassign…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] { reassignSelected(); });
    m_reassignAction->setObjectName(u"reassignAction"_s);
    ticket->addSeparator();
    add(ticket, tr("Change &status"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), [this] {
        m_conversation->statusBox()->setFocus();
        m_conversation->statusBox()->showPopup();
    });
    add(ticket, tr("Change &priority"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), [this] {
        m_conversation->priorityBox()->setFocus();
        m_conversation->priorityBox()->showPopup();
    });
    add(ticket, tr("Change cate&gory"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), [this] {
        m_conversation->categoryBox()->setFocus();
        m_conversation->categoryBox()->showPopup();
    });
    add(ticket, tr("Add &tag"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
        [this] { m_conversation->tagEditor()->input()->setFocus(); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    add(view, tr("&Search"), QKeySequence::Find, [this] {
        m_list->searchField()->setFocus();
        m_list->searchField()->selectAll();
    });
    add(view, tr("Ticket &list"), QKeySequence(Qt::CTRL | Qt::Key_L), [this] { m_list->table()->setFocus(); });
    add(view, tr("&Next ticket"), QKeySequence(Qt::ALT | Qt::Key_Down), [this] { m_list->selectAdjacent(1); });
    add(view, tr("&Previous ticket"), QKeySequence(Qt::ALT | Qt::Key_Up), [this] { m_list->selectAdjacent(-1); });
    m_customerAction =
        add(view, tr("&Customer information"), QKeySequence(Qt::CTRL | Qt::Key_I), [this] { toggleCustomer(); });
    m_customerAction->setObjectName(u"customerAction"_s);
    m_customerAction->setCheckable(true);
    m_foldAction = add(view, tr("Customer information in a &tab"), QKeySequence(), [this] { updateFold(); });
    m_foldAction->setObjectName(u"foldCustomerAction"_s);
    m_foldAction->setCheckable(true);
    m_foldAction->setToolTip(tr("Show the customer as a tab beside the conversation, leaving the ticket list "
                                "more room; narrow windows do this by themselves"));
    add(view, tr("Sa&ve the current view…"), QKeySequence(), [this] {
        m_list->askToSaveView();
    })->setObjectName(u"saveViewAction"_s);
    m_boardAction = add(view, tr("Supervisor &board"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
                        [this] { openSupervisorBoard(); });
    m_boardAction->setObjectName(u"boardAction"_s);
    m_reportsAction =
        add(view, tr("&Reports…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this] { openReports(); });
    m_reportsAction->setObjectName(u"reportsAction"_s);
    view->addSeparator();
    const QList<TicketFilter::View> views = TicketFilter::allViews();
    for (int i = 0; i < views.size(); ++i) {
        const TicketFilter::View v = views[i];
        add(view, TicketFilter::viewLabel(v), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)),
            [this, v] { m_list->setView(v); });
    }

    QMenu *tools = menuBar()->addMenu(tr("T&ools"));
    add(tools, tr("&Canned answers…"), QKeySequence(), [this] {
        CannedAnswersDialog dialog(m_desk, this);
        dialog.exec();
    });
    m_channelsAction = add(tools, tr("C&hannels…"), QKeySequence(), [this] { openChannels(); });
    m_channelsAction->setObjectName(u"channelsAction"_s);
    add(tools, tr("&Archive closed tickets…"), QKeySequence(), [this] {
        ArchiveDialog dialog(m_desk, this);
        dialog.exec();
    })->setObjectName(u"archiveAction"_s);
    add(tools, tr("C&lassification rules…"), QKeySequence(), [this] {
        RulesDialog dialog(m_desk, this);
        dialog.exec();
    })->setObjectName(u"rulesAction"_s);
    add(tools, tr("&Business hours…"), QKeySequence(), [this] {
        BusinessHoursDialog dialog(m_desk.store(), this);
        dialog.exec();
    });
    add(tools, tr("Service &targets…"), QKeySequence(), [this] {
        SlaPolicyDialog dialog(m_desk.store(), this);
        dialog.exec();
    })->setObjectName(u"slaPolicyAction"_s);
    add(tools, tr("Close &solved tickets after…"), QKeySequence(), [this] { chooseAutoCloseDays(); });
    add(tools, tr("Send satisfaction s&urveys after…"), QKeySequence(), [this] { chooseSurveyDelay(); });
    add(tools, tr("&Phone region…"), QKeySequence(), [this] {
        choosePhoneRegion();
    })->setObjectName(u"phoneRegionAction"_s);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    add(help, tr("&About Deskline"), QKeySequence(), [this] {
        QMessageBox::about(this, tr("About Deskline"),
                           tr("<h3>Deskline %1</h3><p>A desktop console for customer-support agents.</p>"
                              "<p>Store: %2</p><p>Licensed under the GNU GPL, version 3 or later.</p>")
                               .arg(QCoreApplication::applicationVersion(), m_desk.storePath().toHtmlEscaped()));
    });
}

void MainWindow::restoreState()
{
    if (!restoreGeometry(m_settings.value(geometryKey).toByteArray())) {
        // A first start fills a small laptop screen rather than running off its edges.
        const QSize available = screen() ? screen()->availableSize() : QSize(1600, 900);
        resize(QSize(1600, 900).boundedTo(available));
    }
    QMainWindow::restoreState(m_settings.value(windowStateKey).toByteArray());
    m_wideState = m_settings.value(splitterKey).toByteArray();
    m_foldedState = m_settings.value(splitterFoldedKey).toByteArray();
    m_customerHidden = m_settings.value(customerHiddenKey, false).toBool();
    m_foldAction->setChecked(m_settings.value(customerFoldedKey, false).toBool());
    m_customer->setVisible(!m_customerHidden);
    if (!m_splitter->restoreState(m_wideState))
        m_splitter->setSizes(defaultWideSizes);
    m_list->restoreState(m_settings.value(listKey).toByteArray());
}

void MainWindow::saveState()
{
    m_conversation->composer()->saveDraftNow();
    if (isVisible())
        (m_folded ? m_foldedState : m_wideState) = m_splitter->saveState();
    m_settings.setValue(geometryKey, saveGeometry());
    m_settings.setValue(windowStateKey, QMainWindow::saveState());
    m_settings.setValue(splitterKey, m_wideState);
    m_settings.setValue(splitterFoldedKey, m_foldedState);
    m_settings.setValue(customerHiddenKey, m_customerHidden);
    m_settings.setValue(customerFoldedKey, m_foldAction->isChecked());
    m_settings.setValue(listKey, m_list->saveState());
    m_settings.sync();
}

int MainWindow::foldWidth() const
{
    // The list with its columns and a subject that still reads, a conversation and the customer's
    // tables: below what the three need side by side, the customer steps aside into a tab.
    const QHeaderView *header = m_list->table()->horizontalHeader();
    int columns = 0;
    for (int c = 0; c < header->count(); ++c) {
        if (c != TicketListModel::SubjectColumn && !header->isSectionHidden(c))
            columns += header->sectionSize(c);
    }
    const int em = fontMetrics().horizontalAdvance(u'M');
    const int list =
        std::max(m_list->minimumSizeHint().width(), m_list->viewList()->maximumWidth() + columns + 16 * em);
    return list + m_conversation->minimumSizeHint().width() + m_customer->minimumSizeHint().width() +
           2 * m_splitter->handleWidth();
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    if (!m_restoring)
        updateFold();
}

void MainWindow::updateFold()
{
    const bool fold = m_foldAction->isChecked() || width() < foldWidth();
    const bool inColumn = m_customer->parentWidget() == m_splitter;
    m_folded = fold;
    if (fold != inColumn) { // where it belongs already
        syncCustomerAction();
        return;
    }
    // Each layout keeps its own column widths; before the window is first shown they are the
    // saved ones still, not yet laid out.
    if (isVisible())
        (inColumn ? m_wideState : m_foldedState) = m_splitter->saveState();
    QTabWidget *tabs = m_conversation->views();
    if (fold) {
        tabs->addTab(m_customer, QString());
        retranslate();
        // A wider window gives its room to the list, whose subjects need it most.
        m_splitter->setStretchFactor(0, 1);
        m_splitter->setStretchFactor(1, 0);
        if (!m_splitter->restoreState(m_foldedState)) {
            // What the list gains is the subject's: the conversation keeps little more than it needs.
            const int conversation =
                std::max(m_conversation->minimumSizeHint().width(), 44 * fontMetrics().horizontalAdvance(u'M'));
            m_splitter->setSizes({std::max(1, width() - conversation - m_splitter->handleWidth()), conversation});
        }
    } else {
        m_splitter->addWidget(m_customer);
        m_splitter->setStretchFactor(0, 5);
        m_splitter->setStretchFactor(1, 4);
        m_splitter->setStretchFactor(2, 2);
        // Shown before the sizes are set: the splitter gives a hidden column none.
        m_customer->setVisible(!m_customerHidden);
        if (!m_splitter->restoreState(m_wideState))
            m_splitter->setSizes(defaultWideSizes);
    }
    syncCustomerAction();
}

void MainWindow::toggleCustomer()
{
    QTabWidget *tabs = m_conversation->views();
    const bool showing = m_folded ? tabs->currentWidget() == m_customer : m_customer->isVisible();
    if (m_folded) {
        tabs->setCurrentIndex(showing ? 0 : tabs->indexOf(m_customer));
    } else {
        m_customerHidden = showing;
        m_customer->setVisible(!showing);
    }
    if (!showing && m_customer->ticketsView()->isVisible())
        m_customer->ticketsView()->setFocus(Qt::ShortcutFocusReason);
    syncCustomerAction();
}

void MainWindow::syncCustomerAction()
{
    if (!m_customerAction)
        return;
    const QSignalBlocker quiet(m_customerAction);
    m_customerAction->setChecked(m_folded ? m_conversation->views()->currentWidget() == m_customer : !m_customerHidden);
}

void MainWindow::retranslate()
{
    QTabWidget *tabs = m_conversation->views();
    if (const int tab = tabs->indexOf(m_customer); tab >= 0) {
        tabs->setTabText(tab, tr("Customer"));
        tabs->setTabToolTip(tab, tr("Who wrote this ticket, their orders, devices and earlier tickets (Ctrl+I)"));
    }
    m_list->setAccessibleName(tr("Ticket list"));
    m_conversation->setAccessibleName(tr("Conversation"));
}

MainWindow::~MainWindow()
{
    // The last counted minutes are saved while the window is whole: a failure is reported in its
    // status bar, which is gone once the children are being deleted.
    m_timeTracker->setActive(false);
    disconnect(m_timeTracker, nullptr, this, nullptr);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_timeTracker->setActive(false); // what ran is saved before the window goes
    saveState();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        updateTitle();
        retranslate();
    }
    if (event->type() == QEvent::ActivationChange)
        m_timeTracker->setActive(isActiveWindow());
    QMainWindow::changeEvent(event);
}

bool MainWindow::reassignSelected()
{
    const QList<qint64> tickets = m_list->selectedTicketIds();
    if (tickets.isEmpty())
        return false;
    ReassignDialog dialog(m_desk, tickets, this);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    statusBar()->showMessage(tr("%n ticket(s) reassigned.", nullptr, int(tickets.size())), 6000);
    return true;
}

SupervisorBoard *MainWindow::openSupervisorBoard()
{
    if (!m_desk.directory().signedInAsManager()) {
        statusBar()->showMessage(tr("The supervisor board is for supervisors and administrators."), 10000);
        return nullptr;
    }
    if (!m_board) {
        m_board = new SupervisorBoard(m_desk.store(), m_clock, this);
        if (m_agentsOnline)
            m_board->agentModel()->setOnline(*m_agentsOnline);
        m_board->agentModel()->setAway(m_agentsAway);
    }
    m_board->show();
    m_board->raise();
    m_board->activateWindow();
    return m_board;
}

ReportsWindow *MainWindow::openReports()
{
    if (!m_desk.directory().signedInAsManager()) {
        statusBar()->showMessage(tr("Reports are for supervisors and administrators."), 10000);
        return nullptr;
    }
    if (!m_reports)
        m_reports = new ReportsWindow(m_desk, m_clock, this);
    m_reports->show();
    m_reports->raise();
    m_reports->activateWindow();
    return m_reports;
}

bool MainWindow::openChannels()
{
    ChannelService channels(m_desk.store());
    if (!channels.checkAllowed()) {
        statusBar()->showMessage(channels.errorString(), 10000);
        return false;
    }
    if (m_desk.directory().teamMode() && !m_teamMailboxes) {
        // A team desk that is not syncing (yet) has no server to ask.
        QMessageBox::information(this, tr("Channels"),
                                 tr("The team's mailboxes are on its server, and this desk is not connected to it. "
                                    "Open Deskline with the team's server to manage them, or use\n\n"
                                    "deskctl channel add-mailbox --url postgresql://LOGIN@SERVER/DATABASE …"));
        return false;
    }
    ChannelsDialog dialog(m_desk, m_desk.directory().teamMode() ? m_teamMailboxes : nullptr, this);
    connect(&dialog, &ChannelsDialog::mailboxesChanged, this, &MainWindow::mailboxesChanged);
    dialog.exec();
    return true;
}

void MainWindow::updateTitle()
{
    const auto me = m_desk.directory().currentAgent();
    // Only the roles that may open the board see it offered.
    m_boardAction->setVisible(m_desk.directory().signedInAsManager());
    m_reportsAction->setVisible(m_desk.directory().signedInAsManager());
    m_reassignAction->setVisible(m_desk.directory().signedInAsManager());
    m_channelsAction->setEnabled(m_desk.directory().signedInAsManager());
    m_agentLabel->setText(me ? tr("Signed in as %1").arg(me->name) : tr("No agent signed in"));
    setWindowTitle(tr("Deskline — %1").arg(m_serverLabel.isEmpty() ? m_desk.storePath() : m_serverLabel));
}

void MainWindow::attachBackgroundJobs(BackgroundJobs *jobs)
{
    m_jobs = jobs;
    connect(jobs, &BackgroundJobs::ticketsClosed, this, [this](int count) {
        statusBar()->showMessage(tr("%n solved ticket(s) closed automatically.", nullptr, count), 8000);
    });
    connect(jobs, &BackgroundJobs::closingFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Closing solved tickets failed: %1").arg(message), 15000);
    });
    connect(jobs, &BackgroundJobs::surveysSent, this, [this](int count) {
        statusBar()->showMessage(tr("%n satisfaction survey(s) sent.", nullptr, count), 8000);
    });
    connect(jobs, &BackgroundJobs::surveysFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Sending satisfaction surveys failed: %1").arg(message), 15000);
    });
    // Deadlines of my tickets: a desktop notification where there is a tray, the status bar elsewhere.
    connect(jobs, &BackgroundJobs::deadlineAlert, this,
            [this](qint64 ticketId, SlaWatcher::Alert kind, const QString &text) {
                m_alertTicket = ticketId;
                const bool overdue = kind == SlaWatcher::Alert::Overdue;
                if (m_tray)
                    m_tray->showMessage(overdue ? tr("Deadline passed") : tr("Deadline near"), text,
                                        overdue ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning, 15000);
                statusBar()->showMessage(text, 15000);
            });
}

void MainWindow::attachMailGateway(MailGatewayRunner *gateway)
{
    connect(gateway, &MailGatewayRunner::failed, this, [this](const QString &problem) {
        statusBar()->showMessage(tr("The email gateway stopped: %1").arg(problem), 15000);
    });
    connect(gateway, &MailGatewayRunner::senderHeld, this, &MainWindow::tellSenderHeld);
}

void MainWindow::tellSenderHeld(const QString &mailboxName, const QString &sender, const QString &detail)
{
    if (!m_desk.directory().signedInAsManager())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto told = m_heldToldAt.constFind(sender);
    if (told != m_heldToldAt.cend() && told->secsTo(now) < 15 * 60)
        return;
    m_heldToldAt.insert(sender, now);
    const QString text = tr("Mail from %1 to \"%2\" is held. %3 It opens no ticket and is not answered; it is kept "
                            "aside.")
                             .arg(sender, mailboxName, detail);
    m_alertTicket = 0;
    if (m_tray)
        m_tray->showMessage(tr("Mail held"), text, QSystemTrayIcon::Warning, 15000);
    statusBar()->showMessage(text, 30000);
}

void MainWindow::attachSync(SyncEngine *engine, const QString &serverLabel)
{
    m_serverLabel = serverLabel;
    m_teamMailboxes = new TeamMailboxes(engine->address(), this);
    m_damage->setTeamMode(true);
    if (m_desk.isDamaged())
        m_damage->setProblem(m_desk.storePath(), m_desk.damage());
    m_syncStatus = new SyncStatusWidget(this);
    statusBar()->insertPermanentWidget(0, m_syncStatus);
    connect(engine, &SyncEngine::statusChanged, this, [this](const SyncStatus &status) {
        m_syncStatus->setStatus(status);
        // A new desk learns who its agent is from the server on the first connection.
        if (m_desk.directory().currentAgentId() == 0 && status.state == SyncStatus::State::Online &&
            m_desk.directory().signInAsDeskAgent())
            updateTitle();
    });
    connect(engine, &SyncEngine::initialSyncProgress, m_syncStatus, &SyncStatusWidget::setInitialProgress);
    connect(engine, &SyncEngine::senderHeld, this, &MainWindow::tellSenderHeld);
    // The team's telephone system said this desk's agent answered a call: its card pops here.
    connect(engine, &SyncEngine::callAnswered, this, [this](qint64 ticketId) {
        const auto call = m_desk.calls().trackTeamCall(ticketId);
        if (!call) {
            statusBar()->showMessage(m_desk.calls().errorString(), 15000);
            return;
        }
        showCall(call->id);
    });
    connect(engine, &SyncEngine::callEnded, this, [this](qint64 ticketId, qint64 durationMs) {
        const auto call = m_desk.calls().endTeamCall(ticketId, durationMs);
        if (!call)
            return;
        for (CallCard *card : callCards()) {
            if (card->callId() == call->id)
                card->refreshCall();
        }
    });
    connect(engine, &SyncEngine::copiedAgain, this, [this](int draftsKept, int draftsLost) {
        QString text = tr("This desk copied the team's tickets from the server again: it had been away longer than "
                          "the server keeps changes, or the server was restored from a backup. Replies not yet sent "
                          "went up first. %n draft(s) kept.",
                          nullptr, draftsKept);
        if (draftsLost > 0)
            text += u' ' + tr("%n draft(s) belonged to tickets the server no longer has.", nullptr, draftsLost);
        statusBar()->showMessage(text, 60000);
    });
    connect(engine, &SyncEngine::agentsOnlineChanged, this, [this](const QList<qint64> &agents) {
        m_agentsOnline = agents;
        if (m_board)
            m_board->agentModel()->setOnline(agents);
    });
    connect(engine, &SyncEngine::agentsAwayChanged, this, [this](const QList<qint64> &agents) {
        m_agentsAway = agents;
        if (m_board)
            m_board->agentModel()->setAway(agents);
    });
    // Nobody at the keyboard for a while: the team sees this agent away.
    if (!m_idle)
        m_idle = new IdleWatcher(this);
    connect(m_idle, &IdleWatcher::awayChanged, engine, &SyncEngine::setAway);
    connect(engine, &SyncEngine::mutationRejected, this,
            [this](qint64, const QString &mutation, const QString &reason, const QString &) {
                statusBar()->showMessage(
                    tr("%1: %2").arg(SyncIssue::actionText(mutation), SyncIssue::reasonText(reason)), 10000);
            });
    connect(engine, &SyncEngine::fieldOverwritten, this,
            [this](qint64 ticketId, const QString &field, const QString &byName) {
                const auto ticket = m_desk.tickets().ticket(ticketId);
                if (!ticket)
                    return;
                const QString message = field == u"priority"
                                            ? tr("%1 changed the priority of %2 after you: it is %3 now.")
                                                  .arg(byName, ticket->displayId(), fieldLabel(ticket->priority))
                                            : tr("%1 changed the category of %2 after you: it is %3 now.")
                                                  .arg(byName, ticket->displayId(), fieldLabel(ticket->category));
                statusBar()->showMessage(message, 15000);
            });
    // Colleagues see which ticket this desk has open and when its agent types there.
    // setFocus hands itself over to the engine's thread. The engine may go before the window
    // (at exit), hence the guarded pointer.
    connect(m_list, &TicketListPane::currentTicketChanged, this, [engine = QPointer(engine)](qint64 ticket) {
        if (engine)
            engine->setFocus(ticket, false);
    });
    connect(m_conversation->composer(), &ComposerWidget::typingChanged, this,
            [this, engine = QPointer(engine)](bool typing) {
                if (engine)
                    engine->setFocus(m_conversation->ticketId(), typing);
            });
    connect(engine, &SyncEngine::presenceChanged, m_conversation, &ConversationPane::setPresence);
    connect(m_conversation, &ConversationPane::conversationIncomplete, this,
            [engine = QPointer(engine)](qint64 ticket) {
                if (engine)
                    engine->fetchConversation(ticket);
            });
    connect(engine, &SyncEngine::conversationFetched, m_conversation, &ConversationPane::reloadConversation);
    // A colleague's files: fetched on the engine's thread, the pane told when they are here.
    connect(m_conversation, &ConversationPane::contentWanted, this, [engine = QPointer(engine)](const QString &sha256) {
        if (engine)
            engine->fetchContent(sha256);
    });
    connect(engine, &SyncEngine::contentFetched, m_conversation, &ConversationPane::contentFetched);
    if (m_conversation->isThreadIncomplete())
        engine->fetchConversation(m_conversation->ticketId());
    engine->setFocus(m_conversation->ticketId(), false);
    connect(m_syncStatus, &SyncStatusWidget::issuesRequested, this, [this] {
        SyncIssuesDialog dialog(m_desk, this);
        connect(&dialog, &SyncIssuesDialog::openTicketRequested, this, [this, &dialog](qint64 ticket) {
            openTicket(ticket);
            dialog.accept();
        });
        dialog.exec();
    });
    updateTitle();
}

void MainWindow::connectToServer()
{
    ConnectionDialog dialog(this);
    QString error;
    if (const auto saved = ServerAddress::fromUrl(m_settings.value(u"team/url"_s).toString(), &error))
        dialog.setAddress(*saved);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ServerAddress address = dialog.address();
    m_settings.setValue(u"team/url"_s, address.toUrl(false));
    auto *vault = new PasswordVault(this);
    auto restart = [this, address] {
        saveState();
        Q_EMIT restartRequested({u"--server"_s, address.toUrl(false)}, address.password);
    };
    if (!dialog.rememberPassword()) {
        vault->forget(address);
        restart();
        return;
    }
    connect(vault, &PasswordVault::passwordWritten, this, [this, restart](const QString &problem) {
        if (!problem.isEmpty())
            QMessageBox::information(this, tr("Password not remembered"), problem);
        restart();
    });
    vault->write(address, address.password);
}

void MainWindow::setBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

bool MainWindow::showSharedSettingUnlessEditable(const QString &title, const QString &current)
{
    if (m_desk.settings().canChange())
        return false;
    QMessageBox::information(this, title, tr("%1\n\nYour team's supervisors set this for every desk.").arg(current));
    return true;
}

void MainWindow::chooseSurveyDelay()
{
    SettingsService &settings = m_desk.settings();
    if (showSharedSettingUnlessEditable(tr("Satisfaction surveys"),
                                        tr("The survey message goes out %n minute(s) after a ticket is solved.",
                                           nullptr, settings.surveyDelayMinutes())))
        return;
    bool ok = false;
    const int minutes = QInputDialog::getInt(
        this, tr("Satisfaction surveys"),
        tr("Send the survey message of an email, social media or web ticket this many minutes after it was "
           "solved:"),
        settings.surveyDelayMinutes(), 0, SettingsService::maxSurveyDelayMinutes, 15, &ok);
    if (ok && !settings.setSurveyDelayMinutes(minutes))
        showError(settings.errorString());
}

void MainWindow::chooseAutoCloseDays()
{
    SettingsService &settings = m_desk.settings();
    const int current = settings.autoCloseDays();
    if (showSharedSettingUnlessEditable(
            tr("Close solved tickets"),
            current == 0 ? tr("Solved tickets are not closed automatically.")
                         : tr("A solved ticket closes %n day(s) after it was solved.", nullptr, current)))
        return;
    bool ok = false;
    const int days = QInputDialog::getInt(
        this, tr("Close solved tickets"),
        tr("Close a solved ticket this many days after it was solved, unless the customer writes again "
           "(0: never):"),
        current, 0, SettingsService::maxAutoCloseDays, 1, &ok);
    if (!ok)
        return;
    if (!settings.setAutoCloseDays(days)) {
        showError(settings.errorString());
        return;
    }
    if (m_jobs)
        m_jobs->runNow(); // what is due under the new setting closes now
}

void MainWindow::onCurrentTicketChanged(qint64 ticketId)
{
    m_conversation->setTicket(ticketId);
    m_timeTracker->setTicket(m_conversation->ticketId());
    const auto ticket = m_conversation->ticket();
    m_customer->setCustomer(ticket ? ticket->customerId : 0, m_conversation->ticketId());
}

void MainWindow::goToTicket()
{
    bool ok = false;
    const QString number = QInputDialog::getText(this, tr("Go to ticket"), tr("Ticket number (T-000123, #123 or 123):"),
                                                 QLineEdit::Normal, QString(), &ok);
    if (!ok || number.trimmed().isEmpty())
        return;
    if (const auto id = m_desk.tickets().findByNumber(number))
        openTicket(*id);
    else
        QMessageBox::information(this, tr("Go to ticket"), tr("There is no ticket %1.").arg(number.trimmed()));
}

void MainWindow::openTicket(qint64 ticketId)
{
    // A ticket outside the current view still opens; the list keeps its place.
    if (!m_list->revealTicket(ticketId))
        onCurrentTicketChanged(ticketId);
}

void MainWindow::selectTicket(qint64 ticketId)
{
    if (m_list->revealTicket(ticketId))
        return;
    const auto ticket = m_desk.tickets().ticket(ticketId);
    m_list->setView(ticket && ticket->archivedAt.isValid() ? TicketFilter::View::Archived : TicketFilter::View::All);
    if (!m_list->revealTicket(ticketId))
        onCurrentTicketChanged(ticketId);
}

void MainWindow::newTicket(const QString &caller)
{
    NewTicketDialog dialog(m_desk, this);
    if (!caller.isEmpty())
        dialog.setCaller(caller);
    if (dialog.exec() == QDialog::Accepted && dialog.createdTicketId() > 0) {
        openTicket(dialog.createdTicketId());
        statusBar()->showMessage(tr("Ticket created."), 4000);
    }
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, 10000);
    QMessageBox::warning(this, tr("Deskline"), message);
}

CallCard *MainWindow::takeCall(const QString &number)
{
    auto *card = new CallCard(m_desk, this);
    connect(card, &CallCard::ticketStarted, this, &MainWindow::selectTicket);
    connect(card, &CallCard::ticketActivated, this, &MainWindow::openTicket);
    if (!card->showNumber(number)) {
        statusBar()->showMessage(card->errorLabel()->text(), 10000);
        delete card;
        return nullptr;
    }
    card->show();
    card->raise();
    card->activateWindow();
    return card;
}

CallCard *MainWindow::showCall(qint64 callId)
{
    for (CallCard *open : callCards()) {
        if (open->callId() == callId) {
            open->refreshCall();
            open->raise();
            return open;
        }
    }
    auto *card = new CallCard(m_desk, this);
    connect(card, &CallCard::ticketActivated, this, &MainWindow::openTicket);
    if (!card->showCall(callId)) {
        delete card;
        return nullptr;
    }
    if (card->ticketId() > 0)
        selectTicket(card->ticketId());
    card->show();
    card->raise();
    card->activateWindow();
    // Someone on the phone is the first thing to attend to: the window comes forward too.
    if (isMinimized())
        showNormal();
    raise();
    activateWindow();
    return card;
}

QList<CallCard *> MainWindow::callCards() const
{
    return findChildren<CallCard *>(QString(), Qt::FindDirectChildrenOnly);
}

void MainWindow::choosePhoneRegion()
{
    const QString current = PhoneNumbers::region(m_settings);
    bool ok = false;
    const QString region =
        QInputDialog::getText(this, tr("Phone region"),
                              tr("Numbers written without a country code are read as numbers of this region (a "
                                 "two-letter code such as CN, HK, US):"),
                              QLineEdit::Normal, current, &ok)
            .trimmed()
            .toUpper();
    if (!ok || region == current)
        return;
    if (!PhoneNumbers::isKnownRegion(region)) {
        showError(tr("\"%1\" is not a region phone numbers know.").arg(region));
        return;
    }
    m_settings.setValue(QLatin1StringView(PhoneNumbers::regionKey), region);
    m_settings.sync();
    statusBar()->showMessage(tr("Phone numbers without a country code are read as %1 numbers.").arg(region), 6000);
}

void MainWindow::attachIntake(IntakeRunner *intake)
{
    connect(intake, &IntakeRunner::failed, this, [this](const QString &problem) {
        statusBar()->showMessage(tr("The HTTP intake stopped: %1").arg(problem), 15000);
    });
    connect(intake, &IntakeRunner::callAnswered, this, [this](qint64 callId, const QString &agentLogin) {
        const auto agent = m_desk.directory().currentAgent();
        if (agent && agent->login == agentLogin)
            showCall(callId);
    });
    connect(intake, &IntakeRunner::callEnded, this, [this](qint64 callId) {
        for (CallCard *card : callCards()) {
            if (card->callId() == callId)
                card->refreshCall();
        }
    });
}
