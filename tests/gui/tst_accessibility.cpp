// What a screen reader meets: every control of the window and of its dialogs has a name, list
// rows and messages say what they show, and Tab walks the panes in the order they are on screen.
#include "archivedialog.h"
#include "backupsdialog.h"
#include "backupservice.h"
#include "backupstore.h"
#include "businesshoursdialog.h"
#include "callcard.h"
#include "cannedanswersdialog.h"
#include "catchcompat.h"
#include "composerwidget.h"
#include "connectiondialog.h"
#include "conversationmodel.h"
#include "conversationpane.h"
#include "customerpane.h"
#include "damagepanel.h"
#include "desk.h"
#include "escalationdialog.h"
#include "mailfacts.h"
#include "mailviewdialog.h"
#include "mainwindow.h"
#include "mergedialog.h"
#include "newticketdialog.h"
#include "reassigndialog.h"
#include "reportswindow.h"
#include "resolvedialog.h"
#include "rulesdialog.h"
#include "slapolicydialog.h"
#include "storedamage.h"
#include "supervisorboard.h"
#include "syncissuesdialog.h"
#include "teststore.h"
#include "ticketlistmodel.h"
#include "ticketlistpane.h"
#include "timedialog.h"

#include <QAccessible>
#include <QApplication>
#include <QListView>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <functional>

namespace {

bool isInteractive(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::Dial:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::ButtonDropGrid:
    case QAccessible::List:
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::TreeItem:
    case QAccessible::PageTabList:
    case QAccessible::PageTab:
    case QAccessible::Link:
    case QAccessible::MenuItem:
        return true;
    default:
        return false;
    }
}

// Rows and cells are the models' business (checked below); their views are walked, not them.
bool holdsItems(QAccessible::Role role)
{
    return role == QAccessible::List || role == QAccessible::Table || role == QAccessible::Tree;
}

QString describe(QAccessibleInterface *iface)
{
    QString path;
    for (QObject *o = iface->object(); o; o = o->parent()) {
        const QString name =
            o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className()) : o->objectName();
        path = path.isEmpty() ? name : name + QLatin1Char('/') + path;
    }
    return QStringLiteral("%1 (role 0x%2)").arg(path).arg(int(iface->role()), 0, 16);
}

// Every interactive element under root, named or not: the ones without a name come back.
QStringList unnamed(QWidget *root)
{
    QStringList problems;
    std::function<void(QAccessibleInterface *, int)> walk = [&](QAccessibleInterface *iface, int depth) {
        if (!iface || depth > 60)
            return;
        const QAccessible::Role role = iface->role();
        if (isInteractive(role) && iface->text(QAccessible::Name).trimmed().isEmpty())
            problems << describe(iface);
        // A combo box's popup list and line edit are parts of it, announced under its name.
        if (holdsItems(role) || role == QAccessible::ComboBox)
            return;
        for (int i = 0; i < iface->childCount(); ++i)
            walk(iface->child(i), depth + 1);
    };
    walk(QAccessible::queryAccessibleInterface(root), 0);
    return problems;
}

void requireAllNamed(QWidget *root)
{
    root->show();
    QCoreApplication::processEvents();
    const QStringList problems = unnamed(root);
    INFO(problems.join(QLatin1Char('\n')).toStdString());
    CHECK(problems.isEmpty());
}

struct Window {
    explicit Window(TestStore &t)
        : settings(t.dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat)
        , desk(*t.store)
        , window(desk, t.clock, settings)
    {
        window.resize(1800, 1000); // the customer in its column
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
    }
    QSettings settings;
    Desk desk;
    MainWindow window;
};

qint64 ticketWithTags(TestStore &t)
{
    for (qint64 id = 1; id < 200; ++id) {
        const auto ticket = t.store->ticket(id);
        if (ticket && !ticket->tags.isEmpty() && ticket->status == TicketStatus::Open)
            return id;
    }
    return 1;
}

} // namespace

TEST_CASE("Every control of the main window has an accessible name", "[gui][a11y]")
{
    TestStore t(120, 4);
    Window w(t);
    REQUIRE(w.window.ticketList()->revealTicket(ticketWithTags(t)));
    QCoreApplication::processEvents();
    requireAllNamed(&w.window);

    // Folded into a tab on a small screen, still every one.
    w.window.resize(1280, 720);
    QCoreApplication::processEvents();
    REQUIRE(w.window.isCustomerFolded());
    requireAllNamed(&w.window);
}

TEST_CASE("Every control of the dialogs has an accessible name", "[gui][a11y][dialogs]")
{
    TestStore t(120, 3);
    t.signInAsSupervisor();
    Desk desk(*t.store);
    const qint64 ticket = ticketWithTags(t);
    {
        EscalationDialog dialog(desk, ticket);
        requireAllNamed(&dialog);
    }
    {
        ResolveDialog dialog(desk, ticket);
        requireAllNamed(&dialog);
    }
    {
        TimeDialog dialog(desk, ticket);
        requireAllNamed(&dialog);
    }
    {
        MergeDialog dialog(desk, ticket);
        requireAllNamed(&dialog);
    }
    {
        CannedAnswersDialog dialog(desk);
        requireAllNamed(&dialog);
    }
    {
        NewTicketDialog dialog(desk);
        requireAllNamed(&dialog);
    }
    for (const QString &number : {QStringLiteral("+86 139 1234 5678"), QStringLiteral("+86 138 0000 0001")}) {
        // An unknown caller (the new-customer form) and a known one (open tickets, timer, End call).
        if (number.endsWith(QStringLiteral("0001")))
            t.addTicket(t.addCustomer(QStringLiteral("张伟"), number), QStringLiteral("无法登录"));
        const std::unique_ptr<CallCard> card(new CallCard(desk));
        REQUIRE(card->showNumber(number));
        requireAllNamed(card.get());
    }
    {
        ArchiveDialog dialog(desk);
        requireAllNamed(&dialog);
    }
    {
        ReassignDialog dialog(desk, {ticket});
        requireAllNamed(&dialog);
    }
    {
        RulesDialog dialog(desk);
        requireAllNamed(&dialog);
    }
    {
        BusinessHoursDialog dialog(*t.store);
        requireAllNamed(&dialog);
    }
    {
        SlaPolicyDialog dialog(*t.store);
        requireAllNamed(&dialog);
    }
    {
        ConnectionDialog dialog;
        requireAllNamed(&dialog);
    }
    {
        SyncIssuesDialog dialog(desk);
        requireAllNamed(&dialog);
    }
    {
        // With two copies listed, one of them damaged.
        BackupStore backups(t.path());
        REQUIRE(backups.take(BackupInfo::Kind::Daily, t.clock.now()));
        const auto damaged = backups.take(BackupInfo::Kind::Manual, t.clock.now().addSecs(60));
        REQUIRE(damaged);
        damageMiddle(damaged->path);
        BackupsDialog dialog(desk.backups());
        QSignalSpy listed(&desk.backups(), &BackupService::listed);
        REQUIRE((listed.count() > 0 || listed.wait(20000)));
        requireAllNamed(&dialog);
    }
    {
        DamagePanel panel;
        panel.setProblem(t.path(), QStringLiteral("database disk image is malformed"));
        requireAllNamed(&panel);
        panel.setTeamMode(true);
        requireAllNamed(&panel);
    }
    {
        MailFacts mail;
        mail.sender = QStringLiteral("customer@example.test");
        mail.recipients = {QStringLiteral("support@example.test")};
        mail.html = QStringLiteral("<p>Hello, 订单 DL2026 <img src=\"https://example.test/a.png\"></p>");
        mail.hasHtml = true;
        mail.remoteImages = {QStringLiteral("https://example.test/a.png")};
        MailViewDialog dialog(mail);
        requireAllNamed(&dialog);
    }
    {
        SupervisorBoard board(*t.store, t.clock);
        requireAllNamed(&board);
    }
    {
        // With its charts and tables, worked out off the window's thread.
        ReportsWindow reports(desk, t.clock);
        QSignalSpy shown(&reports, &ReportsWindow::reportShown);
        reports.show();
        reports.setPeriod(ReportsWindow::Period::Last12Months);
        REQUIRE(shown.wait(20000));
        requireAllNamed(&reports);
    }
}

TEST_CASE("List rows and messages tell assistive technology what they show", "[gui][a11y]")
{
    TestStore t(60, 3);
    Window w(t);
    QTableView *table = w.window.ticketList()->table();
    REQUIRE(table->model()->rowCount() > 0);
    const qint64 id = w.window.ticketList()->model()->ticketIdAt(0);
    const auto ticket = t.store->ticket(id);
    REQUIRE(ticket);
    w.window.openTicket(id);

    QAccessibleInterface *list = QAccessible::queryAccessibleInterface(table);
    REQUIRE(list);
    REQUIRE(list->tableInterface());
    QAccessibleInterface *cell = list->tableInterface()->cellAt(0, TicketListModel::SubjectColumn);
    REQUIRE(cell);
    CHECK(cell->text(QAccessible::Name) == ticket->subject);
    const QString row = cell->text(QAccessible::Description);
    CHECK(row.contains(ticket->displayId()));
    CHECK(row.contains(ticket->subject));
    CHECK(row.contains(fieldLabel(ticket->status)));

    QListView *thread = w.window.conversation()->thread();
    QAccessibleInterface *messages = QAccessible::queryAccessibleInterface(thread);
    REQUIRE(messages);
    REQUIRE(messages->tableInterface());
    const Message first = t.store->messages(id).first();
    QAccessibleInterface *bubble = messages->tableInterface()->cellAt(0, 0);
    REQUIRE(bubble);
    const QString said = bubble->text(QAccessible::Name);
    CHECK(said.contains(first.authorName));
    CHECK(said.contains(first.body));
    CHECK(said.contains(QLocale().toString(first.createdAt.toLocalTime(), QLocale::ShortFormat)));
    CHECK_FALSE(bubble->text(QAccessible::Description).isEmpty());
}

TEST_CASE("Tab walks the ticket list before the conversation and the customer last", "[gui][a11y]")
{
    TestStore t(60, 3);
    Window w(t);
    REQUIRE(w.window.ticketList()->revealTicket(ticketWithTags(t)));
    QCoreApplication::processEvents();
    REQUIRE_FALSE(w.window.isCustomerFolded());
    const QList<QWidget *> panes{w.window.ticketList(), w.window.conversation(), w.window.customer()};
    auto paneOf = [&](QWidget *widget) {
        for (int i = 0; i < int(panes.size()); ++i) {
            if (panes[i] == widget || panes[i]->isAncestorOf(widget))
                return i;
        }
        return -1;
    };
    QWidget *start = w.window.ticketList()->viewList();
    QWidget *at = start;
    QList<int> order;
    QStringList visited;
    for (int step = 0; step < 500; ++step) {
        at = at->nextInFocusChain();
        if (at == start)
            break;
        if (!(at->focusPolicy() & Qt::TabFocus) || !at->isVisibleTo(&w.window) || !at->isEnabled())
            continue;
        const int pane = paneOf(at);
        if (pane < 0)
            continue;
        visited << QStringLiteral("%1:%2").arg(pane).arg(
            at->objectName().isEmpty() ? QString::fromLatin1(at->metaObject()->className()) : at->objectName());
        order << pane;
    }
    INFO(visited.join(QLatin1Char(' ')).toStdString());
    REQUIRE(order.contains(1));
    REQUIRE(order.contains(2));
    CHECK(std::is_sorted(order.cbegin(), order.cend()));
}
