#pragma once

#include "report.h"

#include <QWidget>

#include <optional>

class Clock;
class Desk;
class QComboBox;
class QDateEdit;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class ReportRunner;

// The supervisor's statistics: a period and a team chosen above, the figures worked out off
// the window's thread with progress, then read section by section (charts with their tables
// under them) and exported as CSV files or a PDF. Only supervisors and administrators open it
// (MainWindow checks the role).
class ReportsWindow : public QWidget
{
    Q_OBJECT

public:
    enum class Period { ThisWeek, LastWeek, ThisMonth, LastMonth, Last30Days, Last12Months, Custom };

    ReportsWindow(Desk &desk, const Clock &clock, QWidget *parent = nullptr);
    ~ReportsWindow() override;

    void setPeriod(Period period);
    void setDates(QDate from, QDate to);
    void setTeam(std::optional<qint64> teamId);
    // Works the report out for the chosen period and team; reportShown() follows.
    void showReport();
    bool isWorking() const;
    const std::optional<Report> &report() const { return m_report; }
    // What the section list offers, in its order.
    QStringList sectionTitles() const;
    void showSection(int index);

    bool exportCsv(const QString &folder);
    bool exportPdf(const QString &path);
    QString statusText() const;

Q_SIGNALS:
    void reportShown();
    void reportFailed(const QString &message);

private:
    void choosePeriod();
    void showResult(const Report &report);
    void showFailure(const QString &message);
    void showProgress(qint64 done, qint64 total);
    void setWorking(bool working);
    void setStatus(const QString &text, bool problem);
    void askCsvFolder();
    void askPdfFile();

    Desk &m_desk;
    const Clock &m_clock;
    ReportRunner *m_runner;
    std::optional<Report> m_report;
    QComboBox *m_period;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_team;
    QPushButton *m_show;
    QPushButton *m_csv;
    QPushButton *m_pdf;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_title;
    QLabel *m_status;
    QListWidget *m_sections;
    QStackedWidget *m_pages;
    bool m_settingDates = false;
};
