#include "catchcompat.h"
#include "classificationrulestore.h"
#include "rulesservice.h"
#include "teststore.h"
#include "ticketclassifier.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace {

ClassificationSuggestion suggestFor(const QString &subject, const QString &text = {}, Channel channel = Channel::Email,
                                    std::optional<AccountStatus> account = AccountStatus::Active)
{
    return TicketClassifier(TicketClassifier::defaultRules()).suggest({subject, text, channel, account});
}

} // namespace

TEST_CASE("Default rules classify Chinese requests and say which phrase matched", "[workflow][classification]")
{
    const auto payment = suggestFor(u"订单支付失败"_s, u"昨天付款时提示支付失败，但是钱被扣了"_s);
    CHECK(payment.category == Category::Payment);
    CHECK(payment.priority == Priority::High);
    CHECK(payment.tags.contains(u"payment"_s));
    REQUIRE(!payment.reasons.isEmpty());
    CHECK(payment.reasons.first().contains(u"支付失败"_s));

    const auto login = suggestFor(u"无法登录"_s, u"一直提示密码错误"_s);
    CHECK(login.category == Category::Account);
    CHECK(!login.priority);
    CHECK(login.reasons.join(u' ').contains(u"登录"_s));

    const auto twoStep = suggestFor(u"收不到验证码"_s);
    CHECK(twoStep.category == Category::Account);
    CHECK(twoStep.tags == QStringList{u"2fa"_s});

    CHECK(suggestFor(u"物流一直没有更新"_s).category == Category::Order);
    CHECK(suggestFor(u"应用闪退"_s).category == Category::Technical);
    CHECK(suggestFor(u"我要投诉客服态度"_s).category == Category::Complaint);
    CHECK(suggestFor(u"你好"_s, u"请问营业时间"_s).isEmpty());
}

TEST_CASE("Default rules classify English requests by whole words", "[workflow][classification]")
{
    CHECK(suggestFor(u"Payment failed at checkout"_s).category == Category::Payment);
    CHECK(suggestFor(u"I was charged twice"_s).category == Category::Payment);
    CHECK(suggestFor(u"Where is my REFUND?"_s).category == Category::Payment); // case and trailing *
    CHECK(suggestFor(u"Cannot log in since yesterday"_s).category == Category::Account);
    CHECK(suggestFor(u"App crashes on start"_s).category == Category::Technical);
    CHECK(suggestFor(u"Tracking number please"_s).category == Category::Order);
    // "error*" must not fire inside another word, nor "order*" inside "border".
    CHECK(suggestFor(u"The border of the display looks odd"_s).isEmpty());
    // Full-width letters typed with a Chinese input method fold to plain ones.
    CHECK(suggestFor(u"ＬＯＧＩＮ 问题"_s).category == Category::Account);
}

TEST_CASE("The highest priority of any matching rule wins and tags add up", "[workflow][classification]")
{
    const auto urgentPayment = suggestFor(u"紧急：支付失败"_s);
    CHECK(urgentPayment.category == Category::Payment);
    CHECK(urgentPayment.priority == Priority::Urgent); // the urgent rule comes first, payment says only high
    CHECK(urgentPayment.ruleIds.size() == 2);

    const auto locked = suggestFor(u"密码"_s, {}, Channel::Phone, AccountStatus::Locked);
    CHECK(locked.category == Category::Account);
    CHECK(locked.priority == Priority::High);
    CHECK(locked.tags == QStringList{u"locked"_s});
    CHECK(locked.reasons.first().contains(fieldLabel(AccountStatus::Locked).toLower()));
    // Without a known customer no account condition holds.
    CHECK(suggestFor(u"hello"_s, {}, Channel::Phone, std::nullopt).isEmpty());
}

TEST_CASE("Channel conditions, team outcomes and disabled rules", "[workflow][classification]")
{
    ClassificationRule social;
    social.id = 1;
    social.name = u"Social escalations"_s;
    social.channel = Channel::Social;
    social.phrases = {u"差评"_s};
    social.teamId = 7;
    social.priority = Priority::High;
    ClassificationRule off = social;
    off.id = 2;
    off.enabled = false;
    off.teamId = 9;
    const TicketClassifier classifier({off, social});

    const auto onSocial = classifier.suggest({u"给你们差评"_s, {}, Channel::Social, std::nullopt});
    CHECK(onSocial.teamId == 7);
    CHECK(onSocial.ruleIds == QList<qint64>{1});
    CHECK(onSocial.reasons.first().contains(fieldLabel(Channel::Social)));
    CHECK(classifier.suggest({u"给你们差评"_s, {}, Channel::Email, std::nullopt}).isEmpty());
}

TEST_CASE("A rule without a name, condition or outcome is refused with the reason",
          "[workflow][classification][bad-input]")
{
    TestStore t;
    t.signInAsSupervisor();
    RulesService rules(*t.store);
    ClassificationRule rule;
    rule.name = u"Everything"_s;
    rule.category = Category::Other;
    CHECK(!rules.save(rule));
    CHECK(rules.errorString().contains(u"condition"_s));

    rule.phrases = {u"  "_s, u"*"_s};
    CHECK(!rules.save(rule));

    rule.phrases = {u"发票"_s};
    rule.category.reset();
    CHECK(!rules.save(rule));
    CHECK(rules.errorString().contains(u"suggest"_s));

    rule.category = Category::Order;
    rule.name = u"  "_s;
    CHECK(!rules.save(rule));
    CHECK(rules.rules().isEmpty()); // nothing half-written
}

TEST_CASE("Rules are stored in order, edited, moved and deleted", "[workflow][classification][store]")
{
    TestStore t;
    t.signInAsSupervisor();
    RulesService rules(*t.store);
    QSignalSpy changed(t.store.get(), &LocalStore::classificationRulesChanged);
    REQUIRE(rules.ensureDefaults());
    const int defaults = int(TicketClassifier::defaultRules().size());
    REQUIRE(rules.rules().size() == defaults);
    CHECK(changed.size() == 1);

    ClassificationRule invoice;
    invoice.name = u"Invoice"_s;
    invoice.phrases = {u"发票"_s, u"invoice*"_s};
    invoice.channel = Channel::Email;
    invoice.category = Category::Order;
    invoice.priority = Priority::Low;
    invoice.tags = {u"invoice"_s};
    const auto id = rules.save(invoice);
    REQUIRE(id);
    QList<ClassificationRule> stored = rules.rules();
    REQUIRE(stored.size() == defaults + 1);
    CHECK(stored.last().id == *id);
    CHECK(stored.last().phrases == invoice.phrases);
    CHECK(stored.last().channel == Channel::Email);
    CHECK(!stored.last().accountStatus);
    CHECK(stored.last().priority == Priority::Low);
    CHECK(stored.last().tags == invoice.tags);

    REQUIRE(rules.move(*id, -1));
    stored = rules.rules();
    CHECK(stored.at(defaults - 1).id == *id);
    CHECK(!rules.move(stored.first().id, -1)); // already first

    invoice.id = *id;
    invoice.enabled = false;
    REQUIRE(rules.save(invoice));
    CHECK(!rules.rules().at(defaults - 1).enabled);

    // The defaults are written once: deleting them all is respected on the next start.
    for (const ClassificationRule &rule : rules.rules())
        REQUIRE(rules.remove(rule.id));
    REQUIRE(rules.ensureDefaults());
    CHECK(rules.rules().isEmpty());

    invoice.name = u"gone"_s;
    CHECK(!rules.save(invoice));
    CHECK(rules.errorString().contains(u"deleted"_s));
}

TEST_CASE("Rules written by a store survive reopening it", "[workflow][classification][store]")
{
    TestStore t;
    REQUIRE(ClassificationRuleStore(*t.store).ensureDefaults());
    const auto before = ClassificationRuleStore(*t.store).rules();
    t.store->close();
    REQUIRE(t.store->open(t.path()));
    const auto after = ClassificationRuleStore(*t.store).rules();
    REQUIRE(after.size() == before.size());
    for (qsizetype i = 0; i < after.size(); ++i) {
        CHECK(after[i].name == before[i].name);
        CHECK(after[i].phrases == before[i].phrases);
        CHECK(after[i].category == before[i].category);
    }
}

TEST_CASE("Only the rules that decided something are given as the reason", "[workflow][classification]")
{
    // "白屏" matches the technical rule too, but the account rule above it decided the category.
    const auto suggestion = suggestFor(u"扫码登录后白屏"_s);
    CHECK(suggestion.category == Category::Account);
    REQUIRE(suggestion.reasons.size() == 1);
    CHECK(suggestion.reasons.first().contains(u"登录"_s));
    CHECK(!suggestion.reasons.first().contains(u"白屏"_s));
}

TEST_CASE("An agent cannot change the rules", "[workflow][classification][roles]")
{
    TestStore t; // li.na, an agent
    RulesService rules(*t.store);
    REQUIRE(rules.ensureDefaults()); // every desk writes the defaults once
    ClassificationRule rule;
    rule.name = u"Mine"_s;
    rule.phrases = {u"x"_s};
    rule.category = Category::Other;
    CHECK(!rules.save(rule));
    CHECK(rules.errorString().contains(u"supervisor"_s));
    CHECK(!rules.remove(rules.rules().first().id));
    CHECK(!rules.move(rules.rules().last().id, -1));
    CHECK(rules.rules().size() == TicketClassifier::defaultRules().size());
}
