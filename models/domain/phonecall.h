#pragma once

#include <QDateTime>
#include <QString>

// One telephone call: posted by the telephone system to the gateway (newCall, answer, hangup),
// or taken by an agent from a tel: link or `deskline --call`. Its ticket keeps how long it lasted.
struct PhoneCall {
    qint64 id = 0;
    qint64 sourceId = 0; // the intake source that posted it; 0: taken at the desk
    QString callId;      // the telephone system's id of the call; empty for one taken at the desk
    qint64 ticketId = 0; // 0 while it rings
    qint64 customerId = 0;
    QString fromNumber; // the caller, as E.164 when it is a phone number
    QString toNumber;   // the number called (the hotline), as given
    QString agentLogin; // who answered; empty while it rings, or for a missed call
    QDateTime startedAt;
    QDateTime answeredAt;  // invalid: not answered (yet)
    QDateTime endedAt;     // invalid: still going
    qint64 durationMs = 0; // answered to hung up

    bool answered() const { return answeredAt.isValid(); }
    bool ended() const { return endedAt.isValid(); }
    bool missed() const { return ended() && !answered(); }
};
