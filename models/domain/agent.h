#pragma once

#include "fieldcodes.h"

#include <QString>

struct Agent {
    qint64 id = 0;
    QString login;
    QString name;
    qint64 teamId = 0;
    AgentRole role = AgentRole::Agent;
};
