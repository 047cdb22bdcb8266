#pragma once

#include "classificationrule.h"
#include "customer.h"

#include <QCoreApplication>
#include <QList>

struct ClassificationInput {
    QString subject;
    QString text; // the customer's first message
    Channel channel = Channel::Email;
    std::optional<AccountStatus> accountStatus; // unknown customer: no account condition holds
};

struct ClassificationSuggestion {
    std::optional<Category> category;
    std::optional<Priority> priority;
    QStringList tags;
    qint64 teamId = 0;
    QStringList reasons; // for people: "Payment failure: matched 支付失败"
    QList<qint64> ruleIds;

    bool isEmpty() const { return ruleIds.isEmpty(); }
};

// Suggests category, priority, tags and team for a new ticket from the rules, in their order.
// The first matching rule that sets a category (or a team) decides it; the highest priority of
// any matching rule wins, so an "urgent" rule needs no particular place; tags add up. The
// reasons name only the rules that decided something. The agent confirms: nothing here
// changes a ticket.
class TicketClassifier
{
    Q_DECLARE_TR_FUNCTIONS(TicketClassifier)

public:
    explicit TicketClassifier(QList<ClassificationRule> rules = {});

    const QList<ClassificationRule> &rules() const { return m_rules; }
    ClassificationSuggestion suggest(const ClassificationInput &input) const;

    // The phrase of `rule` found in `text`, if any (the text as written, not folded).
    static std::optional<QString> matchedPhrase(const ClassificationRule &rule, const QString &text);
    // Why a rule cannot be saved, or empty.
    static QString problem(const ClassificationRule &rule);
    // Rules for the brief's categories in Chinese and English, named in the current language.
    static QList<ClassificationRule> defaultRules();

private:
    QList<ClassificationRule> m_rules;
};
