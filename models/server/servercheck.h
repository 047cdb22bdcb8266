#pragma once

#include "serveraddress.h"

#include <QString>

// Whether a desk can work with a server: a throwaway desk connection opened and closed again,
// safe on any thread (a dialog runs it off the UI thread), and why not, in words that say what
// to fix. The window asks this without seeing any SQL.
struct ServerCheck {
    enum class Problem {
        None,
        Unreachable,
        WrongPassword,
        NoDatabase,
        NoSchema,
        OldSchema,
        NewerSchema,
        NotAnAgent,
        NoDriver,
        Other
    };

    bool ok = false;
    Problem problem = Problem::None;
    QString message;

    static ServerCheck ofDesk(const ServerAddress &address);
};
