#pragma once

#include "fieldcodes.h"

#include <QString>

// A system that posts customers' requests to the gateway over HTTP: a web form, a bridge to a
// social-media account, a chat service. Its signing secret is not here: it never enters the
// store (IntakeSecrets keeps it in an owner-only file).
struct IntakeSource {
    // Requests a source may post within a minute before it is told to wait (429).
    static constexpr int defaultRequestsPerMinute = 600;

    qint64 id = 0;
    QString name;
    Channel channel = Channel::Web;
    QString replyUrl; // where agents' public replies go as signed webhooks; empty: nowhere
    int requestsPerMinute = defaultRequestsPerMinute;
};
