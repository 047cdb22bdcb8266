#include "backgroundjobs.h"
#include "backupsdialog.h"
#include "backupservice.h"
#include "backupstore.h"
#include "catchcompat.h"
#include "composerwidget.h"
#include "conversationservice.h"
#include "damagepanel.h"
#include "desk.h"
#include "mainwindow.h"
#include "storedamage.h"
#include "teststore.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

TEST_CASE("A store with pages overwritten shows what happened instead of empty panes, and saves nothing",
          "[gui][backup][damage]")
{
    TestStore t(60, 4);
    const auto backup = BackupStore(t.path()).take(BackupInfo::Kind::Daily, t.clock.now().addDays(-1));
    REQUIRE(backup);
    t.store->close();
    damageMiddle(t.path());
    REQUIRE(t.store->open(t.path())); // it opens: only the check and the queries find the damage

    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*t.store);
    // Found by the list's first read or by the jobs' check, whichever comes first; told once.
    QSignalSpy damaged(&desk, &Desk::damaged);
    MainWindow window(desk, t.clock, settings);
    window.resize(1366, 768);
    window.show();

    BackgroundJobs jobs(t.path(), t.clock);
    desk.relay(jobs);
    window.attachBackgroundJobs(&jobs);
    jobs.start(false, u"li.na"_s, {});
    REQUIRE((damaged.count() > 0 || damaged.wait(20000)));
    QTRY_VERIFY_WITH_TIMEOUT(window.damagePanel()->isVisible(), 5000);
    CHECK(damaged.count() == 1);
    CHECK(window.damagePanel()->isVisible());
    CHECK(window.splitter()->isHidden());
    CHECK(window.damagePanel()->textLabel()->text().contains(u"cannot be read any more"_s));
    CHECK(window.statusBar()->currentMessage().contains(u"damaged"_s));
    CHECK(desk.isDamaged());
    CHECK_FALSE(t.store->setMetaValue(u"probe"_s, u"1"_s));
    jobs.stop();

    // What can still be read goes out first, as JSON Lines, on a thread of its own.
    const QString exported = t.dir.filePath(u"readable.jsonl"_s);
    window.exportReadable(exported);
    QTRY_VERIFY_WITH_TIMEOUT(window.damagePanel()->statusLabel()->text().contains(u"exported"_s), 20000);
    QFile lines(exported);
    REQUIRE(lines.open(QIODevice::ReadOnly));
    const qsizetype count = lines.readAll().count('\n');
    INFO(window.damagePanel()->statusLabel()->text());
    CHECK(count > 0);
    CHECK(count <= 60);
    CHECK(window.damagePanel()->statusLabel()->text().startsWith(QString::number(count) + u" ticket"_s));

    // Restore the newest good backup…: the dialog opens with it chosen, and the question names the loss.
    QSignalSpy restore(&desk.backups(), &BackupService::restoreRequested);
    bool asked = false;
    QString question;
    QTimer::singleShot(0, &window, [&] {
        auto *dialog = qobject_cast<BackupsDialog *>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        REQUIRE(QTest::qWaitFor([&] { return dialog->restoreButton()->isEnabled(); }, 20000));
        QTimer::singleShot(0, dialog, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            REQUIRE(box);
            question = box->text();
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                    button->click();
            }
        });
        dialog->restoreButton()->click();
        asked = true;
    });
    window.damagePanel()->restoreButton()->click();
    REQUIRE(asked);
    REQUIRE(restore.count() == 1);
    CHECK(restore.first().first().toString() == backup->path);
    CHECK(question.contains(u"with 60 ticket"_s)); // "tickets" once translated, "ticket(s)" before
}

TEST_CASE("A damaged ticket table is found by the list's own read, before any check", "[gui][backup][damage]")
{
    TestStore t(40, 2);
    t.store->close();
    damageTables(t.path(), {u"tickets"_s});
    REQUIRE(t.store->open(t.path()));
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk desk(*t.store);
    QSignalSpy damaged(&desk, &Desk::damaged);
    MainWindow window(desk, t.clock, settings);
    window.resize(1366, 768);
    window.show();
    // No background jobs here: the ticket list's first page is what finds it.
    QTRY_VERIFY_WITH_TIMEOUT(window.damagePanel()->isVisible(), 5000);
    CHECK(damaged.count() == 1);
    CHECK(window.splitter()->isHidden());
    CHECK(window.damagePanel()->textLabel()->text().contains(u"malformed"_s));
}

TEST_CASE("File → Backups… lists the copies with their tickets, and refuses a damaged one", "[gui][backup][dialogs]")
{
    TestStore t(8, 2);
    BackupStore backups(t.path());
    const auto older = backups.take(BackupInfo::Kind::Daily, t.clock.now());
    REQUIRE(older);
    t.clock.advance(60 * 1000);
    t.addTicket(t.addCustomer(u"王强"_s), u"无法登录"_s);
    t.addTicket(t.addCustomer(u"赵敏"_s), u"订单未到"_s);
    t.clock.advance(60 * 1000);
    const auto newer = backups.take(BackupInfo::Kind::Daily, t.clock.now());
    REQUIRE(newer);
    // The newest copy is damaged on disk (its folder's disk failed, say).
    t.clock.advance(60 * 1000);
    const auto newest = backups.take(BackupInfo::Kind::Manual, t.clock.now());
    REQUIRE(newest);
    damageMiddle(newest->path, 4096);

    Desk desk(*t.store);
    BackupsDialog dialog(desk.backups());
    dialog.show();
    QSignalSpy listed(&desk.backups(), &BackupService::listed);
    REQUIRE((listed.count() > 0 || listed.wait(20000)));
    QTreeWidget *list = dialog.list();
    REQUIRE(list->topLevelItemCount() == 3);
    CHECK(list->topLevelItem(0)->text(4).startsWith(u"Cannot be restored: it is damaged"_s));
    CHECK(list->topLevelItem(0)->text(2).isEmpty());
    CHECK(list->topLevelItem(1)->text(2) == u"10"_s);
    CHECK(list->topLevelItem(2)->text(2) == u"8"_s);
    CHECK(list->topLevelItem(2)->text(1) == u"Daily"_s);

    list->setCurrentItem(list->topLevelItem(0));
    CHECK_FALSE(dialog.restoreButton()->isEnabled());
    REQUIRE(dialog.selectNewestUsable());
    CHECK(list->currentItem() == list->topLevelItem(1));
    CHECK(dialog.restoreButton()->isEnabled());

    // The older copy: the question says how many tickets changed since, and Cancel restores nothing.
    list->setCurrentItem(list->topLevelItem(2));
    QSignalSpy restore(&desk.backups(), &BackupService::restoreRequested);
    QString question;
    QTimer::singleShot(0, &dialog, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        REQUIRE(box);
        question = box->text();
        box->button(QMessageBox::Cancel)->click();
    });
    CHECK_FALSE(dialog.restoreSelected());
    CHECK(restore.isEmpty());
    CHECK(question.contains(u"with 8 ticket"_s));
    CHECK(question.contains(u": 2 ticket"_s));
    CHECK(question.contains(u"created or changed after it, of the 10 in the store now"_s));
}

namespace {

// A disk that fills up. Where the test may mount (root, as CI runs it), a tmpfs of 4 MB in the
// test's folder filled to the last byte by a filler file; elsewhere (or with
// DESKLINE_TEST_NO_MOUNT set) SQLite's max_page_count on the store's connection as a stand-in
// (the store may not grow). Both give SQLITE_FULL.
class SmallDisk
{
public:
    explicit SmallDisk(const QString &dir)
        : m_dir(dir)
    {
        QDir().mkpath(dir);
        if (qEnvironmentVariableIsSet("DESKLINE_TEST_NO_MOUNT")) // to try the stand-in where mounting works
            return;
        QProcess mount;
        mount.start(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=4m,mode=0700"_s, u"tmpfs"_s, dir});
        m_mounted = mount.waitForFinished(10000) && mount.exitStatus() == QProcess::NormalExit && mount.exitCode() == 0;
    }
    ~SmallDisk()
    {
        if (m_mounted)
            QProcess::execute(u"umount"_s, {u"-l"_s, m_dir});
    }
    SmallDisk(const SmallDisk &) = delete;
    SmallDisk &operator=(const SmallDisk &) = delete;

    bool isFileSystem() const { return m_mounted; }
    QString filePath(const QString &name) const { return QDir(m_dir).filePath(name); }

    void fill(LocalStore &store)
    {
        QSqlQuery query(store.database());
        if (!m_mounted) {
            REQUIRE(query.exec(u"PRAGMA page_count"_s));
            REQUIRE(query.next());
            const qint64 pages = query.value(0).toLongLong();
            REQUIRE(query.exec(u"PRAGMA max_page_count = %1"_s.arg(pages)));
            return;
        }
        // The log emptied first, so the next write needs new room on the disk.
        REQUIRE(query.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s));
        query.finish();
        QFile filler(filePath(u"filler"_s));
        REQUIRE(filler.open(QIODevice::WriteOnly));
        const QByteArray block(4096, 'x');
        while (filler.write(block) == block.size() && filler.flush()) {
        }
        // The last partial block too, byte by byte.
        while (filler.write("x", 1) == 1 && filler.flush()) {
        }
    }
    void free(LocalStore &store)
    {
        if (!m_mounted) {
            QSqlQuery query(store.database());
            REQUIRE(query.exec(u"PRAGMA max_page_count = 1073741823"_s));
            return;
        }
        REQUIRE(QFile::remove(filePath(u"filler"_s)));
    }

private:
    QString m_dir;
    bool m_mounted = false;
};

} // namespace

TEST_CASE("A full disk in the middle of a reply loses nothing and saves it once there is room",
          "[gui][backup][disk-full]")
{
    TestStore t(3, 2);
    t.store->close();
    SmallDisk disk(t.dir.filePath(u"small"_s));
    WARN((disk.isFileSystem() ? "full disk: a 4 MB tmpfs mounted by the test"
                              : "full disk: max_page_count stand-in (mounting a tmpfs was not possible)"));
    const QString path = disk.filePath(u"store.sqlite"_s);
    REQUIRE(QFile::copy(t.path(), path));
    REQUIRE(t.store->open(path));
    const qint64 ticket = t.addTicket(t.addCustomer(u"刘洋"_s), u"支付失败"_s, u"付款总是失败"_s);
    const qint64 messagesBefore = t.store->messages(ticket).size();

    Desk desk(*t.store);
    ComposerWidget composer(desk);
    composer.show();
    composer.setTicket(ticket);
    // A long answer, as pasted from a colleague's notes: it needs new pages whatever is free.
    QString reply;
    for (int i = 0; i < 3000; ++i)
        reply += u"您好，请重新绑定银行卡后再试一次。第%1步。\n"_s.arg(i);
    composer.setText(reply);
    composer.saveDraftNow();
    REQUIRE(ConversationService(*t.store).draft(ticket));

    disk.fill(*t.store);
    const QString more = u"\n另外，请确认手机号码正确。"_s;
    composer.setText(reply + more);
    QSignalSpy errors(&composer, &ComposerWidget::errorOccurred);
    QSignalSpy sent(&composer, &ComposerWidget::sent);
    CHECK_FALSE(composer.send());
    CHECK(sent.isEmpty());
    CHECK(errors.isEmpty()); // said in place, not in a box per attempt
    CHECK(composer.text() == reply + more);
    CHECK(composer.spaceNotice()->isVisible());
    CHECK(composer.spaceNotice()->text().contains(u"The disk is full, so the message was not sent"_s));
    // Nothing half-written: no message, the earlier draft intact, the file sound.
    CHECK(t.store->messages(ticket).size() == messagesBefore);
    CHECK(ConversationService(*t.store).draft(ticket)->body == reply);
    CHECK(BackupStore::quickCheck(path).isEmpty());

    // Another ticket meanwhile, and back: what was typed is still there.
    const qint64 other = 1; // a demo ticket
    REQUIRE(other != ticket);
    composer.setTicket(other);
    composer.setTicket(ticket);
    CHECK(composer.text() == reply + more);

    disk.free(*t.store);
    QTRY_VERIFY_WITH_TIMEOUT(!composer.spaceNotice()->isVisible(), 15000);
    CHECK(ConversationService(*t.store).draft(ticket)->body == reply + more);
    CHECK(composer.send());
    CHECK(t.store->messages(ticket).size() == messagesBefore + 1);
    CHECK(t.store->messages(ticket).last().body == reply + more);
    CHECK_FALSE(ConversationService(*t.store).draft(ticket));
    t.store->close();
}
