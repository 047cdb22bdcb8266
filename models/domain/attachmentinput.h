#pragma once

#include <QByteArray>
#include <QString>

struct AttachmentInput {
    QString name;
    QString mimeType;
    QByteArray content;
};
