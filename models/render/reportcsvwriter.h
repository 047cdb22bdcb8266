#pragma once

#include "reporttables.h"

#include <QCoreApplication>
#include <QStringList>

// A report's tables as CSV files in one folder, one file per table named after it
// (summary.csv, by_channel.csv, ...): RFC 4180 quoting, UTF-8 with a byte order mark so that
// Excel reads Chinese text right. Each file is written whole or not at all.
class ReportCsvWriter
{
    Q_DECLARE_TR_FUNCTIONS(ReportCsvWriter)

public:
    bool write(const QString &folder, const QList<ReportTable> &tables);
    QStringList writtenFiles() const { return m_files; }
    QString errorString() const { return m_error; }

private:
    QStringList m_files;
    QString m_error;
};
