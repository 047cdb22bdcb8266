#include "archivebar.h"
#include "archivedialog.h"
#include "archivestore.h"
#include "catchcompat.h"
#include "conversationpane.h"
#include "desk.h"
#include "savedviewstore.h"
#include "teststore.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 dayMs = 24 * 3600 * 1000;

// Four tickets closed 200 days ago, one closed 10 days ago; a supervisor signed in.
struct ArchiveDesk {
    ArchiveDesk()
    {
        t.signInAsSupervisor();
        for (int i = 0; i < 5; ++i) {
            if (i == 4)
                t.clock.advance(190 * dayMs);
            const qint64 id = t.addTicket(t.addCustomer(u"客户%1"_s.arg(i)), u"旧工单 %1"_s.arg(i), u"内容"_s);
            REQUIRE(t.store->addMessage(id, MessageKind::Agent, u"已处理"_s));
            REQUIRE(t.store->setStatus(id, TicketStatus::Solved));
            REQUIRE(t.store->setStatus(id, TicketStatus::Closed));
            ids << id;
        }
        t.clock.advance(10 * dayMs);
    }
    TestStore t;
    QList<qint64> ids;
};

} // namespace

TEST_CASE("The archive dialog previews, exports and archives with progress", "[gui][archive][dialogs]")
{
    ArchiveDesk d;
    Desk desk(*d.t.store);
    ArchiveDialog dialog(desk);
    dialog.show();
    CHECK(dialog.ageBox()->value() == 120);
    CHECK(dialog.countLabel()->text().startsWith(u"4 "_s));
    dialog.ageBox()->setValue(5);
    CHECK(dialog.countLabel()->text().startsWith(u"5 "_s));
    dialog.ageBox()->setValue(120);

    const QString csv = d.t.dir.filePath(u"archive.csv"_s);
    REQUIRE(dialog.exportTo(csv));
    CHECK(QFile::exists(csv));
    CHECK(dialog.statusLabel()->text().contains(u"4 "_s));
    const QString jsonl = d.t.dir.filePath(u"archive.jsonl"_s);
    REQUIRE(dialog.exportTo(jsonl));
    QFile file(jsonl);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.readAll().count('\n') == 4);

    REQUIRE(dialog.startArchive());
    REQUIRE(dialog.run());
    CHECK(dialog.cancelButton()->isEnabled());
    CHECK(!dialog.ageBox()->isEnabled());
    QSignalSpy finished(dialog.run(), &ArchiveRun::finished);
    REQUIRE(finished.wait(5000));
    CHECK(dialog.progressBar()->value() == 4);
    CHECK(dialog.statusLabel()->text().startsWith(u"4 ticket"_s));
    CHECK(dialog.countLabel()->text().startsWith(u"0 "_s));
    CHECK(!dialog.cancelButton()->isEnabled());
    for (qint64 id : d.ids.mid(0, 4))
        CHECK(d.t.store->ticket(id)->archivedAt.isValid());
    CHECK(!d.t.store->ticket(d.ids[4])->archivedAt.isValid());
    CHECK(ArchiveStore(*d.t.store).ageDays() == 120);

    // Years later: the exported, archived tickets can be purged.
    d.t.clock.advance(800 * dayMs);
    dialog.retentionBox()->setValue(700);
    CHECK(dialog.purgeLabel()->text().startsWith(u"4 "_s));
    REQUIRE(dialog.purge(false));
    CHECK(!d.t.store->ticket(d.ids[0]));
    CHECK(d.t.store->ticket(d.ids[4]));
    CHECK(!dialog.purgeButton()->isEnabled());
}

TEST_CASE("A failed archive run says so and what it left alone", "[gui][archive][dialogs][bad-input]")
{
    ArchiveDesk d;
    TestStore::rawSql(d.t.path(), {u"CREATE TRIGGER refuse_archive BEFORE UPDATE OF archived_at ON tickets"
                                   " WHEN NEW.archived_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s});
    Desk desk(*d.t.store);
    ArchiveDialog dialog(desk);
    dialog.show();
    REQUIRE(dialog.startArchive());
    QSignalSpy failed(dialog.run(), &ArchiveRun::failed);
    REQUIRE(failed.wait(5000));
    CHECK(dialog.statusLabel()->text().contains(u"disk full"_s));
    CHECK(dialog.statusLabel()->text().contains(u"Nothing was lost"_s));
    for (qint64 id : d.ids)
        CHECK(!d.t.store->ticket(id)->archivedAt.isValid());
    CHECK(dialog.archiveButton()->isEnabled()); // one can try again
}

TEST_CASE("An agent sees the archive dialog but cannot archive or purge", "[gui][archive][dialogs][roles]")
{
    ArchiveDesk d;
    REQUIRE(d.t.store->setCurrentAgent(u"li.na"_s));
    Desk desk(*d.t.store);
    ArchiveDialog dialog(desk);
    dialog.show();
    CHECK(!dialog.archiveButton()->isEnabled());
    CHECK(!dialog.purgeButton()->isEnabled());
    CHECK(dialog.findChild<QLabel *>(u"readOnlyNote"_s)->isVisible());
    CHECK(!dialog.startArchive());
}

TEST_CASE("An archived ticket opens read-only, and a supervisor restores it", "[gui][archive]")
{
    ArchiveDesk d;
    REQUIRE(ArchiveStore(*d.t.store).archive({d.ids[0]}));
    Desk desk(*d.t.store);
    ConversationPane pane(desk);
    pane.show();
    pane.setTicket(d.ids[0]);
    ArchiveBar *bar = pane.archiveBar();
    REQUIRE(bar->isVisible());
    CHECK(bar->textLabel()->text().contains(u"read-only"_s));
    CHECK(!pane.statusBox()->isEnabled());
    CHECK(!pane.priorityBox()->isEnabled());
    CHECK(bar->restoreButton()->isVisible());

    REQUIRE(d.t.store->setCurrentAgent(u"li.na"_s));
    pane.setTicket(d.ids[0]);
    CHECK(bar->restoreButton()->isHidden()); // agents read only
    REQUIRE(d.t.store->setCurrentAgent(u"wang.fang"_s));
    pane.setTicket(d.ids[0]);

    QTest::mouseClick(bar->restoreButton(), Qt::LeftButton);
    CHECK(!d.t.store->ticket(d.ids[0])->archivedAt.isValid());
    CHECK(bar->isHidden());
    CHECK(pane.statusBox()->isEnabled());
}

TEST_CASE("The archive dialog selects by one of the agent's saved views", "[gui][archive][dialogs][views]")
{
    ArchiveDesk d;
    REQUIRE(d.t.store->setCategory(d.ids[0], Category::Payment));
    TicketFilter payments;
    payments.category = Category::Payment;
    REQUIRE(SavedViewStore(*d.t.store).save(u"Payments"_s, payments));
    Desk desk(*d.t.store);
    ArchiveDialog dialog(desk);
    dialog.show();
    CHECK(dialog.countLabel()->text().startsWith(u"4 "_s));
    REQUIRE(dialog.viewBox()->count() == 2);
    CHECK(dialog.viewBox()->itemText(1) == u"Payments"_s);
    dialog.viewBox()->setCurrentIndex(1);
    CHECK(dialog.countLabel()->text().startsWith(u"1 "_s));
    CHECK(dialog.selection().view == payments);
}
