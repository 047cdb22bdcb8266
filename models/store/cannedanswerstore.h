#pragma once

#include "cannedanswer.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

class LocalStore;

// The team's canned answers, in the order the agents arranged them. CannedAnswerService decides
// what the window may save; this refuses only an answer without a title or a text. In team mode
// a public answer is published on the server's FAQ (faq.publish) and withdrawn from it
// (faq.withdraw) in the transaction that saves or removes it; the server refuses an agent's.
class CannedAnswerStore
{
    Q_DECLARE_TR_FUNCTIONS(CannedAnswerStore)

public:
    explicit CannedAnswerStore(LocalStore &store);

    QList<CannedAnswer> answers() const;
    // Those published as FAQ articles on the chat page.
    QList<CannedAnswer> publicAnswers() const;
    std::optional<qint64> save(const CannedAnswer &answer); // id 0 inserts
    bool remove(qint64 id);
    // The answers a new desk starts with.
    bool insertDefaults();

private:
    // Whether the answer is on the FAQ now, and the id it has there (inside the transaction).
    struct Published {
        bool isPublic = false;
        QString clientId;
    };
    std::optional<Published> published(qint64 id);

    LocalStore &m_store;
};
