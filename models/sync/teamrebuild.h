#pragma once

#include "serveraddress.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

class Clock;

// A team desk's damaged local copy, made again from the server. What can still be read of the
// changes the server has not got yet (the outbox) and of the drafts is kept: a fresh copy is
// fetched beside the damaged file (so an unreachable server changes nothing), the kept changes
// and drafts go into it, named by the tickets' server ids, and it takes the damaged file's
// place, which is kept aside. For the program once its window and every connection are closed.
class TeamRebuild
{
    Q_DECLARE_TR_FUNCTIONS(TeamRebuild)

public:
    struct Outcome {
        int changesKept = 0;
        int changesLost = 0; // read, but about a ticket the server never had (its creation was lost)
        int draftsKept = 0;
        int draftsLost = 0;
        QString asidePath; // the damaged file, kept
    };

    TeamRebuild(QString storePath, ServerAddress address, const Clock &clock);

    std::optional<Outcome> run();
    QString errorString() const { return m_error; }
    // What the agent is told: how many changes and drafts were kept, and where the old file is.
    static QString describe(const Outcome &outcome);

private:
    QString m_storePath;
    ServerAddress m_address;
    const Clock &m_clock;
    QString m_error;
};
