#pragma once

#include <QList>
#include <QString>

class LocalStore;

// Writes every ticket with its customer, messages and tags as one JSON object per
// line, the format JsonLinesImporter reads.
class JsonLinesExporter
{
public:
    explicit JsonLinesExporter(LocalStore &store);

    bool exportFile(const QString &path);
    // Only these tickets, in this order (an archive selection).
    bool exportTickets(const QString &path, const QList<qint64> &ticketIds);
    int exportedCount() const { return m_count; }
    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    int m_count = 0;
    QString m_error;
};
