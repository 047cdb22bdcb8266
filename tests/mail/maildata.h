#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// A sample mail of tests/mail/data (written by generate.py there), byte for byte.
inline QByteArray sampleMail(const char *name)
{
    QFile file(QStringLiteral(DESKLINE_SOURCE_DIR "/tests/mail/data/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}
