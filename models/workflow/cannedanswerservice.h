#pragma once

#include "cannedanswer.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class LocalStore;

// The team's canned answers as the window lists, edits and inserts them. An answer without a
// title or a text is refused before anything is written.
class CannedAnswerService
{
    Q_DECLARE_TR_FUNCTIONS(CannedAnswerService)

public:
    explicit CannedAnswerService(LocalStore &store);

    QList<CannedAnswer> answers() const;
    // Adds the answer (id 0) or changes it; its id, or nullopt with errorString().
    std::optional<qint64> save(const CannedAnswer &answer);
    bool remove(qint64 id);
    // The answer's text with the ticket's customer, number and agent in its variables; the
    // variables it does not know stay as written and are listed in `unknown`.
    QString filledFor(const CannedAnswer &answer, qint64 ticketId, QStringList *unknown = nullptr) const;

    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    QString m_error;
};
