#pragma once

#include <QString>

// What a telephone system posts to the gateway's POST /v1/calls, already checked.
struct CallEvent {
    enum class Kind { NewCall, Answer, Hangup };

    Kind kind = Kind::NewCall;
    QString callId;     // the telephone system's id, the same for the call's three events
    QString from;       // the caller's number as the system gave it
    QString to;         // the number called
    QString agentLogin; // answer: the login of the agent who took it
};
