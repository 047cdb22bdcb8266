#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class LocalStore;

// Fills the variables of a canned answer from the ticket it goes into: {customer.name},
// {customer.email}, {customer.username}, {ticket.id}, {ticket.subject} and {agent.name}.
// An unknown variable stays as written, so a typo shows in the reply instead of vanishing.
class CannedAnswerFiller
{
    Q_DECLARE_TR_FUNCTIONS(CannedAnswerFiller)

public:
    struct Values {
        QString customerName, customerEmail, customerUsername;
        QString ticketId, ticketSubject;
        QString agentName;
    };

    static Values valuesFor(LocalStore &store, qint64 ticketId);
    // The text with every known variable replaced; the unknown ones listed in `unknown`.
    static QString fill(const QString &text, const Values &values, QStringList *unknown = nullptr);
    static QStringList variableNames();
    // One line for people who write answers: which variables there are.
    static QString help();
};
