#include "mergebar.h"

#include "desk.h"
#include "palettecolors.h"
#include "ticketservice.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

using namespace Qt::StringLiterals;

MergeBar::MergeBar(Desk &desk, QWidget *parent)
    : QFrame(parent)
    , m_desk(desk)
    , m_merges(desk.store())
    , m_text(new QLabel(this))
    , m_undo(new QPushButton(this))
{
    setObjectName(u"mergeBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(PaletteColors::barStyle(u"mergeBar"_s, QColor(0x5e, 0x35, 0xb1), palette()));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_undo->setObjectName(u"undoMergeButton"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_undo);
    connect(m_undo, &QPushButton::clicked, this, &MergeBar::undo);
    connect(m_text, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(u"ticket:"))
            Q_EMIT ticketActivated(link.mid(7).toLongLong());
    });
    refresh();
}

void MergeBar::setTicket(qint64 ticketId)
{
    m_ticketId = ticketId;
    refresh();
}

bool MergeBar::undo()
{
    if (!m_merges.undo(m_ticketId)) {
        Q_EMIT errorOccurred(m_merges.errorString());
        return false;
    }
    refresh();
    return true;
}

void MergeBar::refresh()
{
    m_undo->setText(tr("&Undo merge"));
    m_undo->setToolTip(tr("Give this ticket its own status back and take its messages out of the other"));
    const std::optional<Ticket> ticket = m_ticketId > 0 ? m_desk.tickets().ticket(m_ticketId) : std::nullopt;
    const bool merged = ticket && ticket->mergedInto > 0;
    setVisible(merged);
    if (!merged)
        return;
    const std::optional<Ticket> target = m_desk.tickets().ticket(ticket->mergedInto);
    const QString link =
        u"<a href=\"ticket:%1\">%2</a>"_s.arg(ticket->mergedInto).arg(target ? target->displayId() : QString());
    m_text->setText(tr("Merged into %1 on %2; the case goes on there.")
                        .arg(link, QLocale().toString(ticket->closedAt.toLocalTime(), QLocale::ShortFormat)));
    m_undo->setEnabled(!ticket->archivedAt.isValid());
}

void MergeBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QFrame::changeEvent(event);
}
