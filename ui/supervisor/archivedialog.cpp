#include "archivedialog.h"

#include "archiverun.h"
#include "csvexporter.h"
#include "desk.h"
#include "directoryservice.h"
#include "fieldcombo.h"
#include "jsonlinesexporter.h"
#include "palettecolors.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ArchiveDialog::ArchiveDialog(Desk &desk, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_archives(desk.store())
    , m_age(new QSpinBox(this))
    , m_team(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_view(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_export(new QPushButton(tr("&Export…"), this))
    , m_archive(new QPushButton(tr("&Archive"), this))
    , m_cancel(new QPushButton(tr("&Stop"), this))
    , m_progress(new QProgressBar(this))
    , m_retention(new QSpinBox(this))
    , m_purgeCount(new QLabel(this))
    , m_purge(new QPushButton(tr("&Purge…"), this))
    , m_status(new QLabel(this))
{
    setObjectName(u"archiveDialog"_s);
    setWindowTitle(tr("Archive closed tickets"));
    m_age->setRange(1, 3650);
    m_age->setValue(m_archives.ageDays());
    m_age->setSuffix(tr(" days"));
    m_team->addItem(tr("Every team"), 0);
    for (const Team &team : desk.directory().teams())
        m_team->addItem(team.name, team.id);
    FieldCombo::fill<Category>(m_category, tr("Every category"));
    m_view->setObjectName(u"viewBox"_s);
    m_view->addItem(tr("Any"), 0);
    // Read once: every change of the selection counts again, and should not read the views too.
    for (const SavedView &view : m_archives.savedViews()) {
        m_view->addItem(view.name, view.id);
        m_viewFilters.insert(view.id, view.filter);
    }
    m_view->setToolTip(tr("One of your saved views: its assignee, filters and search count; only closed tickets are "
                          "archived, whatever its status."));
    m_count->setObjectName(u"countLabel"_s);
    m_archive->setObjectName(u"archiveButton"_s);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_cancel->setEnabled(false);
    m_progress->setObjectName(u"progressBar"_s);
    m_progress->hide();
    m_retention->setRange(1, 36500);
    m_retention->setValue(ArchiveService::defaultRetentionDays());
    m_retention->setSuffix(tr(" days"));
    m_purgeCount->setObjectName(u"purgeLabel"_s);
    m_purgeCount->setWordWrap(true);
    m_purge->setObjectName(u"purgeButton"_s);
    m_status->setObjectName(u"statusLabel"_s);
    m_status->setWordWrap(true);
    m_status->hide();

    auto *select = new QGroupBox(tr("Which tickets"), this);
    auto *form = new QFormLayout(select);
    form->addRow(tr("Closed more &than:"), m_age);
    form->addRow(tr("&Team:"), m_team);
    form->addRow(tr("&Category:"), m_category);
    form->addRow(tr("Saved &view:"), m_view);
    form->addRow(QString(), m_count);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_export);
    actions->addStretch(1);
    actions->addWidget(m_cancel);
    actions->addWidget(m_archive);
    form->addRow(actions);
    form->addRow(m_progress);
    auto *explain = new QLabel(tr("Archived tickets leave the working lists; they stay searchable and readable, and "
                                  "a supervisor can restore them."),
                               select);
    explain->setWordWrap(true);
    explain->setStyleSheet(u"color: palette(mid);"_s);
    form->addRow(explain);

    auto *purgeBox = new QGroupBox(tr("Purge"), this);
    auto *purgeForm = new QFormLayout(purgeBox);
    purgeForm->addRow(tr("Archived more than:"), m_retention);
    purgeForm->addRow(QString(), m_purgeCount);
    auto *purgeRow = new QHBoxLayout;
    purgeRow->addStretch(1);
    purgeRow->addWidget(m_purge);
    purgeForm->addRow(purgeRow);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    if (!m_archives.canManage()) {
        auto *note = new QLabel(tr("Only a supervisor or an administrator can archive, restore or purge."), this);
        note->setObjectName(u"readOnlyNote"_s);
        layout->addWidget(note);
    }
    layout->addWidget(select);
    layout->addWidget(purgeBox);
    layout->addWidget(m_status);
    layout->addWidget(close);

    const bool manager = m_archives.canManage();
    for (QWidget *w : std::initializer_list<QWidget *>{m_archive, m_purge, m_retention})
        w->setEnabled(manager);
    if (desk.directory().teamMode()) {
        m_purge->setEnabled(false);
        m_purge->setToolTip(tr("In team mode the shared database keeps the tickets: a supervisor purges them there, "
                               "after exporting them, with deskctl server purge."));
    }

    connect(m_age, &QSpinBox::valueChanged, this, &ArchiveDialog::refreshCounts);
    connect(m_team, &QComboBox::currentIndexChanged, this, &ArchiveDialog::refreshCounts);
    connect(m_category, &QComboBox::currentIndexChanged, this, &ArchiveDialog::refreshCounts);
    connect(m_view, &QComboBox::currentIndexChanged, this, &ArchiveDialog::refreshCounts);
    connect(m_retention, &QSpinBox::valueChanged, this, &ArchiveDialog::refreshCounts);
    connect(m_export, &QPushButton::clicked, this, [this] {
        QString filter;
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export tickets"), u"deskline-archive.jsonl"_s,
                                         tr("JSON Lines (*.jsonl);;CSV for spreadsheets (*.csv)"), &filter);
        if (!path.isEmpty())
            exportTo(path);
    });
    connect(m_archive, &QPushButton::clicked, this, &ArchiveDialog::startArchive);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_run)
            m_run->cancel();
    });
    connect(m_purge, &QPushButton::clicked, this, [this] { purge(true); });
    connect(close, &QDialogButtonBox::rejected, this, &ArchiveDialog::reject);
    refreshCounts();
    resize(fontMetrics().horizontalAdvance(u'M') * 40, sizeHint().height());
}

ArchiveSelection ArchiveDialog::selection() const
{
    std::optional<TicketFilter> view;
    if (const auto saved = m_viewFilters.constFind(m_view->currentData().toLongLong()); saved != m_viewFilters.cend())
        view = *saved;
    return {m_age->value(), m_team->currentData().toLongLong(), FieldCombo::value<Category>(m_category), view};
}

void ArchiveDialog::refreshCounts()
{
    const qint64 count = m_archives.count(selection());
    m_count->setText(tr("%n closed ticket(s) match.", nullptr, int(count)));
    m_archive->setEnabled(m_archives.canManage() && count > 0 && !m_run);
    m_export->setEnabled(count > 0 && !m_run);
    const qint64 purgeable = m_archives.purgeableCount(m_retention->value());
    m_purgeCount->setText(tr("%n archived and exported ticket(s) would be deleted for good.", nullptr, int(purgeable)));
    m_purge->setEnabled(m_archives.canManage() && !m_desk.directory().teamMode() && purgeable > 0 && !m_run);
}

void ArchiveDialog::showStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? PaletteColors::errorStyle(m_status->palette()) : QString());
    m_status->setText(text);
    m_status->show();
}

void ArchiveDialog::setRunning(bool running)
{
    m_cancel->setEnabled(running);
    m_progress->setVisible(running || m_progress->value() > 0);
    for (QWidget *w : std::initializer_list<QWidget *>{m_age, m_team, m_category})
        w->setEnabled(!running);
    refreshCounts();
}

bool ArchiveDialog::exportTo(const QString &path)
{
    const QList<qint64> ids = m_archives.candidates(selection());
    int written = 0;
    QString error;
    if (path.endsWith(u".csv"_s, Qt::CaseInsensitive)) {
        CsvExporter csv(m_desk.store());
        if (!csv.exportTickets(path, ids))
            error = csv.errorString();
        written = csv.exportedCount();
    } else {
        JsonLinesExporter jsonl(m_desk.store());
        if (!jsonl.exportTickets(path, ids))
            error = jsonl.errorString();
        written = jsonl.exportedCount();
    }
    if (error.isEmpty() && !m_archives.markExported(ids))
        error = m_archives.errorString();
    if (!error.isEmpty()) {
        showStatus(tr("Nothing was exported: %1").arg(error), true);
        return false;
    }
    showStatus(tr("%n ticket(s) written to %1.", nullptr, written).arg(QDir::toNativeSeparators(path)));
    refreshCounts();
    return true;
}

bool ArchiveDialog::startArchive()
{
    if (m_run)
        return false;
    m_run = m_archives.prepareRun(selection(), this);
    if (!m_run) {
        showStatus(m_archives.errorString(), true);
        return false;
    }
    m_progress->setRange(0, int(m_run->total()));
    m_progress->setValue(0);
    connect(m_run, &ArchiveRun::progress, this, [this](qsizetype done, qsizetype) { m_progress->setValue(int(done)); });
    connect(m_run, &ArchiveRun::finished, this, [this](qsizetype archived, bool cancelled) {
        showStatus(cancelled
                       ? tr("Stopped: %n ticket(s) archived, the others left as they were.", nullptr, int(archived))
                       : tr("%n ticket(s) archived.", nullptr, int(archived)));
        m_run->deleteLater();
        m_run = nullptr;
        setRunning(false);
    });
    connect(m_run, &ArchiveRun::failed, this, [this](const QString &message, qsizetype archived) {
        showStatus(tr("Archiving stopped after %n ticket(s): %1. Nothing was lost; the rest were left as they were.",
                      nullptr, int(archived))
                       .arg(message),
                   true);
        m_run->deleteLater();
        m_run = nullptr;
        setRunning(false);
    });
    setRunning(true);
    m_run->start();
    return true;
}

bool ArchiveDialog::purge(bool askFirst)
{
    const qint64 purgeable = m_archives.purgeableCount(m_retention->value());
    if (purgeable == 0)
        return false;
    if (askFirst &&
        QMessageBox::warning(this, tr("Purge archived tickets"),
                             tr("Delete %n archived ticket(s) for good? They were exported, but the desk will no "
                                "longer have them.",
                                nullptr, int(purgeable)),
                             QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return false;
    const std::optional<int> deleted = m_archives.purge(m_retention->value());
    if (!deleted) {
        showStatus(tr("The purge stopped: %1").arg(m_archives.errorString()), true);
        refreshCounts();
        return false;
    }
    showStatus(tr("%n archived ticket(s) deleted.", nullptr, *deleted));
    refreshCounts();
    return true;
}

void ArchiveDialog::reject()
{
    // Closing while a run goes on stops it after the batch in hand.
    if (m_run)
        m_run->cancel();
    QDialog::reject();
}
