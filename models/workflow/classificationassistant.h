#pragma once

#include "ticketclassifier.h"

#include <QCoreApplication>

class LocalStore;

// Classification for tickets already in the store: what the rules suggest for a new ticket
// beyond what it has already, and applying that in one transaction once the agent confirms.
class ClassificationAssistant
{
    Q_DECLARE_TR_FUNCTIONS(ClassificationAssistant)

public:
    explicit ClassificationAssistant(LocalStore &store);

    // What the rules would change on a ticket that is still new; empty when nothing.
    ClassificationSuggestion suggestionFor(qint64 ticketId) const;
    // The input the rules see: the subject, the customer's first message, the channel and
    // the customer's account state.
    std::optional<ClassificationInput> inputFor(qint64 ticketId) const;
    bool apply(qint64 ticketId, const ClassificationSuggestion &suggestion);
    // Why the last apply() was refused, in words for the agent.
    QString errorString() const;
    // One line for people: "Payment · High · #payment".
    static QString outcomeText(const ClassificationSuggestion &suggestion, const QString &teamName = {});

private:
    LocalStore &m_store;
};
