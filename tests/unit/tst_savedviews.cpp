#include "catchcompat.h"
#include "localstore.h"
#include "savedviewservice.h"
#include "teststore.h"

#include <QJsonObject>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

TEST_CASE("An agent keeps views of their own: a name for a view, its filters and its search", "[views]")
{
    TestStore t;
    SavedViewService views(*t.store);
    QSignalSpy changed(t.store.get(), &LocalStore::savedViewsChanged);
    TicketFilter refunds;
    refunds.view = TicketFilter::View::All;
    refunds.channel = Channel::Email;
    refunds.category = Category::Payment;
    refunds.searchText = u"退款"_s;
    const auto id = views.save(u"  Refunds   by email "_s, refunds);
    REQUIRE(id);
    CHECK(changed.count() == 1);
    TicketFilter mine;
    mine.view = TicketFilter::View::Mine;
    mine.priority = Priority::Urgent;
    REQUIRE(views.save(u"急 Urgent"_s, mine));

    const QList<SavedView> kept = views.views();
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].name == u"Refunds by email"_s); // by name, spaces tidied
    CHECK(kept[0].filter == refunds);
    CHECK(kept[1].filter.view == TicketFilter::View::Mine);
    CHECK(kept[1].filter.priority == Priority::Urgent);
    CHECK_FALSE(kept[1].filter.channel);

    // The same name again replaces the view.
    refunds.channel.reset();
    REQUIRE(views.save(u"Refunds by email"_s, refunds) == id);
    CHECK(views.view(*id)->filter.channel == std::nullopt);
    CHECK(views.views().size() == 2);

    // Each agent sees only theirs.
    REQUIRE(t.store->setCurrentAgent(u"tom"_s));
    CHECK(views.views().isEmpty());
    REQUIRE(views.remove(*id)); // not Tom's: nothing happens to it
    REQUIRE(t.store->setCurrentAgent(u"li.na"_s));
    CHECK(views.views().size() == 2);
    REQUIRE(views.remove(*id));
    CHECK(views.views().size() == 1);
}

TEST_CASE("A view without a name, or with one too long, is refused with the reason", "[views][bad-input]")
{
    TestStore t;
    SavedViewService views(*t.store);
    CHECK_FALSE(views.save(u"   "_s, TicketFilter()));
    CHECK(views.errorString().contains(u"name"_s));
    CHECK_FALSE(views.save(QString(SavedViewService::maxNameLength + 1, u'x'), TicketFilter()));
    CHECK(views.errorString().contains(QString::number(SavedViewService::maxNameLength)));
    CHECK(views.views().isEmpty());
}

TEST_CASE("A filter read back from its saved form is the same filter; unknown keys read as any", "[views]")
{
    TicketFilter filter;
    filter.view = TicketFilter::View::Breached;
    filter.status = TicketStatus::Pending;
    CHECK(TicketFilter::fromJson(filter.toJson()) == filter);
    const TicketFilter odd = TicketFilter::fromJson(
        QJsonObject{{u"view"_s, u"someday"_s}, {u"channel"_s, u"pigeon"_s}, {u"priority"_s, u"high"_s}});
    CHECK(odd.view == TicketFilter::View::All);
    CHECK_FALSE(odd.channel);
    CHECK(odd.priority == Priority::High);
}
