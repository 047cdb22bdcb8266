#pragma once

#include "callevent.h"
#include "intakesource.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

class LocalStore;

// A telephone system's call events (POST /v1/calls) into the desk, each in one transaction
// with the webhook-id it came under, so a repeat gets the first answer and changes nothing.
// newCall notes the call ringing; answer gives it a phone ticket held by the answering agent
// (the caller found by number, or made from it); hangup keeps its length on that ticket, or,
// for a call nobody answered, opens a ticket in the phone queue (unassigned, tagged
// "missed-call") so that someone calls back. Events out of order still make one call: an
// answer or hangup whose newCall never came starts it.
class CallIntake
{
    Q_DECLARE_TR_FUNCTIONS(CallIntake)

public:
    static constexpr const char *missedTag = "missed-call";

    struct Result {
        int status = 0;    // the HTTP status the system is answered with
        QByteArray answer; // and the JSON
        bool repeat = false;
        qint64 callRowId = 0;
        qint64 ticketId = 0;
        QString agentLogin; // who answered, for the card on their desk
        bool answeredNow = false;
        bool endedNow = false;
    };

    explicit CallIntake(LocalStore &store);

    // nullopt with errorString() when the store refused it: nothing was written.
    std::optional<Result> take(const IntakeSource &source, const QString &webhookId, const CallEvent &event);
    QString errorString() const { return m_error; }

private:
    bool takeInto(const IntakeSource &source, const QString &webhookId, const CallEvent &event, Result &result);
    std::optional<qint64> callerOf(const QString &number, const QString &readable);
    std::optional<qint64> openTicket(qint64 customerId, const QString &subject, const QString &firstMessage,
                                     const QStringList &tags);

    LocalStore &m_store;
    QString m_error;
};
