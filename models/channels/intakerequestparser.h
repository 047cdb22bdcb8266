#pragma once

#include "intakerequest.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

// The JSON of POST /v1/requests (docs/intake-api.yaml) read into an IntakeRequest: every field
// of the right type and within its limit, or the first one that is not named for the sender.
class IntakeRequestParser
{
    Q_DECLARE_TR_FUNCTIONS(IntakeRequestParser)

public:
    struct Limits {
        qsizetype maxSubject = 300;
        qsizetype maxBody = 100'000;
        qsizetype maxAttachments = 10;
        qint64 maxAttachmentBytes = 10 * 1024 * 1024;
        qsizetype maxTags = 20;
        qsizetype maxTag = 50;
        qsizetype maxIdentifier = 200;
    };

    struct Problem {
        QString field; // "customer.email", "attachments[2].content_base64"; empty: the document
        QString message;
    };

    IntakeRequestParser(Channel sourceChannel, Limits limits);

    std::optional<IntakeRequest> parse(const QByteArray &json);
    const Problem &problem() const { return m_problem; }

private:
    bool fail(const QString &field, const QString &message);

    Channel m_sourceChannel;
    Limits m_limits;
    Problem m_problem;
};
