#include "reportswindow.h"

#include "businesscalendar.h"
#include "clock.h"
#include "desk.h"
#include "directoryservice.h"
#include "palettecolors.h"
#include "reportcharts.h"
#include "reportchartview.h"
#include "reportcsvwriter.h"
#include "reportpdfwriter.h"
#include "reportrunner.h"
#include "reporttablemodel.h"
#include "reporttables.h"
#include "settingsservice.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

struct Section {
    QString title;
    QStringList charts;
    QStringList tables;
};

QList<Section> sections()
{
    return {
        {ReportsWindow::tr("Overview"), {u"by_day"_s}, {u"summary"_s}},
        {ReportsWindow::tr("Volume"),
         {u"by_channel"_s, u"by_category"_s, u"by_weekday_hour"_s},
         {u"by_day"_s, u"by_weekday_hour"_s}},
        {ReportsWindow::tr("Response and resolution"), {u"first_response_target"_s}, {u"by_channel"_s}},
        {ReportsWindow::tr("Escalations and reopens"), {u"escalation_rate"_s}, {u"by_category"_s}},
        {ReportsWindow::tr("Satisfaction"),
         {u"satisfaction"_s, u"satisfaction_trend"_s},
         {u"satisfaction"_s, u"satisfaction_trend"_s}},
        {ReportsWindow::tr("Backlog"), {u"backlog_age"_s}, {u"backlog_age"_s}},
        {ReportsWindow::tr("Agents"), {u"solved_by_agent"_s}, {u"by_agent"_s}},
    };
}

QDate startOfWeek(QDate day)
{
    return day.addDays(1 - day.dayOfWeek());
}

QTableView *tableView(const ReportTable &table, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(u"table_"_s + table.key);
    view->setAccessibleName(table.title);
    auto *model = new ReportTableModel(view);
    model->setTable(table);
    view->setModel(model);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // As tall as its rows up to about fifteen; a longer table (a year of days) scrolls itself.
    const int rows = std::min<int>(int(table.rows.size()), 15);
    const int height = view->horizontalHeader()->sizeHint().height() +
                       rows * view->verticalHeader()->defaultSectionSize() + 2 * view->frameWidth() + 2;
    view->setMinimumHeight(height);
    view->setMaximumHeight(height);
    return view;
}

} // namespace

ReportsWindow::ReportsWindow(Desk &desk, const Clock &clock, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_desk(desk)
    , m_clock(clock)
    , m_runner(new ReportRunner(desk.storePath(), clock, this))
    , m_period(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_team(new QComboBox(this))
    , m_show(new QPushButton(tr("&Show"), this))
    , m_csv(new QPushButton(tr("Export &CSV…"), this))
    , m_pdf(new QPushButton(tr("Export &PDF…"), this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Stop"), this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_sections(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
{
    setObjectName(u"reportsWindow"_s);
    setWindowTitle(tr("Reports"));
    m_period->setObjectName(u"reportPeriod"_s);
    m_from->setObjectName(u"reportFrom"_s);
    m_to->setObjectName(u"reportTo"_s);
    m_team->setObjectName(u"reportTeam"_s);
    m_show->setObjectName(u"reportShow"_s);
    m_csv->setObjectName(u"reportCsv"_s);
    m_pdf->setObjectName(u"reportPdf"_s);
    m_progress->setObjectName(u"reportProgress"_s);
    m_status->setObjectName(u"reportStatus"_s);
    m_sections->setObjectName(u"reportSections"_s);
    m_sections->setAccessibleName(tr("Report sections"));

    m_period->addItem(tr("This week"), int(Period::ThisWeek));
    m_period->addItem(tr("Last week"), int(Period::LastWeek));
    m_period->addItem(tr("This month"), int(Period::ThisMonth));
    m_period->addItem(tr("Last month"), int(Period::LastMonth));
    m_period->addItem(tr("Last 30 days"), int(Period::Last30Days));
    m_period->addItem(tr("Last 12 months"), int(Period::Last12Months));
    m_period->addItem(tr("Chosen days"), int(Period::Custom));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd"_s);
    }
    m_team->addItem(tr("All teams"), QVariant());
    for (const Team &team : desk.directory().teams())
        m_team->addItem(team.name, team.id);

    auto *choices = new QHBoxLayout;
    const auto labelled = [&](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        choices->addWidget(label);
        choices->addWidget(field);
    };
    labelled(tr("P&eriod:"), m_period);
    labelled(tr("&From:"), m_from);
    labelled(tr("&To:"), m_to);
    labelled(tr("Te&am:"), m_team);
    choices->addWidget(m_show);
    choices->addStretch(1);
    choices->addWidget(m_csv);
    choices->addWidget(m_pdf);

    auto *working = new QHBoxLayout;
    working->addWidget(m_progress, 1);
    working->addWidget(m_cancel);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->hide();

    for (const Section &section : sections())
        m_sections->addItem(section.title);
    m_sections->setFixedWidth(m_sections->sizeHintForColumn(0) + 4 * fontMetrics().averageCharWidth());
    auto *body = new QHBoxLayout;
    body->addWidget(m_sections);
    body->addWidget(m_pages, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addLayout(working);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addLayout(body, 1);

    connect(m_period, &QComboBox::activated, this, [this] { choosePeriod(); });
    for (QDateEdit *edit : {m_from, m_to}) {
        connect(edit, &QDateEdit::dateChanged, this, [this] {
            if (!m_settingDates)
                m_period->setCurrentIndex(m_period->findData(int(Period::Custom)));
        });
    }
    connect(m_show, &QPushButton::clicked, this, &ReportsWindow::showReport);
    connect(m_team, &QComboBox::activated, this, &ReportsWindow::showReport);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_runner->cancel();
        setWorking(false);
        setStatus(tr("Stopped. The figures shown are from before."), false);
    });
    connect(m_csv, &QPushButton::clicked, this, &ReportsWindow::askCsvFolder);
    connect(m_pdf, &QPushButton::clicked, this, &ReportsWindow::askPdfFile);
    connect(m_sections, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_runner, &ReportRunner::progress, this, &ReportsWindow::showProgress);
    connect(m_runner, &ReportRunner::finished, this, &ReportsWindow::showResult);
    connect(m_runner, &ReportRunner::failed, this, &ReportsWindow::showFailure);

    setWorking(false);
    m_csv->setEnabled(false);
    m_pdf->setEnabled(false);
    setPeriod(Period::LastWeek);
    resize(fontMetrics().averageCharWidth() * 150, fontMetrics().height() * 46);
}

ReportsWindow::~ReportsWindow() = default;

void ReportsWindow::setPeriod(Period period)
{
    m_period->setCurrentIndex(m_period->findData(int(period)));
    choosePeriod();
}

void ReportsWindow::choosePeriod()
{
    const auto period = Period(m_period->currentData().toInt());
    const QDate today = m_clock.now().toTimeZone(m_desk.settings().calendar().timeZone()).date();
    const QDate monthStart(today.year(), today.month(), 1);
    QDate from, to;
    switch (period) {
    case Period::ThisWeek:
        from = startOfWeek(today);
        to = today;
        break;
    case Period::LastWeek:
        from = startOfWeek(today).addDays(-7);
        to = from.addDays(6);
        break;
    case Period::ThisMonth:
        from = monthStart;
        to = today;
        break;
    case Period::LastMonth:
        from = monthStart.addMonths(-1);
        to = monthStart.addDays(-1);
        break;
    case Period::Last30Days:
        from = today.addDays(-29);
        to = today;
        break;
    case Period::Last12Months:
        from = today.addYears(-1).addDays(1);
        to = today;
        break;
    case Period::Custom:
        return; // the dates as they are
    }
    m_settingDates = true;
    m_from->setDate(from);
    m_to->setDate(to);
    m_settingDates = false;
    showReport();
}

void ReportsWindow::setDates(QDate from, QDate to)
{
    m_from->setDate(from);
    m_to->setDate(to);
}

void ReportsWindow::setTeam(std::optional<qint64> teamId)
{
    m_team->setCurrentIndex(teamId ? m_team->findData(*teamId) : 0);
}

void ReportsWindow::showReport()
{
    ReportRequest request;
    request.from = m_from->date();
    request.to = m_to->date();
    if (m_team->currentData().isValid())
        request.teamId = m_team->currentData().toLongLong();
    if (request.to < request.from) {
        setStatus(tr("The period must start on or before the day it ends."), true);
        Q_EMIT reportFailed(m_status->text());
        return;
    }
    setStatus(QString(), false);
    setWorking(true);
    m_progress->setRange(0, 0);
    m_progress->setFormat(tr("Counting…"));
    m_runner->start(request);
}

bool ReportsWindow::isWorking() const
{
    return m_runner->isRunning();
}

void ReportsWindow::showProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_progress->setRange(0, 0);
        m_progress->setFormat(tr("Counting…"));
        return;
    }
    // Business times are worked out once per ticket; a store reported on before skips this.
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(done * 1000 / total));
    m_progress->setFormat(tr("Working out business hours for %1 of %2 tickets").arg(done).arg(total));
}

void ReportsWindow::setWorking(bool working)
{
    m_progress->setVisible(working);
    m_cancel->setVisible(working);
}

void ReportsWindow::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? PaletteColors::errorStyle(m_status->palette()) : QString());
    m_status->setVisible(!text.isEmpty());
}

QString ReportsWindow::statusText() const
{
    return m_status->text();
}

void ReportsWindow::showFailure(const QString &message)
{
    setWorking(false);
    setStatus(tr("The report could not be made: %1").arg(message), true);
    Q_EMIT reportFailed(message);
}

QStringList ReportsWindow::sectionTitles() const
{
    QStringList titles;
    for (const Section &section : sections())
        titles.append(section.title);
    return titles;
}

void ReportsWindow::showSection(int index)
{
    m_sections->setCurrentRow(index);
}

void ReportsWindow::showResult(const Report &report)
{
    setWorking(false);
    m_report = report;
    m_title->setText(ReportTables::title(report));
    m_csv->setEnabled(true);
    m_pdf->setEnabled(true);

    const QList<ReportTable> tables = ReportTables::build(report);
    const QList<ReportChart> charts = ReportCharts::build(report);
    const int current = std::max(0, m_sections->currentRow());
    while (m_pages->count() > 0) {
        QWidget *page = m_pages->widget(0);
        m_pages->removeWidget(page);
        page->deleteLater();
    }
    for (const Section &section : sections()) {
        auto *content = new QWidget;
        auto *column = new QVBoxLayout(content);
        for (const ReportChart &chart : charts) {
            if (!section.charts.contains(chart.key))
                continue;
            auto *view = new ReportChartView(content);
            view->setObjectName(u"chart_"_s + chart.key);
            view->setAccessibleName(chart.title);
            view->setAccessibleDescription(tr("A chart; the table below it holds the same figures"));
            view->setChart(chart);
            view->setMinimumHeight(fontMetrics().height() * (chart.kind == ReportChart::Kind::HeatMap ? 15 : 13));
            column->addWidget(view);
        }
        for (const ReportTable &table : tables) {
            if (!section.tables.contains(table.key))
                continue;
            auto *heading = new QLabel(table.title, content);
            QFont bold = heading->font();
            bold.setBold(true);
            heading->setFont(bold);
            column->addWidget(heading);
            column->addWidget(tableView(table, content));
        }
        column->addStretch(1);
        auto *scroll = new QScrollArea;
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(content);
        m_pages->addWidget(scroll);
    }
    m_sections->setCurrentRow(current);
    m_pages->setCurrentIndex(current);
    Q_EMIT reportShown();
}

bool ReportsWindow::exportCsv(const QString &folder)
{
    if (!m_report)
        return false;
    ReportCsvWriter writer;
    if (!writer.write(folder, ReportTables::build(*m_report))) {
        setStatus(tr("Nothing was exported: %1").arg(writer.errorString()), true);
        return false;
    }
    setStatus(tr("%n CSV file(s) written to %1.", nullptr, int(writer.writtenFiles().size()))
                  .arg(QDir::toNativeSeparators(folder)),
              false);
    return true;
}

bool ReportsWindow::exportPdf(const QString &path)
{
    if (!m_report)
        return false;
    ReportPdfWriter writer;
    if (!writer.write(path, *m_report)) {
        setStatus(tr("The PDF was not written: %1").arg(writer.errorString()), true);
        return false;
    }
    setStatus(tr("%1 written (%n page(s)).", nullptr, writer.pageCount()).arg(QDir::toNativeSeparators(path)), false);
    return true;
}

void ReportsWindow::askCsvFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export the report's tables to a folder"));
    if (!folder.isEmpty())
        exportCsv(folder);
}

void ReportsWindow::askPdfFile()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the report as a PDF"), tr("report.pdf"), tr("PDF (*.pdf)"));
    if (!path.isEmpty())
        exportPdf(path);
}
