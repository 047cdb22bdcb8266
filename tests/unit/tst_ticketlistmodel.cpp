#include "catchcompat.h"
#include "slaschedule.h"
#include "teststore.h"
#include "ticketlistmodel.h"
#include "ticketlistquery.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>

namespace {

QList<qint64> loadAll(TicketListModel &model)
{
    while (model.canFetchMore({}))
        model.fetchMore({});
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.ticketIdAt(row);
    return ids;
}

} // namespace

TEST_CASE("The ticket list loads a page at a time and passes the model tester", "[models][list]")
{
    TestStore t(700, 2);
    TicketListModel model(*t.store, t.clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TicketFilter filter;
    filter.view = TicketFilter::View::All;
    model.setFilter(filter);
    CHECK(model.rowCount() == TicketListModel::pageSize);
    CHECK(model.canFetchMore({}));
    const QList<qint64> ids = loadAll(model);
    CHECK(ids.size() == 700);
    CHECK(QSet<qint64>(ids.cbegin(), ids.cend()).size() == 700); // no row twice across pages
    CHECK_FALSE(model.canFetchMore({}));
}

TEST_CASE("Every column sorts the whole list the same way the store does", "[models][list]")
{
    TestStore t(450, 2);
    TicketListModel model(*t.store, t.clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TicketFilter filter;
    filter.view = TicketFilter::View::All;
    model.setFilter(filter);
    for (int column = 0; column < TicketListModel::ColumnCount; ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            model.sort(column, order);
            loadAll(model);
            REQUIRE(model.rowCount() == 450);
            TicketListQuery query(*t.store);
            const QList<TicketRow> rows = query.rowsByIds(model.filter(), [&] {
                QList<qint64> ids;
                for (int row = 0; row < model.rowCount(); ++row)
                    ids << model.ticketIdAt(row);
                return ids;
            }());
            QHash<qint64, TicketRow> byId;
            for (const TicketRow &row : rows)
                byId.insert(row.id, row);
            for (int row = 1; row < model.rowCount(); ++row) {
                INFO("column " << column << " order " << int(order) << " row " << row);
                CHECK_FALSE(TicketListQuery::lessThan(model.filter(), byId.value(model.ticketIdAt(row)),
                                                      byId.value(model.ticketIdAt(row - 1))));
            }
        }
    }
}

TEST_CASE("Saved views and quick filters show exactly the matching tickets", "[models][list]")
{
    TestStore t(500, 2);
    TicketListModel model(*t.store, t.clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TicketFilter filter;
    filter.currentAgentId = t.store->currentAgentId();
    filter.view = TicketFilter::View::Mine;
    model.setFilter(filter);
    const QList<qint64> mine = loadAll(model);
    REQUIRE_FALSE(mine.isEmpty());
    for (qint64 id : mine) {
        const auto ticket = t.store->ticket(id);
        CHECK(ticket->assigneeId == t.store->currentAgentId());
        CHECK(ticket->status < TicketStatus::Solved);
    }

    filter.view = TicketFilter::View::AllOpen;
    filter.channel = Channel::Phone;
    filter.priority = Priority::High;
    model.setFilter(filter);
    const QList<qint64> phoneHigh = loadAll(model);
    QSqlQuery count(t.store->database());
    REQUIRE(
        count.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE channel = %1 AND priority = %2 AND status < %3")
                       .arg(int(Channel::Phone))
                       .arg(int(Priority::High))
                       .arg(int(TicketStatus::Solved))));
    REQUIRE(count.next());
    CHECK(phoneHigh.size() == count.value(0).toInt());
}

TEST_CASE("After an edit only that ticket's row is announced", "[models][list]")
{
    TestStore t(300, 2);
    TicketListModel model(*t.store, t.clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TicketFilter filter;
    filter.view = TicketFilter::View::All;
    filter.sortColumn = TicketFilter::SortColumn::Id;
    filter.descending = false;
    model.setFilter(filter);
    const qint64 id = model.ticketIdAt(5);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    REQUIRE(t.store->setPriority(id, Priority::Urgent));
    CHECK(reset.isEmpty());
    CHECK(removed.isEmpty());
    REQUIRE(changed.count() == 1);
    CHECK(changed.at(0).at(0).value<QModelIndex>().row() == 5);
    CHECK(changed.at(0).at(1).value<QModelIndex>().row() == 5);
    CHECK(model.index(5, TicketListModel::PriorityColumn).data(TicketListModel::KeyRole).toString() ==
          QStringLiteral("urgent"));
}

TEST_CASE("A changed ticket moves to its new place and leaves a view it no longer fits", "[models][list]")
{
    TestStore t;
    const qint64 c = t.addCustomer(QStringLiteral("Ada"));
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i) {
        ids << t.addTicket(c, QStringLiteral("Ticket %1").arg(i));
        t.clock.advance(1000);
    }
    TicketListModel model(*t.store, t.clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TicketFilter filter; // all open, newest update first
    model.setFilter(filter);
    REQUIRE(model.ticketIdAt(0) == ids[4]);
    REQUIRE(model.ticketIdAt(4) == ids[0]);

    REQUIRE(t.store->addMessage(ids[0], MessageKind::Customer, QStringLiteral("any news?")));
    CHECK(model.ticketIdAt(0) == ids[0]); // most recently updated now

    REQUIRE(t.store->setStatus(ids[2], TicketStatus::Solved));
    CHECK(model.rowCount() == 4);
    CHECK(model.rowOfTicket(ids[2]) == -1);

    const qint64 fresh = t.addTicket(c, QStringLiteral("Brand new"));
    CHECK(model.rowCount() == 5);
    CHECK(model.ticketIdAt(0) == fresh);
}

TEST_CASE("Search results fill the list and keep their order after edits", "[models][list][search]")
{
    TestStore t(300, 3);
    TicketListModel model(*t.store, t.clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TicketFilter filter;
    filter.view = TicketFilter::View::All;
    filter.searchText = QStringLiteral("订单");
    model.setFilter(filter);
    REQUIRE(model.rowCount() > 0);
    const qint64 first = model.ticketIdAt(0);
    REQUIRE(t.store->setPriority(first, Priority::Low));
    CHECK(model.ticketIdAt(0) == first);
    CHECK(model.index(0, TicketListModel::PriorityColumn).data(TicketListModel::KeyRole).toString() ==
          QStringLiteral("low"));
}

TEST_CASE("The deadline column counts down with the clock", "[models][list]")
{
    TestStore t;
    const qint64 id =
        t.addTicket(t.addCustomer(QStringLiteral("Zoe")), QStringLiteral("Chat question"), {}, Channel::Chat);
    TicketListModel model(*t.store, t.clock);
    model.setFilter(TicketFilter{});
    const int row = model.rowOfTicket(id);
    REQUIRE(row >= 0);
    CHECK(model.index(row, TicketListModel::DueColumn).data().toString() == QStringLiteral("5 min"));
    CHECK_FALSE(model.index(row, TicketListModel::DueColumn).data(TicketListModel::OverdueRole).toBool());
    t.clock.advance(7 * 60 * 1000);
    CHECK(model.index(row, TicketListModel::DueColumn).data().toString() == QStringLiteral("2 min late"));
    CHECK(model.index(row, TicketListModel::DueColumn).data(TicketListModel::OverdueRole).toBool());
}

TEST_CASE("Time left is short enough for a narrow column", "[models][list]")
{
    TestStore t;
    TicketListModel model(*t.store, t.clock);
    const qint64 now = t.clock.now().toMSecsSinceEpoch();
    constexpr qint64 minute = 60 * 1000;
    CHECK(model.dueText(now + 42 * minute) == QStringLiteral("42 min"));
    CHECK(model.dueText(now + (9 * 60 + 59) * minute) == QStringLiteral("9 h 59 min"));
    CHECK(model.dueText(now + (42 * 60 + 34) * minute) == QStringLiteral("42 h"));
    CHECK(model.dueText(now + 3 * 24 * 60 * minute + 5 * minute) == QStringLiteral("3 d"));
    CHECK(model.dueText(now - (11 * 60 + 20) * minute) == QStringLiteral("11 h late"));
    CHECK(model.dueText(now - (2 * 60 + 5) * minute) == QStringLiteral("2 h late"));
    CHECK(model.dueText(SlaSchedule::noDeadline).isEmpty());
}
