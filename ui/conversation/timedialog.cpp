#include "timedialog.h"

#include "desk.h"
#include "palettecolors.h"
#include "ticketservice.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

TimeDialog::TimeDialog(Desk &desk, qint64 ticketId, QWidget *parent)
    : QDialog(parent)
    , m_times(desk.store())
    , m_ticketId(ticketId)
    , m_table(new QTableWidget(this))
    , m_minutes(new QSpinBox(this))
    , m_note(new QLineEdit(this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_save(new QPushButton(tr("&Save change"), this))
    , m_remove(new QPushButton(tr("&Delete"), this))
    , m_total(new QLabel(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"timeDialog"_s);
    const auto ticket = desk.tickets().ticket(ticketId);
    setWindowTitle(ticket ? tr("Time spent on %1").arg(ticket->displayId()) : tr("Time spent"));
    m_table->setObjectName(u"timeTable"_s);
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("When"), tr("Who"), tr("Time"), tr("Note")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_minutes->setRange(1, 24 * 60);
    m_minutes->setValue(15);
    m_minutes->setSuffix(tr(" min"));
    m_note->setPlaceholderText(tr("What the time was for"));
    m_table->setAccessibleName(tr("Time entries"));
    m_minutes->setAccessibleName(tr("Minutes spent"));
    m_note->setAccessibleName(tr("What the time was for"));
    m_total->setObjectName(u"totalLabel"_s);
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *entry = new QHBoxLayout;
    entry->addWidget(m_minutes);
    entry->addWidget(m_note, 1);
    entry->addWidget(m_add);
    entry->addWidget(m_save);
    entry->addWidget(m_remove);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_total);
    layout->addLayout(entry);
    layout->addWidget(m_error);
    layout->addWidget(close);

    connect(m_add, &QPushButton::clicked, this, &TimeDialog::addEntry);
    connect(m_save, &QPushButton::clicked, this, &TimeDialog::saveSelected);
    connect(m_remove, &QPushButton::clicked, this, &TimeDialog::removeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &TimeDialog::showSelected);
    connect(close, &QDialogButtonBox::rejected, this, &TimeDialog::reject);
    reload();
    resize(fontMetrics().horizontalAdvance(u'M') * 50, fontMetrics().height() * 24);
}

void TimeDialog::reload()
{
    m_entries = m_times.entries(m_ticketId);
    m_table->setRowCount(int(m_entries.size()));
    for (int row = 0; row < m_entries.size(); ++row) {
        const TimeEntry &e = m_entries[row];
        const QString when = QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat);
        const QString who = e.agentName.isEmpty() ? tr("(nobody signed in)") : e.agentName;
        const QString how = e.manual ? tr("%1, entered").arg(TimeService::durationText(e.durationMs))
                                     : tr("%1, counted").arg(TimeService::durationText(e.durationMs));
        const QStringList cells{when, who, how, e.note};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    m_table->resizeColumnsToContents();
    m_total->setText(tr("Total: %1").arg(TimeService::durationText(m_times.totalMs(m_ticketId))));
    showSelected();
}

qint64 TimeDialog::selectedId() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_entries.size() && m_table->selectionModel()->hasSelection() ? m_entries[row].id : 0;
}

void TimeDialog::showSelected()
{
    const int row = m_table->currentRow();
    const bool selected = selectedId() > 0;
    m_save->setEnabled(selected);
    m_remove->setEnabled(selected);
    if (selected) {
        m_minutes->setValue(int(std::max<qint64>(1, (m_entries[row].durationMs + 30000) / 60000)));
        m_note->setText(m_entries[row].note);
    }
}

void TimeDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

bool TimeDialog::addEntry()
{
    if (!m_times.add(m_ticketId, qint64(m_minutes->value()) * 60000, m_note->text())) {
        showError(m_times.errorString());
        return false;
    }
    m_error->hide();
    m_note->clear();
    reload();
    return true;
}

bool TimeDialog::saveSelected()
{
    if (!m_times.update(selectedId(), qint64(m_minutes->value()) * 60000, m_note->text())) {
        showError(m_times.errorString());
        return false;
    }
    m_error->hide();
    reload();
    return true;
}

bool TimeDialog::removeSelected()
{
    if (!m_times.remove(selectedId())) {
        showError(m_times.errorString());
        return false;
    }
    m_error->hide();
    reload();
    return true;
}
