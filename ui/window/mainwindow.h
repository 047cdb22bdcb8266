#pragma once

#include <QDateTime>
#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <optional>

class CallCard;
class Clock;
class IntakeRunner;
class ConversationPane;
class CustomerPane;
class DamagePanel;
class ReadableExport;
class Desk;
class LocalStore;
class MailGatewayRunner;
class IdleWatcher;
class ReportsWindow;
class SupervisorBoard;
class BackgroundJobs;
class TimeTracker;
class QSystemTrayIcon;
class QLabel;
class QAction;
class QSettings;
class QSplitter;
class SyncEngine;
class TeamMailboxes;
class SyncStatusWidget;
class TicketListPane;

// The agent's window: ticket list, conversation and customer side by side, every
// action in a menu with its shortcut. It only arranges the panes and routes actions;
// the services behind it (sync engine, background jobs) are made and started by the program.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Desk &desk, const Clock &clock, QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    TicketListPane *ticketList() const { return m_list; }
    ConversationPane *conversation() const { return m_conversation; }
    // Opens (or raises) the board; refused, with a word in the status bar, for an agent.
    SupervisorBoard *openSupervisorBoard();
    // Opens (or raises) the reports; refused in the same way for an agent.
    ReportsWindow *openReports();
    // Tools → Channels… (modal); refused, with the service's word in the status bar, for an agent.
    bool openChannels();
    // Ticket > Reassign… for the selected tickets (supervisors); true when they were given away.
    bool reassignSelected();
    TimeTracker *timeTracker() const { return m_timeTracker; }
    // Team mode: tells the sync engine when the agent has left the keyboard.
    IdleWatcher *idleWatcher() const { return m_idle; }
    CustomerPane *customer() const { return m_customer; }
    QSplitter *splitter() const { return m_splitter; }
    // Narrower than this (or when the agent chose so), the customer pane is a tab beside the
    // conversation instead of a third column.
    int foldWidth() const;
    bool isCustomerFolded() const { return m_folded; }
    // View > Customer information (Ctrl+I): shows or hides the pane, or in its tab goes there and back.
    QAction *customerAction() const { return m_customerAction; }
    // View > Customer information in a tab: folded whatever the width.
    QAction *foldAction() const { return m_foldAction; }

    void setBanner(const QString &text);
    // Shown in place of the panes once the store is found damaged (Desk::damaged).
    DamagePanel *damagePanel() const { return m_damage; }
    // File → Backups… (modal); with newestSelected the newest good copy is chosen once listed.
    void openBackups(bool newestSelected = false);
    // The damage panel's export: every ticket that can still be read, as JSON Lines, written on
    // a thread of its own; the panel says how many, and how many could not be read.
    void exportReadable(const QString &path);
    // Team mode: shows the engine's state and refused changes, hands it this desk's
    // changes, and refreshes the panes with what it brings down.
    void attachSync(SyncEngine *engine, const QString &serverLabel);
    // Says what the desk's background jobs did (closed, sent, deadlines near) and shows
    // their writes in the panes; a shorter auto-close delay runs them at once.
    void attachBackgroundJobs(BackgroundJobs *jobs);
    // Says in the status bar when the email gateway running beside the window fails.
    void attachMailGateway(MailGatewayRunner *gateway);
    // A sender flooding a mailbox was held by the gateway: supervisors and administrators are
    // told (a desktop notification, the status bar), once per sender in a quarter of an hour.
    void tellSenderHeld(const QString &mailboxName, const QString &sender, const QString &detail);
    SyncStatusWidget *syncStatus() const { return m_syncStatus; }
    // Ticket > Go to ticket… (Ctrl+G): asks for a number and opens that ticket.
    void goToTicket();
    void openTicket(qint64 ticketId);
    // Opens the ticket and selects its row, in a wider view when the current one leaves it out
    // (deskline --select).
    void selectTicket(qint64 ticketId);
    // Opens the new-ticket dialog, pre-filled with a caller's number when one is given.
    void newTicket(const QString &caller = {});
    void showError(const QString &message);
    void saveState();

    // The phone: the caller's card for a number (a tel: or callto: link, `deskline --call`), the
    // call's ticket started and opened; nullptr, with the reason in the status bar, when the
    // text is no phone number.
    CallCard *takeCall(const QString &number);
    // The card of a call the gateway saw answered at this desk (its ticket made there).
    CallCard *showCall(qint64 callId);
    // The cards open now, oldest first.
    QList<CallCard *> callCards() const;
    // Tools → Phone region…: the region of numbers written without a country code.
    void choosePhoneRegion();
    // A desk on its own: the HTTP intake running beside the window (web forms, call events); a
    // call answered by this desk's agent pops its card, and what it writes shows at once.
    void attachIntake(IntakeRunner *intake);

Q_SIGNALS:
    // Another server or none: the program starts again with these arguments (the password
    // goes by environment); the window has saved its state and closes once it was started.
    void restartRequested(const QStringList &arguments, const QString &password);
    // A mailbox was added or removed in Tools → Channels…: the program starts or tells its gateway.
    void mailboxesChanged();
    // Team mode, the store damaged: the program closes, rebuilds the local copy from the
    // server (TeamRebuild) and starts again.
    void rebuildRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void retranslate();
    // Puts the customer pane where the width and the agent's choice say.
    void updateFold();
    void toggleCustomer();
    void syncCustomerAction();
    void restoreState();
    void updateTitle();
    void connectToServer();
    void onCurrentTicketChanged(qint64 ticketId);
    void chooseAutoCloseDays();
    // For an agent who may not change a team setting: says what it is instead (true then).
    bool showSharedSettingUnlessEditable(const QString &title, const QString &current);
    void chooseSurveyDelay();
    void showDamage(const QString &problem);

    Desk &m_desk;
    const Clock &m_clock;
    QSettings &m_settings;
    QLabel *m_banner;
    DamagePanel *m_damage;
    ReadableExport *m_readableExport = nullptr;
    QSplitter *m_splitter;
    TicketListPane *m_list;
    ConversationPane *m_conversation;
    CustomerPane *m_customer;
    QLabel *m_agentLabel;
    SyncStatusWidget *m_syncStatus = nullptr;
    QAction *m_boardAction = nullptr;
    QAction *m_reassignAction = nullptr;
    QAction *m_reportsAction = nullptr;
    QAction *m_channelsAction = nullptr;
    QAction *m_customerAction = nullptr;
    QAction *m_foldAction = nullptr;
    bool m_folded = false;
    bool m_customerHidden = false; // the agent closed the customer column (Ctrl+I)
    bool m_restoring = true;       // the saved layout is not applied yet
    QByteArray m_wideState;        // the splitter with three columns
    QByteArray m_foldedState;      // and with two
    QPointer<ReportsWindow> m_reports;
    QPointer<SupervisorBoard> m_board;
    std::optional<QList<qint64>> m_agentsOnline; // team mode: the desks connected now
    QList<qint64> m_agentsAway;                  // of those, the agents away from their desk
    IdleWatcher *m_idle = nullptr;
    TimeTracker *m_timeTracker;
    QPointer<BackgroundJobs> m_jobs;
    QSystemTrayIcon *m_tray = nullptr;      // where the desktop has one
    qint64 m_alertTicket = 0;               // what clicking the last notification opens
    QHash<QString, QDateTime> m_heldToldAt; // sender → when a supervisor was last told
    QString m_serverLabel;
    // The team's mailboxes on the server (Tools → Channels… on a team desk), once attachSync told where.
    TeamMailboxes *m_teamMailboxes = nullptr;
};
