#pragma once

#include <QString>

// One agent as the supervisor board shows them: what they hold, what they solved today, how
// their customers rate them, and how much they should hold.
struct AgentLoad {
    static constexpr int maxCapacity = 500; // a capacity is 0 (no limit) to this

    qint64 agentId = 0;
    QString name;
    QString teamName;
    int role = 0;            // AgentRole
    qint64 open = 0;         // assigned and not yet solved (archived ones left out)
    qint64 solvedToday = 0;  // solved since midnight in the business calendar's time zone
    qint64 ratings = 0;      // answered satisfaction surveys
    double averageScore = 0; // of those, 1 to 5 (0 when none)
    int capacity = 0;        // 0: no limit set

    bool operator==(const AgentLoad &) const = default;
};
