#include "archivebar.h"

#include "desk.h"
#include "palettecolors.h"
#include "ticketservice.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

using namespace Qt::StringLiterals;

ArchiveBar::ArchiveBar(Desk &desk, QWidget *parent)
    : QFrame(parent)
    , m_desk(desk)
    , m_archives(desk.store())
    , m_text(new QLabel(this))
    , m_restore(new QPushButton(this))
{
    setObjectName(u"archiveBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(PaletteColors::barStyle(u"archiveBar"_s, QColor(0x54, 0x6e, 0x7a), palette()));
    m_text->setWordWrap(true);
    m_restore->setObjectName(u"restoreButton"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_restore);
    connect(m_restore, &QPushButton::clicked, this, &ArchiveBar::restore);
    refresh();
}

void ArchiveBar::setTicket(qint64 ticketId)
{
    m_ticketId = ticketId;
    refresh();
}

bool ArchiveBar::restore()
{
    if (!m_archives.restore(m_ticketId)) {
        Q_EMIT errorOccurred(m_archives.errorString());
        return false;
    }
    refresh();
    return true;
}

void ArchiveBar::refresh()
{
    m_restore->setText(tr("&Restore"));
    m_restore->setToolTip(tr("Bring the ticket back to the working lists"));
    const std::optional<Ticket> ticket = m_ticketId > 0 ? m_desk.tickets().ticket(m_ticketId) : std::nullopt;
    const bool archived = ticket && ticket->archivedAt.isValid();
    setVisible(archived);
    if (!archived)
        return;
    m_text->setText(tr("Archived on %1; read-only.")
                        .arg(QLocale().toString(ticket->archivedAt.toLocalTime().date(), QLocale::ShortFormat)));
    m_restore->setVisible(m_archives.canManage());
}

void ArchiveBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QFrame::changeEvent(event);
}
