#include "reportchartpainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// A step of 1, 2 or 5 times a power of ten that splits 0..top into about four.
double niceStep(double top)
{
    if (top <= 0)
        return 1;
    const double rough = top / 4.0;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * power >= rough)
            return factor * power;
    }
    return 10.0 * power;
}

QString printed(double value, const ReportChart &chart)
{
    return QString::number(value, 'f', chart.decimals) + chart.unit;
}

QColor blend(const QColor &from, const QColor &to, double amount)
{
    amount = std::clamp(amount, 0.0, 1.0);
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * amount),
                            float(from.greenF() + (to.greenF() - from.greenF()) * amount),
                            float(from.blueF() + (to.blueF() - from.blueF()) * amount));
}

// Every how many labels one is printed so that none overlaps the next.
int labelStride(const QFontMetricsF &metrics, const QStringList &labels, double slotWidth)
{
    double widest = 0;
    for (const QString &label : labels)
        widest = std::max(widest, metrics.horizontalAdvance(label));
    if (slotWidth <= 0)
        return int(labels.size());
    return std::max(1, int(std::ceil((widest + metrics.averageCharWidth()) / slotWidth)));
}

} // namespace

ReportChartStyle ReportChartStyle::fromPalette(const QPalette &palette, const QFont &font)
{
    ReportChartStyle style;
    style.text = palette.color(QPalette::WindowText);
    style.background = palette.color(QPalette::Base);
    style.grid = blend(style.background, style.text, 0.18);
    style.mark = palette.color(QPalette::Highlight);
    style.font = font;
    return style;
}

void ReportChartPainter::paint(QPainter &painter, const QRectF &rect, const ReportChart &chart,
                               const ReportChartStyle &style)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect, style.background);
    QFont titleFont = style.font;
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(style.text);
    const QFontMetricsF titleMetrics(titleFont, painter.device());
    const QRectF titleRect(rect.left(), rect.top(), rect.width(), titleMetrics.height() * 1.6);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                     titleMetrics.elidedText(chart.title, Qt::ElideRight, rect.width()));
    painter.setFont(style.font);
    const QRectF area = rect.adjusted(0, titleRect.height(), 0, 0);
    if (chart.isEmpty() || chart.values.isEmpty()) {
        painter.setPen(style.grid.darker(150));
        painter.drawText(area, Qt::AlignCenter, tr("Nothing to show for this period"));
    } else if (chart.kind == ReportChart::Kind::HeatMap) {
        paintHeatMap(painter, area, chart, style);
    } else {
        paintBarsOrLine(painter, area, chart, style);
    }
    painter.restore();
}

void ReportChartPainter::paintBarsOrLine(QPainter &painter, const QRectF &area, const ReportChart &chart,
                                         const ReportChartStyle &style)
{
    const QFontMetricsF metrics(style.font, painter.device());
    // Counts step by whole numbers, so no two ticks print the same.
    const double minimumStep = chart.decimals == 0 ? 1.0 : 0.0;
    const double step = std::max(minimumStep, chart.fixedMax > 10  ? chart.fixedMax / 4.0
                                              : chart.fixedMax > 0 ? 1.0
                                                                   : niceStep(chart.maxValue()));
    const double top = std::max(step, std::ceil(chart.maxValue() / step) * step);
    const double axisWidth = metrics.horizontalAdvance(printed(top, chart)) + metrics.averageCharWidth();
    // Bars are few and each label gets two lines under its bar; a line's labels are thinned out.
    const bool bars = chart.kind == ReportChart::Kind::Bars;
    const double labelHeight = metrics.height() * (bars ? 2.4 : 1.4);
    const QRectF plot = area.adjusted(axisWidth, metrics.height() * 0.8, -metrics.averageCharWidth(), -labelHeight - 2);
    if (plot.width() <= 0 || plot.height() <= 0)
        return;
    const auto yOf = [&](double value) { return plot.bottom() - plot.height() * value / top; };

    painter.setPen(QPen(style.grid, 0));
    for (double tick = 0; tick <= top + step / 2; tick += step) {
        const double y = yOf(tick);
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(style.text);
        painter.drawText(
            QRectF(area.left(), y - metrics.height() / 2, axisWidth - metrics.averageCharWidth() / 2, metrics.height()),
            Qt::AlignRight | Qt::AlignVCenter, printed(tick, chart));
        painter.setPen(QPen(style.grid, 0));
    }

    const qsizetype count = chart.values.size();
    const double slot = plot.width() / double(count);
    painter.setPen(style.text);
    if (bars) {
        for (qsizetype i = 0; i < count && i < chart.labels.size(); ++i) {
            // Wrapped at spaces onto two lines; a word wider than its bar is shortened instead.
            QString label = chart.labels[i];
            const QStringList words = label.split(u' ', Qt::SkipEmptyParts);
            if (std::any_of(words.cbegin(), words.cend(),
                            [&](const QString &word) { return metrics.horizontalAdvance(word) > slot; }))
                label = metrics.elidedText(label, Qt::ElideRight, slot);
            painter.drawText(QRectF(plot.left() + slot * double(i), plot.bottom() + 2, slot, labelHeight),
                             Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, label);
        }
    } else {
        const int stride = labelStride(metrics, chart.labels, slot);
        for (qsizetype i = 0; i < count && i < chart.labels.size(); i += stride) {
            const QRectF labelRect(plot.left() + slot * double(i) - slot * (stride - 1) / 2.0, plot.bottom() + 2,
                                   slot * stride, labelHeight);
            painter.drawText(labelRect, Qt::AlignHCenter | Qt::AlignTop,
                             metrics.elidedText(chart.labels[i], Qt::ElideRight, labelRect.width()));
        }
    }

    if (bars) {
        const double barWidth = std::max(1.0, slot * 0.64);
        for (qsizetype i = 0; i < count; ++i) {
            const double value = chart.values[i];
            const QRectF bar(plot.left() + slot * double(i) + (slot - barWidth) / 2, yOf(value), barWidth,
                             plot.bottom() - yOf(value));
            painter.fillRect(bar, style.mark);
            const QString text = printed(value, chart);
            if (metrics.horizontalAdvance(text) <= slot) {
                painter.setPen(style.text);
                painter.drawText(
                    QRectF(bar.left() - slot, bar.top() - metrics.height(), barWidth + 2 * slot, metrics.height()),
                    Qt::AlignHCenter | Qt::AlignBottom, text);
            }
        }
        return;
    }

    QPainterPath path;
    for (qsizetype i = 0; i < count; ++i) {
        const QPointF point(plot.left() + slot * (double(i) + 0.5), yOf(chart.values[i]));
        if (i == 0)
            path.moveTo(point);
        else
            path.lineTo(point);
    }
    painter.setPen(QPen(style.mark, std::max(1.5, metrics.height() / 8.0)));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(path);
    if (slot >= metrics.height() / 2) {
        painter.setBrush(style.mark);
        const double radius = std::min(slot / 3, metrics.height() / 5);
        for (qsizetype i = 0; i < count; ++i)
            painter.drawEllipse(QPointF(plot.left() + slot * (double(i) + 0.5), yOf(chart.values[i])), radius, radius);
    }
}

void ReportChartPainter::paintHeatMap(QPainter &painter, const QRectF &area, const ReportChart &chart,
                                      const ReportChartStyle &style)
{
    const QFontMetricsF metrics(style.font, painter.device());
    double labelWidth = 0;
    for (const QString &label : chart.rowLabels)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label));
    labelWidth += metrics.averageCharWidth();
    const qsizetype columns = chart.labels.size();
    const qsizetype rows = chart.rowLabels.size();
    if (columns == 0 || rows == 0 || chart.values.size() < columns * rows)
        return;
    const QRectF grid = area.adjusted(labelWidth, 0, 0, -metrics.height() * 1.4);
    const double cellWidth = grid.width() / double(columns);
    const double cellHeight = grid.height() / double(rows);
    const double top = chart.maxValue();

    for (qsizetype row = 0; row < rows; ++row) {
        painter.setPen(style.text);
        painter.drawText(QRectF(area.left(), grid.top() + cellHeight * double(row), labelWidth, cellHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, chart.rowLabels[row]);
        for (qsizetype column = 0; column < columns; ++column) {
            const double value = chart.values[row * columns + column];
            const QRectF cell(grid.left() + cellWidth * double(column), grid.top() + cellHeight * double(row),
                              cellWidth, cellHeight);
            const double heat = top > 0 ? value / top : 0;
            const QColor fill = blend(style.background, style.mark, value > 0 ? 0.12 + 0.88 * heat : 0.0);
            painter.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), fill);
            const QString text = printed(value, chart);
            if (value > 0 && metrics.horizontalAdvance(text) < cellWidth - 2 && metrics.height() < cellHeight) {
                painter.setPen(heat > 0.55 ? style.background : style.text);
                painter.drawText(cell, Qt::AlignCenter, text);
            }
        }
    }
    painter.setPen(QPen(style.grid, 0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(grid);

    const int stride = labelStride(metrics, chart.labels, cellWidth);
    painter.setPen(style.text);
    for (qsizetype column = 0; column < columns; column += stride) {
        painter.drawText(QRectF(grid.left() + cellWidth * double(column), grid.bottom() + 2, cellWidth * stride,
                                metrics.height() * 1.4),
                         Qt::AlignLeft | Qt::AlignTop, chart.labels[column]);
    }
}
