#include "reportpdfwriter.h"

#include "reportchartpainter.h"
#include "reportcharts.h"
#include "reporttables.h"

#include <QDateTime>
#include <QFile>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int dotsPerInch = 144;

// Lays a report out top to bottom, starting a new page whenever the next piece does not fit.
class PageFlow
{
public:
    explicit PageFlow(QPdfWriter &writer)
        : m_writer(writer)
        , m_page(writer.pageLayout().paintRectPixels(dotsPerInch))
    {
        m_page.moveTo(0, 0);
    }

    double width() const { return m_page.width(); }
    double remaining() const { return m_page.height() - m_y; }
    double y() const { return m_y; }
    int pages() const { return m_pages; }
    void advance(double height) { m_y += height; }
    // Starts a new page unless `height` still fits on this one.
    void need(double height)
    {
        if (m_y > 0 && height > remaining())
            newPage();
    }
    void newPage()
    {
        m_writer.newPage();
        ++m_pages;
        m_y = 0;
    }

private:
    QPdfWriter &m_writer;
    QRect m_page;
    double m_y = 0;
    int m_pages = 1;
};

void drawTable(QPainter &painter, PageFlow &flow, const ReportTable &table, const QFont &base)
{
    QFont font = base;
    // Wide tables (an hour per column, or every agent figure) get smaller type.
    if (table.headers.size() > 8)
        font.setPointSizeF(base.pointSizeF() * (table.headers.size() > 12 ? 0.62 : 0.8));
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF metrics(font, painter.device());
    const QFontMetricsF boldMetrics(bold, painter.device());
    const double padding = metrics.averageCharWidth() * 0.6;
    const double rowHeight = metrics.height() * 1.5;

    // Columns as wide as their widest cell, shrunk together when the page is narrower; headings
    // wrap onto as many lines as they need.
    QList<double> widths;
    for (qsizetype c = 0; c < table.headers.size(); ++c) {
        double w = 0;
        for (const QStringList &row : table.rows) {
            if (c < row.size())
                w = std::max(w, metrics.horizontalAdvance(row[c]));
        }
        w = std::max(w, std::min(boldMetrics.horizontalAdvance(table.headers[c]), metrics.averageCharWidth() * 14));
        widths.append(w + 2 * padding);
    }
    double total = 0;
    for (double w : widths)
        total += w;
    const double scale = total > flow.width() ? flow.width() / total : 1.0;
    const double tableWidth = total * scale;
    for (double &w : widths)
        w *= scale;
    double headerHeight = rowHeight;
    for (qsizetype c = 0; c < table.headers.size(); ++c) {
        const QRectF needed =
            boldMetrics.boundingRect(QRectF(0, 0, widths[c] - 2 * padding, 1e6), Qt::TextWordWrap, table.headers[c]);
        headerHeight = std::max(headerHeight, needed.height() + 2 * padding);
    }

    QFont titleFont = base;
    titleFont.setBold(true);
    titleFont.setPointSizeF(base.pointSizeF() * 1.2);
    const double titleHeight = QFontMetricsF(titleFont, painter.device()).height() * 1.8;
    const auto drawHeader = [&] {
        double x = 0;
        painter.setFont(bold);
        for (qsizetype c = 0; c < table.headers.size(); ++c) {
            const QRectF cell(x, flow.y(), widths[c], headerHeight);
            painter.fillRect(cell, QColor(0xe8, 0xee, 0xf6));
            painter.drawText(cell.adjusted(padding, padding, -padding, -padding),
                             Qt::TextWordWrap | (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                             table.headers[c]);
            x += widths[c];
        }
        flow.advance(headerHeight);
    };

    flow.need(titleHeight + headerHeight + rowHeight * std::min<qsizetype>(3, table.rows.size()));
    painter.setFont(titleFont);
    painter.setPen(Qt::black);
    painter.drawText(QRectF(0, flow.y(), flow.width(), titleHeight), Qt::AlignLeft | Qt::AlignVCenter, table.title);
    flow.advance(titleHeight);
    drawHeader();
    painter.setFont(font);
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        if (rowHeight > flow.remaining()) {
            flow.newPage();
            drawHeader();
            painter.setFont(font);
        }
        double x = 0;
        if (r % 2 == 1)
            painter.fillRect(QRectF(0, flow.y(), tableWidth, rowHeight), QColor(0xf6, 0xf6, 0xf6));
        const QStringList &row = table.rows[r];
        for (qsizetype c = 0; c < table.headers.size() && c < row.size(); ++c) {
            const QRectF cell(x + padding, flow.y(), widths[c] - 2 * padding, rowHeight);
            painter.drawText(cell, (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                             metrics.elidedText(row[c], Qt::ElideRight, cell.width()));
            x += widths[c];
        }
        flow.advance(rowHeight);
    }
    flow.advance(rowHeight);
}

} // namespace

bool ReportPdfWriter::write(const QString &path, const Report &report)
{
    m_error.clear();
    m_pages = 0;
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        m_error = tr("Writing a PDF needs the graphical part of Qt, which this program did not start.");
        return false;
    }
    // Written to a temporary file and moved into place at the end: a failed report never
    // replaces a good one, and nobody opens half a file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QPdfWriter writer(&file);
    writer.setResolution(dotsPerInch);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout::Millimeter));
    writer.setTitle(tr("Deskline report: %1").arg(ReportTables::title(report)));
    writer.setCreator(u"Deskline"_s);

    QPainter painter;
    if (!painter.begin(&writer)) {
        m_error = tr("Cannot write %1.").arg(path);
        return false;
    }
    PageFlow flow(writer);
    QFont base = QGuiApplication::font();
    base.setPointSizeF(9);

    QFont heading = base;
    heading.setBold(true);
    heading.setPointSizeF(18);
    const double headingHeight = QFontMetricsF(heading, painter.device()).height() * 1.6;
    painter.setFont(heading);
    painter.drawText(QRectF(0, 0, flow.width(), headingHeight), Qt::AlignLeft | Qt::AlignVCenter, tr("Support report"));
    flow.advance(headingHeight);
    QFont sub = base;
    sub.setPointSizeF(11);
    const double subHeight = QFontMetricsF(sub, painter.device()).height() * 1.5;
    painter.setFont(sub);
    for (const QString &line :
         {ReportTables::title(report),
          tr("Tickets created in the period, archived ones included; times in business hours (%1).")
              .arg(report.zone.id().isEmpty() ? u"UTC"_s : QString::fromUtf8(report.zone.id())),
          tr("Made %1").arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat))}) {
        painter.drawText(QRectF(0, flow.y(), flow.width(), subHeight), Qt::AlignLeft | Qt::AlignVCenter, line);
        flow.advance(subHeight);
    }
    flow.advance(subHeight);

    const QList<ReportTable> tables = ReportTables::build(report);
    drawTable(painter, flow, tables.first(), base);

    ReportChartStyle style;
    style.font = base;
    const double chartHeight = flow.width() * 0.42;
    for (const ReportChart &chart : ReportCharts::build(report)) {
        flow.need(chartHeight);
        ReportChartPainter::paint(painter, QRectF(0, flow.y(), flow.width(), chartHeight * 0.92), chart, style);
        flow.advance(chartHeight);
    }
    flow.newPage();
    for (qsizetype i = 1; i < tables.size(); ++i)
        drawTable(painter, flow, tables[i], base);

    if (!painter.end()) {
        m_error = tr("Cannot write %1.").arg(path);
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    m_pages = flow.pages();
    return true;
}
