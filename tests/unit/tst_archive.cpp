#include "archiverun.h"
#include "archivestore.h"
#include "catchcompat.h"
#include "csvexporter.h"
#include "jsonlinesexporter.h"
#include "peoplestore.h"
#include "teststore.h"
#include "ticketlistquery.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 dayMs = 24 * 3600 * 1000;

// Five closed tickets, the first three closed 200 days ago and the others 50 (the first with a
// note about a refund); a supervisor at the desk.
struct Closed {
    Closed()
    {
        t.signInAsSupervisor();
        for (int i = 0; i < 5; ++i) {
            if (i == 3)
                t.clock.advance(150 * dayMs);
            const qint64 id =
                t.addTicket(t.addCustomer(u"客户%1"_s.arg(i)), u"订单问题 %1"_s.arg(i), u"发票抬头错误"_s);
            REQUIRE(t.store->addMessage(id, MessageKind::Agent, u"已处理"_s));
            if (i == 0)
                REQUIRE(t.store->addMessage(id, MessageKind::Note, u"客户要求退款"_s));
            REQUIRE(t.store->setCategory(id, i % 2 ? Category::Payment : Category::Order));
            REQUIRE(t.store->setStatus(id, TicketStatus::Solved));
            REQUIRE(t.store->setStatus(id, TicketStatus::Closed));
            ids << id;
        }
        t.clock.advance(50 * dayMs);
    }

    QList<qint64> listed(TicketFilter::View view, const QString &search = {}) const
    {
        TicketFilter filter;
        filter.view = view;
        filter.searchText = search;
        TicketListQuery query(*t.store);
        QList<qint64> found;
        if (search.isEmpty()) {
            for (const TicketRow &row : query.page(filter, nullptr, 100))
                found << row.id;
        } else {
            TicketListQuery::SearchCursor cursor;
            for (const TicketRow &row : query.searchPage(filter, cursor, 100))
                found << row.id;
        }
        std::sort(found.begin(), found.end());
        return found;
    }

    TestStore t;
    QList<qint64> ids;
};

} // namespace

TEST_CASE("The archive selection counts closed tickets by age, team and category", "[workflow][archive]")
{
    Closed c;
    ArchiveStore archive(*c.t.store);
    CHECK(archive.ageDays() == 120);
    CHECK(archive.count({120, 0, {}, {}}) == 3);
    CHECK(archive.candidates({120, 0, {}, {}}) == c.ids.mid(0, 3));
    CHECK(archive.count({30, 0, {}, {}}) == 5);
    CHECK(archive.count({120, 0, Category::Payment, {}}) == 1);
    const qint64 team = PeopleStore(*c.t.store).agentByLogin(u"li.na"_s)->teamId;
    CHECK(archive.count({120, team, {}, {}}) == 0); // nobody took them, so no team
    CHECK(archive.count({300, 0, {}, {}}) == 0);
    REQUIRE(archive.setAgeDays(30));
    CHECK(archive.ageDays() == 30);
    CHECK(!archive.setAgeDays(0));
}

TEST_CASE("Archived tickets leave the working lists, stay searchable, and a supervisor restores one",
          "[workflow][archive]")
{
    Closed c;
    ArchiveStore archive(*c.t.store);
    REQUIRE(archive.archive(archive.candidates({120, 0, {}, {}})));
    CHECK(c.listed(TicketFilter::View::All) == c.ids.mid(3));
    CHECK(c.listed(TicketFilter::View::Archived) == c.ids.mid(0, 3));
    CHECK(c.listed(TicketFilter::View::All, u"发票"_s) == c.ids); // search reaches the archive
    CHECK(c.listed(TicketFilter::View::Solved, u"发票"_s).isEmpty());
    const Ticket archived = *c.t.store->ticket(c.ids[0]);
    CHECK(archived.archivedAt.isValid());
    CHECK(c.t.store->auditEvents(c.ids[0]).last().action == u"archive"_s);
    CHECK(c.t.store->messages(c.ids[0]).size() == 3); // readable, whole

    REQUIRE(archive.restore(c.ids[0]));
    CHECK(!c.t.store->ticket(c.ids[0])->archivedAt.isValid());
    CHECK(c.listed(TicketFilter::View::Archived) == c.ids.mid(1, 2));
    CHECK(!archive.restore(c.ids[0]));
    CHECK(c.t.store->errorString().contains(u"not archived"_s));
}

TEST_CASE("An agent may not archive, restore or purge", "[workflow][archive][roles]")
{
    Closed c;
    REQUIRE(c.t.store->setCurrentAgent(u"li.na"_s));
    ArchiveStore archive(*c.t.store);
    CHECK(!archive.canManage());
    CHECK(!archive.archive({c.ids[0]}));
    CHECK(c.t.store->errorString().contains(u"supervisor"_s));
    CHECK(!archive.purge(1));
    CHECK(!c.t.store->ticket(c.ids[0])->archivedAt.isValid());
}

TEST_CASE("A failure in the middle of an archive run keeps every ticket whole", "[workflow][archive][bad-input]")
{
    Closed c;
    // The fourth ticket cannot be archived: the failing batch rolls back, the first stays done.
    TestStore::rawSql(c.t.path(), {u"CREATE TRIGGER refuse_archive BEFORE UPDATE OF archived_at ON tickets"
                                   " WHEN NEW.id = %1 AND NEW.archived_at IS NOT NULL"
                                   " BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s.arg(c.ids[3])});
    ArchiveRun run(*c.t.store, c.ids, 2);
    QSignalSpy failed(&run, &ArchiveRun::failed);
    QSignalSpy finished(&run, &ArchiveRun::finished);
    while (run.step()) {
    }
    REQUIRE(failed.size() == 1);
    CHECK(failed.first().at(0).toString().contains(u"disk full"_s));
    CHECK(failed.first().at(1).value<qsizetype>() == 2);
    CHECK(finished.isEmpty());
    CHECK(c.listed(TicketFilter::View::Archived) == c.ids.mid(0, 2));
    for (qint64 id : c.ids.mid(2)) {
        CHECK(!c.t.store->ticket(id)->archivedAt.isValid());
        CHECK(c.t.store->messages(id).size() == 2);
    }
    CHECK(!run.step()); // over
}

TEST_CASE("A cancelled archive run stops after the batch in hand", "[workflow][archive]")
{
    Closed c;
    ArchiveRun run(*c.t.store, c.ids, 2);
    QSignalSpy finished(&run, &ArchiveRun::finished);
    QSignalSpy progress(&run, &ArchiveRun::progress);
    REQUIRE(run.step());
    run.cancel();
    CHECK(!run.step());
    REQUIRE(finished.size() == 1);
    CHECK(finished.first().at(0).value<qsizetype>() == 2);
    CHECK(finished.first().at(1).toBool());
    CHECK(progress.size() == 1);
    CHECK(c.listed(TicketFilter::View::Archived) == c.ids.mid(0, 2));
}

TEST_CASE("The whole run archives everything in batches, driven by the event loop", "[workflow][archive]")
{
    Closed c;
    ArchiveRun run(*c.t.store, c.ids, 2);
    QSignalSpy finished(&run, &ArchiveRun::finished);
    QSignalSpy progress(&run, &ArchiveRun::progress);
    run.start();
    REQUIRE(finished.wait(5000));
    CHECK(finished.first().at(0).value<qsizetype>() == 5);
    CHECK(!finished.first().at(1).toBool());
    CHECK(progress.size() == 3);
    CHECK(c.listed(TicketFilter::View::Archived) == c.ids);
}

TEST_CASE("Purging deletes only archived tickets that were exported, and only on a standalone desk",
          "[workflow][archive]")
{
    Closed c;
    ArchiveStore archive(*c.t.store);
    REQUIRE(archive.archive(c.ids.mid(0, 3)));
    c.t.clock.advance(400 * dayMs);
    CHECK(archive.purgeableCount(365) == 0); // nothing exported yet
    REQUIRE(archive.purge(365) == 0);

    const QString path = c.t.dir.filePath(u"archive.jsonl"_s);
    JsonLinesExporter exporter(*c.t.store);
    REQUIRE(exporter.exportTickets(path, c.ids.mid(0, 2)));
    CHECK(exporter.exportedCount() == 2);
    REQUIRE(archive.markExported(c.ids.mid(0, 2)));
    CHECK(archive.purgeableCount(365) == 2);
    CHECK(archive.purgeableCount(500) == 0);

    c.t.store->setTeamMode(true);
    CHECK(!archive.purge(365));
    CHECK(c.t.store->errorString().contains(u"team mode"_s));
    c.t.store->setTeamMode(false);

    REQUIRE(archive.purge(365) == 2);
    CHECK(!c.t.store->ticket(c.ids[0]));
    CHECK(!c.t.store->ticket(c.ids[1]));
    CHECK(c.t.store->messages(c.ids[0]).isEmpty());
    CHECK(c.t.store->ticket(c.ids[2])); // archived but never exported: kept
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.readAll().count('\n') == 2); // what was purged is in the file
}

TEST_CASE("The CSV export quotes what needs quoting and starts with a byte order mark", "[workflow][archive]")
{
    Closed c;
    REQUIRE(c.t.store->addTag(c.ids[0], u"vip"_s));
    const QString path = c.t.dir.filePath(u"tickets.csv"_s);
    CsvExporter csv(*c.t.store);
    REQUIRE(csv.exportTickets(path, {c.ids[0], c.ids[1]}));
    CHECK(csv.exportedCount() == 2);
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    CHECK(bytes.startsWith("\xEF\xBB\xBF"));
    const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(u"\r\n"_s, Qt::SkipEmptyParts);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].startsWith(u"id,subject,channel"_s));
    CHECK(lines[1].contains(u"订单问题 0"_s));
    CHECK(lines[1].contains(u",closed,"_s));
    CHECK(lines[1].endsWith(u",vip"_s));
    CHECK(CsvExporter::quoted(u"a,b"_s) == u"\"a,b\""_s);
    CHECK(CsvExporter::quoted(u"say \"hi\""_s) == u"\"say \"\"hi\"\"\""_s);
    CHECK(CsvExporter::quoted(u"plain"_s) == u"plain"_s);
    CHECK(!csv.exportTickets(c.t.dir.filePath(u"missing/dir/x.csv"_s), {c.ids[0]}));
    CHECK(csv.errorString().contains(u"Cannot write"_s));
}

TEST_CASE("Archiving by a saved view takes its assignee, filters and search, never its status",
          "[workflow][archive][views]")
{
    Closed c;
    ArchiveStore archive(*c.t.store);
    TicketFilter payments;
    payments.view = TicketFilter::View::AllOpen; // open tickets only in the list; closed ones here
    payments.category = Category::Payment;
    CHECK(archive.count({120, 0, {}, payments}) == 1); // of the three closed 200 days ago, one is a payment
    TicketFilter refunds;
    refunds.view = TicketFilter::View::All;
    refunds.searchText = u"退款"_s;
    CHECK(archive.candidates({120, 0, {}, refunds}) == QList<qint64>{c.ids[0]});
    TicketFilter mine;
    mine.view = TicketFilter::View::Mine;
    CHECK(archive.count({120, 0, {}, mine}) == 0); // nobody took them
    mine.view = TicketFilter::View::Unassigned;
    CHECK(archive.count({120, 0, {}, mine}) == 3);
    TicketFilter email;
    email.channel = Channel::Chat;
    CHECK(archive.count({120, 0, {}, email}) == 0);
}
