#include "ticketclassifier.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Full-width Latin letters typed with a Chinese input method fold to plain ones, and case goes.
QString folded(const QString &text)
{
    return text.normalized(QString::NormalizationForm_KC).toCaseFolded();
}

// Letters that take part in Latin-style words; Chinese has no spaces between words, so a Han
// character next to a phrase never stops it matching.
bool isWordChar(QChar c)
{
    if (!c.isLetterOrNumber())
        return false;
    switch (c.script()) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
        return false;
    default:
        return true;
    }
}

bool containsPhrase(const QString &foldedText, QString phrase)
{
    phrase = phrase.trimmed();
    const bool prefix = phrase.endsWith(u'*');
    if (prefix)
        phrase.chop(1);
    phrase = folded(phrase.trimmed());
    if (phrase.isEmpty())
        return false;
    const bool startsWord = isWordChar(phrase.front());
    const bool endsWord = isWordChar(phrase.back()) && !prefix;
    for (qsizetype at = foldedText.indexOf(phrase); at >= 0; at = foldedText.indexOf(phrase, at + 1)) {
        const qsizetype end = at + phrase.size();
        if (startsWord && at > 0 && isWordChar(foldedText.at(at - 1)))
            continue;
        if (endsWord && end < foldedText.size() && isWordChar(foldedText.at(end)))
            continue;
        return true;
    }
    return false;
}

QString shownPhrase(QString phrase)
{
    phrase = phrase.trimmed();
    if (phrase.endsWith(u'*'))
        phrase.chop(1);
    return phrase.trimmed();
}

} // namespace

TicketClassifier::TicketClassifier(QList<ClassificationRule> rules)
    : m_rules(std::move(rules))
{}

std::optional<QString> TicketClassifier::matchedPhrase(const ClassificationRule &rule, const QString &text)
{
    const QString foldedText = folded(text);
    for (const QString &phrase : rule.phrases) {
        if (containsPhrase(foldedText, phrase))
            return shownPhrase(phrase);
    }
    return std::nullopt;
}

ClassificationSuggestion TicketClassifier::suggest(const ClassificationInput &input) const
{
    struct Match {
        const ClassificationRule *rule;
        QStringList why;
    };
    QList<Match> matches;
    const QString text = input.subject + u'\n' + input.text;
    for (const ClassificationRule &rule : m_rules) {
        if (!rule.enabled || !rule.hasCondition() || !rule.hasOutcome())
            continue;
        if (rule.channel && *rule.channel != input.channel)
            continue;
        if (rule.accountStatus && rule.accountStatus != input.accountStatus)
            continue;
        QStringList why;
        if (!rule.phrases.isEmpty()) {
            const std::optional<QString> phrase = matchedPhrase(rule, text);
            if (!phrase)
                continue;
            why << tr("matched %1").arg(*phrase);
        }
        if (rule.channel)
            why << tr("channel is %1").arg(fieldLabel(*rule.channel));
        if (rule.accountStatus)
            why << tr("account is %1").arg(fieldLabel(*rule.accountStatus).toLower());
        matches.append({&rule, why});
    }

    ClassificationSuggestion suggestion;
    const ClassificationRule *priorityRule = nullptr;
    for (const Match &match : matches) {
        if (match.rule->priority && (!priorityRule || *match.rule->priority > *priorityRule->priority))
            priorityRule = match.rule;
    }
    if (priorityRule)
        suggestion.priority = priorityRule->priority;
    // Only the rules that decided something are named, so the reason explains the suggestion.
    for (const Match &match : matches) {
        const ClassificationRule &rule = *match.rule;
        bool decided = &rule == priorityRule;
        if (rule.category && !suggestion.category) {
            suggestion.category = rule.category;
            decided = true;
        }
        if (rule.teamId != 0 && suggestion.teamId == 0) {
            suggestion.teamId = rule.teamId;
            decided = true;
        }
        for (const QString &tag : rule.tags) {
            if (!suggestion.tags.contains(tag)) {
                suggestion.tags << tag;
                decided = true;
            }
        }
        if (!decided)
            continue;
        suggestion.ruleIds << rule.id;
        suggestion.reasons << tr("%1: %2").arg(rule.name, match.why.join(tr(", ")));
    }
    return suggestion;
}

QString TicketClassifier::problem(const ClassificationRule &rule)
{
    if (rule.name.trimmed().isEmpty())
        return tr("Give the rule a name.");
    const bool onlyEmptyPhrases =
        !rule.phrases.isEmpty() && std::all_of(rule.phrases.cbegin(), rule.phrases.cend(),
                                               [](const QString &p) { return shownPhrase(p).isEmpty(); });
    if (onlyEmptyPhrases || !rule.hasCondition())
        return tr("A rule needs a condition: a phrase, a channel or an account state. Without one it would match "
                  "every ticket.");
    if (!rule.hasOutcome())
        return tr("A rule needs something to suggest: a category, a priority, a tag or a team.");
    return {};
}

QList<ClassificationRule> TicketClassifier::defaultRules()
{
    auto rule = [](const QString &name, QStringList phrases) {
        ClassificationRule r;
        r.name = name;
        r.phrases = std::move(phrases);
        return r;
    };
    QList<ClassificationRule> rules;

    ClassificationRule urgent =
        rule(tr("Urgent wording"), {u"紧急"_s, u"十万火急"_s, u"马上处理"_s, u"urgent"_s, u"asap"_s, u"immediately"_s});
    urgent.priority = Priority::Urgent;
    rules << urgent;

    ClassificationRule payment =
        rule(tr("Payment failure"),
             {u"支付失败"_s, u"付款失败"_s, u"扣款"_s, u"重复扣费"_s, u"退款"_s, u"支付"_s, u"付款"_s,
              u"payment fail*"_s, u"payment*"_s, u"card declined"_s, u"charged twice"_s, u"refund*"_s, u"charge*"_s});
    payment.category = Category::Payment;
    payment.priority = Priority::High;
    payment.tags = {u"payment"_s};
    rules << payment;

    ClassificationRule locked = rule(tr("Locked account"), {});
    locked.accountStatus = AccountStatus::Locked;
    locked.category = Category::Account;
    locked.priority = Priority::High;
    locked.tags = {u"locked"_s};
    rules << locked;

    ClassificationRule twoStep =
        rule(tr("Two-step verification"), {u"两步验证"_s, u"二次验证"_s, u"验证码"_s, u"2fa"_s, u"two-step"_s,
                                           u"two-factor"_s, u"verification code*"_s});
    twoStep.category = Category::Account;
    twoStep.tags = {u"2fa"_s};
    rules << twoStep;

    ClassificationRule account =
        rule(tr("Account and login"), {u"登录"_s, u"登陆"_s, u"密码"_s, u"账号"_s, u"账户"_s, u"被锁"_s, u"log in"_s,
                                       u"login*"_s, u"sign in"_s, u"password*"_s, u"locked out"_s, u"account*"_s});
    account.category = Category::Account;
    rules << account;

    ClassificationRule order =
        rule(tr("Order"), {u"订单"_s, u"发货"_s, u"物流"_s, u"快递"_s, u"收货地址"_s, u"修改地址"_s, u"order*"_s,
                           u"shipping"_s, u"shipment*"_s, u"delivery"_s, u"tracking"_s, u"parcel*"_s});
    order.category = Category::Order;
    rules << order;

    ClassificationRule technical = rule(
        tr("Technical problem"), {u"闪退"_s, u"崩溃"_s, u"报错"_s, u"无法打开"_s, u"打不开"_s, u"卡顿"_s, u"白屏"_s,
                                  u"crash*"_s, u"error*"_s, u"bug*"_s, u"not working"_s, u"freez*"_s, u"won't open"_s});
    technical.category = Category::Technical;
    rules << technical;

    ClassificationRule complaint =
        rule(tr("Complaint and feedback"), {u"投诉"_s, u"不满意"_s, u"建议"_s, u"反馈"_s, u"差评"_s, u"complain*"_s,
                                            u"feedback"_s, u"suggestion*"_s, u"disappointed"_s});
    complaint.category = Category::Complaint;
    rules << complaint;

    return rules;
}
