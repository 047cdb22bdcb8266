#pragma once

#include <QByteArray>
#include <QString>

struct Attachment {
    qint64 id = 0;
    qint64 messageId = 0;
    QString name;
    QString mimeType;
    qint64 size = 0;
    QByteArray content; // empty when only the listing was loaded
};
