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
    // From a damaged store: every ticket that can still be read. Its ids come from the table and
    // from two of its indexes (a damaged page of one leaves the others), each read as far as it
    // goes; unreadableCount() says how many of the ids found could not be read.
    bool exportReadable(const QString &path);
    int unreadableCount() const { return m_unreadable; }
    // Only these tickets, in this order (an archive selection).
    bool exportTickets(const QString &path, const QList<qint64> &ticketIds);
    int exportedCount() const { return m_count; }
    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    int m_count = 0;
    int m_unreadable = 0;
    QString m_error;
};
