#pragma once

#include "fieldcodes.h"
#include "resolverequest.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

class LocalStore;

// Solving a ticket as the window does it: with the customer's confirmation and their
// satisfaction, or, when they say it is not solved, keeping it open with a note saying so.
// What the request lacks (a score, a reason to skip the survey) is refused before anything is
// written; solving and its survey are one transaction.
class SurveyService
{
    Q_DECLARE_TR_FUNCTIONS(SurveyService)

public:
    explicit SurveyService(LocalStore &store);

    // Asked now on the phone or in the chat, a survey message later for the other channels.
    static SurveyMode defaultMode(Channel channel);
    // How long after solving a queued survey goes to the customer.
    int delayMinutes() const;

    // Why the request cannot be made, or empty.
    QString problem(const ResolveRequest &request) const;
    // The survey's id, or nullopt with errorString().
    std::optional<qint64> resolve(const ResolveRequest &request);
    bool keepOpen(qint64 ticketId, const QString &comment);

    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    QString m_error;
};
