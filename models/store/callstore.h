#pragma once

#include "phonecall.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The calls of the phone channel (step 22): rows of one call as its events arrive, and the
// ticket each belongs to. Writes join the caller's transaction (LocalStore::transaction).
class CallStore
{
    Q_DECLARE_TR_FUNCTIONS(CallStore)

public:
    explicit CallStore(LocalStore &store);

    std::optional<PhoneCall> call(qint64 id) const;
    // The call the telephone system knows by this id, posted by this source.
    std::optional<PhoneCall> callOf(qint64 sourceId, const QString &callId) const;
    // The ticket's calls, oldest first.
    QList<PhoneCall> callsOfTicket(qint64 ticketId) const;
    // How long the ticket's calls lasted together.
    qint64 talkTimeMs(qint64 ticketId) const;
    // The customer this national number belongs to (the oldest when several share it).
    std::optional<qint64> customerByNationalNumber(const QString &nationalDigits) const;

    std::optional<qint64> addCall(const PhoneCall &call);
    bool setTicket(qint64 id, qint64 ticketId, qint64 customerId);
    bool setAnswered(qint64 id, const QString &agentLogin, qint64 atMs);
    bool setEnded(qint64 id, qint64 atMs, qint64 durationMs);

private:
    LocalStore &m_store;
};
