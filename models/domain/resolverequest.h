#pragma once

#include "survey.h"

#include <QString>

struct ResolveRequest {
    qint64 ticketId = 0;
    Resolution resolution = Resolution::Resolved;
    SurveyMode mode = SurveyMode::Live;
    int score = 0; // live: 1 to 5
    QString comment;
    QString skipReason; // skipped: why
};
