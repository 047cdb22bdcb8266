#pragma once

#include "intakerequest.h"
#include "intakesource.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

class LocalStore;

// A request posted by an intake source into the desk: a new ticket, or a message on the ticket
// of the same conversation (a follow-up when that is closed). The request, its answer and the
// webhook-id it came under are one transaction, so the same webhook-id posted again (a retry
// after a timeout) gets the first answer and adds nothing.
class RequestIntake
{
    Q_DECLARE_TR_FUNCTIONS(RequestIntake)

public:
    enum class Outcome { NewTicket, AddedToTicket, FollowUp, Repeat };

    struct Result {
        Outcome outcome = Outcome::Repeat;
        qint64 ticketId = 0;
        int status = 0;    // the HTTP status the source is answered with
        QByteArray answer; // the JSON it is answered with
    };

    explicit RequestIntake(LocalStore &store);

    // nullopt with errorString() when the store refused it: nothing was written, and the
    // source may post it again.
    std::optional<Result> take(const IntakeSource &source, const QString &webhookId, const IntakeRequest &request);

    QString errorString() const { return m_error; }

    // The answer to a request taken: {"ticket": "T-000123", "id": 123, "outcome": "new_ticket"}.
    static QByteArray answerFor(Outcome outcome, qint64 ticketId, const QString &ticketLabel);
    // What an agent reads as the customer's message: the body, or a line saying only files came.
    static QString bodyOf(const IntakeRequest &request);
    // The ticket's subject: the request's, or the start of its text, or a word saying there was none.
    static QString subjectOf(const IntakeRequest &request);
    // A new customer's name: as the source gave it, or their username or address, or the source's.
    static QString customerNameOf(const IntakeSource &source, const IntakeRequest::Person &person);

private:
    bool takeInto(const IntakeSource &source, const QString &webhookId, const IntakeRequest &request, Result &result);
    std::optional<qint64> customerOf(const IntakeSource &source, const IntakeRequest &request);

    LocalStore &m_store;
    QString m_error;
};
