#include "backgroundjobs.h"
#include "backupsdialog.h"
#include "backupservice.h"
#include "backupstore.h"
#include "catchcompat.h"
#include "damagepanel.h"
#include "desk.h"
#include "mainwindow.h"
#include "storedamage.h"
#include "teststore.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
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

