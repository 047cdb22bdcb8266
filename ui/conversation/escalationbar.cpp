#include "escalationbar.h"

#include "desk.h"
#include "directoryservice.h"
#include "palettecolors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

EscalationBar::EscalationBar(Desk &desk, QWidget *parent)
    : QFrame(parent)
    , m_desk(desk)
    , m_escalations(desk.store())
    , m_text(new QLabel(this))
    , m_handBack(new QPushButton(this))
{
    setObjectName(u"escalationBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(PaletteColors::barStyle(u"escalationBar"_s, QColor(0x8e, 0x24, 0xaa), palette()));
    m_text->setObjectName(u"escalationText"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_handBack->setObjectName(u"handBackButton"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_handBack);
    connect(m_handBack, &QPushButton::clicked, this, &EscalationBar::askForNote);
    m_handBack->setText(tr("Hand &back…"));
    hide();
}

void EscalationBar::setTicket(qint64 ticketId)
{
    m_ticketId = ticketId;
    refresh();
}

void EscalationBar::refresh()
{
    const std::optional<Escalation> open = m_ticketId > 0 ? m_escalations.openEscalation(m_ticketId) : std::nullopt;
    setVisible(open.has_value());
    if (!open)
        return;
    const QString to =
        open->toAgentName.isEmpty() ? open->toTeamName : u"%1, %2"_s.arg(open->toAgentName, open->toTeamName);
    m_text->setText(tr("Escalated to L%1 (%2) by %3: %4")
                        .arg(open->toTier)
                        .arg(to, open->fromAgentName.isEmpty() ? tr("an agent") : open->fromAgentName, open->reason));
    // Handing back is the receiver's move, not the sender's.
    m_handBack->setVisible(open->fromAgentId != m_desk.directory().currentAgentId());
}

bool EscalationBar::handBack(const QString &note)
{
    if (!m_escalations.handBack(m_ticketId, note)) {
        Q_EMIT errorOccurred(m_escalations.errorString());
        return false;
    }
    refresh();
    return true;
}

void EscalationBar::askForNote()
{
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(
        this, tr("Hand back"), tr("What you found and what the first tier should do next:"), {}, &ok);
    if (ok)
        handBack(note);
}

void EscalationBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_handBack->setText(tr("Hand &back…"));
        refresh();
    }
    QFrame::changeEvent(event);
}
