#include "cannedanswerfiller.h"
#include "catchcompat.h"
#include "teststore.h"

using namespace Qt::StringLiterals;

TEST_CASE("Canned answer variables are filled from the ticket, its customer and the agent", "[workflow][canned]")
{
    TestStore t;
    const qint64 customer = t.addCustomer(u"张伟"_s, u"+86 138 0000 0001"_s, u"zhang.wei@example.com"_s);
    const qint64 ticket = t.addTicket(customer, u"无法登录"_s, u"一直提示密码错误"_s);
    const auto values = CannedAnswerFiller::valuesFor(*t.store, ticket);
    CHECK(values.customerName == u"张伟"_s);
    CHECK(values.customerEmail == u"zhang.wei@example.com"_s);
    CHECK(values.ticketSubject == u"无法登录"_s);
    CHECK(values.ticketId == t.store->ticket(ticket)->displayId());
    CHECK(values.agentName == u"李娜"_s);

    QStringList unknown;
    const QString filled = CannedAnswerFiller::fill(
        u"{customer.name}您好，我是{agent.name}。关于工单 {ticket.id}（{ticket.subject}），回复将发到 {customer.email}。"_s,
        values, &unknown);
    CHECK(filled ==
          u"张伟您好，我是李娜。关于工单 %1（无法登录），回复将发到 zhang.wei@example.com。"_s.arg(values.ticketId));
    CHECK(unknown.isEmpty());
}

TEST_CASE("An unknown canned answer variable stays as written and is reported once", "[workflow][canned][bad-input]")
{
    CannedAnswerFiller::Values values;
    values.customerName = u"Ana"_s;
    QStringList unknown;
    CHECK(CannedAnswerFiller::fill(u"Hi {customer.nmae} and {customer.name}, {customer.nmae}! {not a variable}"_s,
                                   values,
                                   &unknown) == u"Hi {customer.nmae} and Ana, {customer.nmae}! {not a variable}"_s);
    CHECK(unknown == QStringList{u"{customer.nmae}"_s});
    CHECK(CannedAnswerFiller::fill(u"no variables"_s, values) == u"no variables"_s);
    CHECK(CannedAnswerFiller::help().contains(u"{agent.name}"_s));
}
