#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

// A change this desk made that the server refused, kept until the agent has read it.
struct SyncIssue {
    Q_DECLARE_TR_FUNCTIONS(SyncIssue)

public:
    qint64 id = 0;
    QString mutation; // "ticket.claim", "message.add", ...
    qint64 ticketId = 0;
    QString reason; // the server's code: "already_claimed", "invalid_transition", ...
    QString detail; // the server's own words, for the tooltip
    QDateTime at;

    // What the agent tried, and why it did not happen, in their language.
    static QString actionText(const QString &mutation);
    static QString reasonText(const QString &reason);
};
