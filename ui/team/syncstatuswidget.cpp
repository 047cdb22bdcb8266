#include "syncstatuswidget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

SyncStatusWidget::SyncStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_dot(new QLabel(this))
    , m_text(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_issues(new QToolButton(this))
{
    setObjectName(u"syncStatus"_s);
    m_text->setObjectName(u"syncStatusText"_s);
    m_issues->setObjectName(u"syncIssuesButton"_s);
    m_progress->setObjectName(u"initialSyncProgress"_s);
    m_dot->setFixedSize(10, 10);
    m_progress->setMaximumWidth(140);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_issues->setAutoRaise(true);
    m_issues->hide();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_dot);
    layout->addWidget(m_text);
    layout->addWidget(m_progress);
    layout->addWidget(m_issues);
    connect(m_issues, &QToolButton::clicked, this, &SyncStatusWidget::issuesRequested);
    refresh();
}

void SyncStatusWidget::setStatus(const SyncStatus &status)
{
    m_status = status;
    refresh();
}

void SyncStatusWidget::setInitialProgress(qint64 done, qint64 total)
{
    m_progress->setVisible(total > 0 && done < total);
    m_progress->setRange(0, int(std::max<qint64>(1, total)));
    m_progress->setValue(int(done));
    m_progress->setFormat(tr("Copying %p%"));
}

QString SyncStatusWidget::text() const
{
    return m_text->text();
}

void SyncStatusWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

void SyncStatusWidget::refresh()
{
    QString state;
    QString color;
    switch (m_status.state) {
    case SyncStatus::State::Online:
        state = tr("Online");
        color = u"#2e7d32"_s;
        break;
    case SyncStatus::State::Syncing:
        state = tr("Syncing");
        color = u"#1565c0"_s;
        break;
    case SyncStatus::State::Connecting:
        state = tr("Connecting");
        color = u"#f9a825"_s;
        break;
    case SyncStatus::State::Offline:
        state = tr("Offline");
        color = u"#9e9e9e"_s;
        break;
    }
    QStringList parts{state};
    if (m_status.pendingChanges > 0)
        parts << tr("%n change(s) waiting", nullptr, m_status.pendingChanges);
    if (m_status.lastSync.isValid())
        parts << tr("synced %1").arg(QLocale().toString(m_status.lastSync.toLocalTime().time(), QLocale::ShortFormat));
    m_text->setText(parts.join(u" · "_s));
    m_dot->setStyleSheet(u"background: %1; border-radius: 5px;"_s.arg(color));
    setToolTip(m_status.problem.isEmpty() ? tr("Team server: %1").arg(state) : m_status.problem);
    m_issues->setVisible(m_status.issues > 0);
    m_issues->setText(tr("%n refused change(s)", nullptr, m_status.issues));
    m_issues->setToolTip(tr("Show the changes the server refused"));
}
