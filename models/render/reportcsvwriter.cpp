#include "reportcsvwriter.h"

#include "csvexporter.h"

#include <QDir>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {

QByteArray line(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &field : fields)
        quoted.append(CsvExporter::quoted(field));
    return quoted.join(u',').toUtf8() + "\r\n";
}

} // namespace

bool ReportCsvWriter::write(const QString &folder, const QList<ReportTable> &tables)
{
    m_files.clear();
    m_error.clear();
    if (!QDir().mkpath(folder)) {
        m_error = tr("Cannot create the folder %1.").arg(folder);
        return false;
    }
    const QDir dir(folder);
    for (const ReportTable &table : tables) {
        const QString path = dir.filePath(table.key + u".csv"_s);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
        file.write("\xEF\xBB\xBF");
        file.write(line(table.headers));
        for (const QStringList &row : table.rows)
            file.write(line(row));
        if (!file.commit()) {
            m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
        m_files.append(path);
    }
    return true;
}
