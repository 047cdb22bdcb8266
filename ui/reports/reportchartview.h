#pragma once

#include "reportcharts.h"

#include <QWidget>

// One report chart on screen, drawn in the window's palette by the painter the PDF uses too.
class ReportChartView : public QWidget
{
    Q_OBJECT

public:
    explicit ReportChartView(QWidget *parent = nullptr);

    const ReportChart &chart() const { return m_chart; }
    void setChart(const ReportChart &chart);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ReportChart m_chart;
};
