#pragma once

#include "resolverequest.h"
#include "survey.h"
#include "ticket.h"

#include <QCoreApplication>

#include <optional>

class LocalStore;

// Solving with the customer's confirmation and their satisfaction. Solving, the survey row,
// the history entry and (team mode) the mutations are one transaction. Queued surveys go out
// as a message from the agent who solved the ticket once their delay has passed (and by mail
// for a ticket that came by mail).
class SurveyStore
{
    Q_DECLARE_TR_FUNCTIONS(SurveyStore)

public:
    static constexpr int defaultDelayMinutes = 60;
    static constexpr int maxDelayMinutes = 7 * 24 * 60;

    explicit SurveyStore(LocalStore &store);

    // Phone and chat customers are still there to answer; the others get a message.
    static bool isLiveChannel(Channel channel);
    static SurveyMode defaultMode(Channel channel);
    int delayMinutes() const;
    bool setDelayMinutes(int minutes);

    QString problem(const ResolveRequest &request) const;
    // Solves the ticket and records the survey; refused for "not resolved" (the ticket stays
    // open: see keepOpen) and for what problem() names.
    std::optional<qint64> resolve(const ResolveRequest &request);
    // The customer said it is not solved: an internal note says so; the ticket stays as it is.
    bool keepOpen(qint64 ticketId, const QString &comment);
    // The customer's rating at the end of a live chat (the chat page, issue 18): the live mode of
    // the survey, for the agent the ticket is with, without changing its status; a second
    // rating of the same chat replaces the first.
    bool recordLive(qint64 ticketId, int score, const QString &comment);
    // The customer's later answer to a survey sent to them.
    bool recordAnswer(qint64 ticketId, int score, const QString &comment);
    // Sends what is due of this agent's queued surveys; how many, or -1 (see the store's error).
    int sendDue(int limit = 200);
    // What the survey message says to the customer; mailText when it goes by mail, saying how to
    // answer so that MailIntake recognises the score (SatisfactionRating).
    static QString messageText(const QString &ticketDisplayId);
    static QString mailText(const QString &ticketDisplayId);
    // The ticket's survey that was sent and is not answered yet: the one a mailed score answers.
    std::optional<Survey> awaitingAnswer(qint64 ticketId) const;

    QList<Survey> surveys(qint64 ticketId) const;

private:
    bool sendOne(const Ticket &ticket);

    LocalStore &m_store;
};
