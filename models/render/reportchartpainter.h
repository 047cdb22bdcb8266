#pragma once

#include "reportcharts.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QRectF>

class QPainter;
class QPalette;

// Colours and type a chart is drawn with: the window's palette on screen, black on white in
// the PDF.
struct ReportChartStyle {
    QColor text = Qt::black;
    QColor grid = QColor(0xd0, 0xd0, 0xd0);
    QColor mark = QColor(0x2b, 0x6c, 0xb0); // bars, the line, the hottest heat-map cell
    QColor background = Qt::white;
    QFont font;

    static ReportChartStyle fromPalette(const QPalette &palette, const QFont &font);
};

// Draws one report chart into a rectangle of any paint device: a widget, an image, a PDF page.
// Labels that would collide are thinned out, values are printed where they fit, and a chart
// without data says so instead of drawing empty axes.
class ReportChartPainter
{
    Q_DECLARE_TR_FUNCTIONS(ReportChartPainter)

public:
    static void paint(QPainter &painter, const QRectF &rect, const ReportChart &chart, const ReportChartStyle &style);

private:
    static void paintBarsOrLine(QPainter &painter, const QRectF &area, const ReportChart &chart,
                                const ReportChartStyle &style);
    static void paintHeatMap(QPainter &painter, const QRectF &area, const ReportChart &chart,
                             const ReportChartStyle &style);
};
