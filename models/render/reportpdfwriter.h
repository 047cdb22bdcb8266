#pragma once

#include "report.h"

#include <QCoreApplication>
#include <QString>

// The report as a PDF on A4: a first page with the period, the team and the summary, then
// every chart, then every table (split over pages, headings repeated). Needs a
// QGuiApplication for its fonts; deskctl makes one on the offscreen platform.
class ReportPdfWriter
{
    Q_DECLARE_TR_FUNCTIONS(ReportPdfWriter)

public:
    bool write(const QString &path, const Report &report);
    QString errorString() const { return m_error; }
    int pageCount() const { return m_pages; }

private:
    QString m_error;
    int m_pages = 0;
};
