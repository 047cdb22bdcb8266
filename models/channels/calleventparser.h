#pragma once

#include "callevent.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

// The JSON of POST /v1/calls (docs/intake-api.yaml) read into a CallEvent: {"event": "newCall" |
// "answer" | "hangup", "call_id", "from", "to", "agent_login"}, each of the right type and within
// its limit, the caller's number one libphonenumber reads (in the desk's phone region), or the
// first field that is not named for the sender.
class CallEventParser
{
    Q_DECLARE_TR_FUNCTIONS(CallEventParser)

public:
    struct Problem {
        QString field; // "from", "agent_login"; empty: the document
        QString message;
    };

    static constexpr qsizetype maxIdentifier = 200;

    std::optional<CallEvent> parse(const QByteArray &json);
    const Problem &problem() const { return m_problem; }

    static QString eventKey(CallEvent::Kind kind);

private:
    bool fail(const QString &field, const QString &message);

    Problem m_problem;
};
