#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

class LocalStore;

// One row per ticket (no message bodies) for spreadsheets: RFC 4180 quoting, UTF-8 with a byte
// order mark so that Excel reads Chinese text right.
class CsvExporter
{
    Q_DECLARE_TR_FUNCTIONS(CsvExporter)

public:
    explicit CsvExporter(LocalStore &store);

    bool exportTickets(const QString &path, const QList<qint64> &ticketIds);
    int exportedCount() const { return m_count; }
    QString errorString() const { return m_error; }

    static QString quoted(const QString &field);

private:
    LocalStore &m_store;
    int m_count = 0;
    QString m_error;
};
