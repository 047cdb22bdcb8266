#include "cannedanswerfiller.h"
#include "cannedanswerservice.h"
#include "cannedanswerstore.h"
#include "catchcompat.h"
#include "faqsearch.h"
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

TEST_CASE("A canned answer published in the FAQ keeps its Chinese and English article, and only a supervisor publishes "
          "in team mode",
          "[workflow][canned][faq]")
{
    TestStore t;
    CannedAnswerService answers(*t.store);
    CannedAnswer answer;
    answer.title = u"Password reset"_s;
    answer.body = u"Use \"Forgot password\"."_s;
    answer.language = u"en"_s;
    answer.isPublic = true;
    answer.titleZh = u" 重置密码 "_s;
    answer.bodyZh = u"点击“忘记密码”。"_s;
    const auto id = answers.save(answer); // a desk on its own is its own team
    REQUIRE(id);
    const CannedAnswer kept = CannedAnswerStore(*t.store).publicAnswers().value(0);
    CHECK(kept.id == *id);
    CHECK(kept.isPublic);
    CHECK(kept.titleZh == u"重置密码"_s);
    CHECK(kept.bodyZh == u"点击“忘记密码”。"_s);
    CHECK(kept.titleEn.isEmpty()); // the answer's own title stands in for English
    CHECK(FaqSearch::articleIn(kept, u"en"_s)->title == u"Password reset"_s);
    CHECK(FaqSearch::articleIn(kept, u"zh_CN"_s)->title == u"重置密码"_s);

    // In team mode an agent may neither publish nor change or withdraw a published answer.
    t.store->setTeamMode(true);
    CannedAnswer other;
    other.title = u"Refunds"_s;
    other.body = u"Within 5 days."_s;
    other.isPublic = true;
    CHECK(!answers.save(other));
    CHECK(answers.errorString().contains(u"supervisor"_s));
    CannedAnswer withdrawn = kept;
    withdrawn.isPublic = false;
    CHECK(!answers.save(withdrawn));
    other.isPublic = false;
    CHECK(answers.save(other)); // a private one is anyone's
    t.signInAsSupervisor();
    CHECK(answers.save(withdrawn));
    CHECK(CannedAnswerStore(*t.store).publicAnswers().isEmpty());
}

TEST_CASE("The FAQ search matches every word in either language, Chinese by one or two characters", "[domain][faq]")
{
    const auto make = [](qint64 id, const QString &title, const QString &body, const QString &language, bool isPublic) {
        CannedAnswer answer;
        answer.id = id;
        answer.title = title;
        answer.body = body;
        answer.language = language;
        answer.isPublic = isPublic;
        return answer;
    };
    CannedAnswer login = make(1, u"登录失败"_s, u"请检查账号和密码是否正确。"_s, u"zh_CN"_s, true);
    login.titleEn = u"Cannot sign in"_s;
    login.bodyEn = u"Check your account name and password."_s;
    const CannedAnswer order = make(2, u"Where is my order"_s, u"Track it under My orders."_s, u"en"_s, true);
    const CannedAnswer hidden = make(3, u"登录 internal"_s, u"only for agents"_s, QString(), false);
    const QList<CannedAnswer> all{login, order, hidden};
    const auto titles = [&](const QString &query, const QString &language) {
        QStringList result;
        for (const FaqArticle &article : FaqSearch::search(all, query, language))
            result.append(article.title);
        return result;
    };
    CHECK(titles(u"登录"_s, u"zh_CN"_s) == QStringList{u"登录失败"_s});
    CHECK(titles(u"登"_s, u"en"_s) == QStringList{u"Cannot sign in"_s});
    CHECK(titles(u"密码"_s, u"zh_CN"_s) == QStringList{u"登录失败"_s});
    CHECK(titles(u"ORDER"_s, u"zh_CN"_s) == QStringList{u"Where is my order"_s}); // no Chinese: English shown
    CHECK(titles(u"password account"_s, u"en"_s) == QStringList{u"Cannot sign in"_s});
    CHECK(titles(u"password parcel"_s, u"en"_s).isEmpty());
    CHECK(titles(u"internal"_s, u"en"_s).isEmpty());
    CHECK(titles(QString(), u"en"_s) == QStringList{u"Cannot sign in"_s, u"Where is my order"_s});
    // Title hits rank before text hits.
    CHECK(titles(u"my"_s, u"en"_s).value(0) == u"Where is my order"_s);

    CHECK(FaqSearch::languageFor(u"zh-CN,zh;q=0.9,en;q=0.8"_s) == u"zh_CN"_s);
    CHECK(FaqSearch::languageFor(u"en-GB,en;q=0.9"_s) == u"en"_s);
    CHECK(FaqSearch::languageFor(u"fr-FR, zh-TW;q=0.5"_s) == u"zh_CN"_s);
    CHECK(FaqSearch::languageFor(u"de"_s) == u"en"_s);
    CHECK(FaqSearch::languageFor(QString()) == u"en"_s);
}
