#include "reportchartview.h"

#include "reportchartpainter.h"

#include <QPainter>

ReportChartView::ReportChartView(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void ReportChartView::setChart(const ReportChart &chart)
{
    m_chart = chart;
    setAccessibleName(chart.title);
    update();
}

QSize ReportChartView::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 70,
            fontMetrics().height() * (m_chart.kind == ReportChart::Kind::HeatMap ? 16 : 14)};
}

QSize ReportChartView::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 12};
}

void ReportChartView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const int margin = fontMetrics().averageCharWidth();
    ReportChartPainter::paint(painter, QRectF(rect()).adjusted(margin, margin / 2.0, -margin, -margin / 2.0), m_chart,
                              ReportChartStyle::fromPalette(palette(), font()));
}
