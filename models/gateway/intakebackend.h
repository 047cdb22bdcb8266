#pragma once

#include "callevent.h"
#include "callintake.h"
#include "intakerequest.h"
#include "intakesource.h"
#include "requestintake.h"

#include <QList>
#include <QString>

#include <optional>

// Where the HTTP intake keeps what it takes: a standalone desk's store (LocalIntakeBackend) or
// the team's server. One connection, used by one of the HTTP server's threads.
class IntakeBackend
{
public:
    virtual ~IntakeBackend() = default;

    // nullopt with errorString() when they could not be read.
    virtual std::optional<QList<IntakeSource>> sources() = 0;
    virtual std::optional<RequestIntake::Result> take(const IntakeSource &source, const QString &webhookId,
                                                      const IntakeRequest &request) = 0;
    // A telephone system's call event (POST /v1/calls).
    virtual std::optional<CallIntake::Result> takeCall(const IntakeSource &source, const QString &webhookId,
                                                       const CallEvent &event) = 0;
    virtual QString errorString() const = 0;
};
