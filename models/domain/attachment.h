#pragma once

#include <QByteArray>
#include <QString>

struct Attachment {
    qint64 id = 0;
    qint64 messageId = 0;
    QString name;
    QString mimeType;
    qint64 size = 0;
    QByteArray content; // empty when only the listing was loaded, or when the bytes are not here
    // The content's SHA-256 in lower-case hex (empty for a file kept before files were shared).
    QString sha256;
    // Whether this desk has the bytes: in team mode a colleague's file stays on the server until
    // the desk fetches it (SyncEngine::fetchContent), and is kept here from then on.
    bool local = true;
};
