#include "catchcompat.h"
#include "searchtext.h"
#include "teststore.h"
#include "ticketlistquery.h"

#include <QSqlQuery>

namespace {

QStringList searchSubjects(LocalStore &store, const QString &query, TicketFilter::View view = TicketFilter::View::All)
{
    TicketListQuery list(store);
    TicketFilter filter;
    filter.view = view;
    filter.searchText = query;
    TicketListQuery::SearchCursor cursor;
    QStringList subjects;
    while (!cursor.exhausted) {
        for (const TicketRow &row : list.searchPage(filter, cursor, 50))
            subjects << row.subject;
    }
    return subjects;
}

} // namespace

TEST_CASE("Chinese text is indexed as overlapping bigrams plus the last character", "[search]")
{
    CHECK(SearchText::indexText(QStringLiteral("无法登录")) == QStringLiteral("无法 法登 登录 录 "));
    CHECK(SearchText::indexText(QStringLiteral("登")) == QStringLiteral("登 "));
    CHECK(SearchText::indexText(QStringLiteral("App登录失败!")) == QStringLiteral("App 登录 录失 失败 败 !"));
    CHECK(SearchText::matchExpression(QStringLiteral("登录")) == QStringLiteral("\"登录\""));
    CHECK(SearchText::matchExpression(QStringLiteral("登")) == QStringLiteral("\"登\"*"));
    CHECK(SearchText::matchExpression(QStringLiteral("登录账号")) == QStringLiteral("\"登录 录账 账号\""));
    CHECK(SearchText::matchExpression(QStringLiteral("refund 订单")) == QStringLiteral("\"refund\" \"订单\""));
    CHECK(SearchText::matchExpression(QStringLiteral("refu*")) == QStringLiteral("\"refu\"*"));
    CHECK(SearchText::matchExpression(QStringLiteral("\"quoted\"")) == QStringLiteral("\"\"\"quoted\"\"\""));
    CHECK(SearchText::matchExpression(QStringLiteral(" ,;! ")).isEmpty());
}

TEST_CASE("Search finds Chinese words of one, two and four characters and English words", "[search]")
{
    TestStore t;
    const qint64 c = t.addCustomer(QStringLiteral("王芳"));
    t.addTicket(c, QStringLiteral("无法登录账号"), QStringLiteral("输入密码后一直转圈"));
    t.addTicket(c, QStringLiteral("订单还没发货"), QStringLiteral("我的订单 DL2026 五天了"));
    t.addTicket(c, QStringLiteral("Payment question"), QStringLiteral("微信支付失败，提示余额不足"));
    t.addTicket(c, QStringLiteral("Refund for order"), QStringLiteral("I was promised a refund last week"));
    t.addTicket(c, QStringLiteral("登山鞋尺码"), QStringLiteral("想换大一码"));

    CHECK(searchSubjects(*t.store, QStringLiteral("登录")) == QStringList{QStringLiteral("无法登录账号")});
    CHECK(searchSubjects(*t.store, QStringLiteral("订单")) == QStringList{QStringLiteral("订单还没发货")});
    CHECK(searchSubjects(*t.store, QStringLiteral("支付")) == QStringList{QStringLiteral("Payment question")});
    CHECK(searchSubjects(*t.store, QStringLiteral("支付失败")) == QStringList{QStringLiteral("Payment question")});
    CHECK(searchSubjects(*t.store, QStringLiteral("登录账号")) == QStringList{QStringLiteral("无法登录账号")});
    // One character: every ticket containing 登, wherever it stands in a word.
    CHECK(searchSubjects(*t.store, QStringLiteral("登")).size() == 2);
    CHECK(searchSubjects(*t.store, QStringLiteral("码")).size() == 2); // 密码, 尺码 (last in its run)
    CHECK(searchSubjects(*t.store, QStringLiteral("refund")) == QStringList{QStringLiteral("Refund for order")});
    // Any inflection of the word, but not a part of it unless asked for with *.
    CHECK(searchSubjects(*t.store, QStringLiteral("REFUNDED")) == QStringList{QStringLiteral("Refund for order")});
    CHECK(searchSubjects(*t.store, QStringLiteral("refu")).isEmpty());
    CHECK(searchSubjects(*t.store, QStringLiteral("refu*")) == QStringList{QStringLiteral("Refund for order")});
    // Words that are there but not next to each other are no phrase.
    CHECK(searchSubjects(*t.store, QStringLiteral("登账")).isEmpty());
    CHECK(searchSubjects(*t.store, QStringLiteral("发票")).isEmpty());
}

TEST_CASE("Search ranks the newest activity first and respects the view", "[search]")
{
    TestStore t;
    const qint64 c = t.addCustomer(QStringLiteral("Lee"));
    const qint64 older = t.addTicket(c, QStringLiteral("Printer offline"));
    t.clock.advance(60000);
    const qint64 newer = t.addTicket(c, QStringLiteral("Printer jammed"));
    CHECK(searchSubjects(*t.store, QStringLiteral("printer")) ==
          QStringList{QStringLiteral("Printer jammed"), QStringLiteral("Printer offline")});
    t.clock.advance(60000);
    REQUIRE(t.store->addMessage(older, MessageKind::Customer, QStringLiteral("The printer says error 42")));
    CHECK(searchSubjects(*t.store, QStringLiteral("printer")) ==
          QStringList{QStringLiteral("Printer offline"), QStringLiteral("Printer jammed")});
    REQUIRE(t.store->setStatus(newer, TicketStatus::Solved));
    CHECK(searchSubjects(*t.store, QStringLiteral("printer"), TicketFilter::View::Solved) ==
          QStringList{QStringLiteral("Printer jammed")});
}

TEST_CASE("Search by relevance puts the best match first", "[search]")
{
    TestStore t;
    const qint64 c = t.addCustomer(QStringLiteral("Kim"));
    t.addTicket(c, QStringLiteral("Battery drains"), QStringLiteral("battery battery battery, the battery again"));
    t.addTicket(c, QStringLiteral("Screen flickers"),
                QStringLiteral("also the battery is a bit warm and it is long text "
                               "about many other things entirely unrelated"));
    TicketListQuery list(*t.store);
    TicketFilter filter;
    filter.view = TicketFilter::View::All;
    filter.searchText = QStringLiteral("battery");
    filter.rankByRelevance = true;
    TicketListQuery::SearchCursor cursor;
    const auto rows = list.searchPage(filter, cursor, 10);
    REQUIRE(rows.size() == 2);
    CHECK(rows.first().subject == QStringLiteral("Battery drains"));
}

TEST_CASE("Search over seeded demo data finds every hit it should", "[search]")
{
    TestStore t(400, 4);
    // Cross-check the index against a plain scan of the texts.
    QSqlQuery scan(t.store->database());
    REQUIRE(
        scan.exec(QStringLiteral("SELECT count(DISTINCT t.id) FROM tickets t LEFT JOIN messages m ON m.ticket_id = t.id"
                                 " WHERE t.subject LIKE '%订单%' OR m.body LIKE '%订单%'")));
    REQUIRE(scan.next());
    const int expected = scan.value(0).toInt();
    REQUIRE(expected > 10);
    CHECK(searchSubjects(*t.store, QStringLiteral("订单")).size() == expected);
}

TEST_CASE("A ticket number typed in the search box puts that ticket first", "[search]")
{
    TestStore t(200, 2);
    TicketListQuery list(*t.store);
    const auto expected = t.store->ticketIdByExternalId(QStringLiteral("T-000123"));
    REQUIRE(expected);
    for (const QString &typed :
         {QStringLiteral("T-000123"), QStringLiteral("t-000123"), QStringLiteral("123"), QStringLiteral("#123")}) {
        INFO(typed.toStdString());
        TicketFilter filter;
        filter.view = TicketFilter::View::All;
        filter.searchText = typed;
        TicketListQuery::SearchCursor cursor;
        const QList<TicketRow> rows = list.searchPage(filter, cursor, 20);
        REQUIRE_FALSE(rows.isEmpty());
        CHECK(rows.first().id == *expected);
        // Listed once, however many of its texts also match.
        CHECK(std::count_if(rows.cbegin(), rows.cend(), [&](const TicketRow &r) { return r.id == *expected; }) == 1);
    }
    CHECK_FALSE(list.ticketByNumber(QStringLiteral("T-999999")));
    CHECK_FALSE(list.ticketByNumber(QStringLiteral("'; DROP TABLE tickets; --")));
}

TEST_CASE("Codes and numbers match by their start", "[search]")
{
    TestStore t;
    const qint64 customer = t.addCustomer(QStringLiteral("张伟"));
    t.addTicket(customer, QStringLiteral("订单 TP20260106572283 没有发货"));
    t.addTicket(customer, QStringLiteral("Refund for order TP20251201000001"));
    t.addTicket(customer, QStringLiteral("Printer broken"));
    CHECK(searchSubjects(*t.store, QStringLiteral("TP2026")) ==
          QStringList{QStringLiteral("订单 TP20260106572283 没有发货")});
    CHECK(searchSubjects(*t.store, QStringLiteral("tp2025")).size() == 1);
    CHECK(searchSubjects(*t.store, QStringLiteral("TP")).isEmpty());
    CHECK(searchSubjects(*t.store, QStringLiteral("Print")).isEmpty());
    CHECK(searchSubjects(*t.store, QStringLiteral("Print*")).size() == 1);
}
