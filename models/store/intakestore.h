#pragma once

#include "intakesource.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The HTTP intake's sources and the requests they posted, on a standalone desk.
class IntakeStore
{
    Q_DECLARE_TR_FUNCTIONS(IntakeStore)

public:
    // What a request was answered when it was taken: given again, word for word, to a repeat.
    struct Answer {
        int status = 0;
        QByteArray body;
    };

    explicit IntakeStore(LocalStore &store);

    QList<IntakeSource> sources() const;
    std::optional<IntakeSource> source(const QString &name) const;
    std::optional<qint64> addSource(const IntakeSource &source);
    bool removeSource(qint64 id);

    std::optional<Answer> answered(qint64 sourceId, const QString &webhookId) const;
    // The newest ticket of the source's conversation, or nullopt when it has none.
    std::optional<qint64> ticketOfConversation(qint64 sourceId, const QString &externalId) const;
    // The customer a request is from: by the source's own id for them, else by email, else by
    // phone (national number, however written). nullopt when none matches.
    std::optional<qint64> customerFor(qint64 sourceId, const QString &externalId, const QString &email,
                                      const QString &phone) const;
    static QString customerExternalId(qint64 sourceId, const QString &externalId);
    bool recordRequest(qint64 sourceId, const QString &webhookId, const QString &externalId, qint64 ticketId,
                       const Answer &answer);

private:
    LocalStore &m_store;
};
