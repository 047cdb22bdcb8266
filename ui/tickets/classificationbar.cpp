#include "classificationbar.h"

#include "classificationassistant.h"
#include "desk.h"
#include "palettecolors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

ClassificationBar::ClassificationBar(Desk &desk, QWidget *parent)
    : QFrame(parent)
    , m_desk(desk)
    , m_text(new QLabel(this))
    , m_apply(new QPushButton(this))
    , m_dismiss(new QPushButton(this))
{
    setObjectName(u"classificationBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(PaletteColors::barStyle(u"classificationBar"_s, QColor(0x19, 0x76, 0xd2), palette()));
    m_text->setObjectName(u"suggestionText"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_apply->setObjectName(u"applySuggestion"_s);
    m_dismiss->setObjectName(u"dismissSuggestion"_s);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_apply);
    layout->addWidget(m_dismiss);

    connect(m_apply, &QPushButton::clicked, this, [this] {
        ClassificationAssistant assistant(m_desk.store());
        if (!assistant.apply(m_ticketId, m_suggestion))
            Q_EMIT errorOccurred(assistant.errorString());
        refresh();
    });
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        m_dismissed.insert(m_ticketId);
        refresh();
    });
    connect(&desk, &Desk::classificationRulesChanged, this, &ClassificationBar::refresh);
    retranslate();
    hide();
}

void ClassificationBar::setTicket(qint64 ticketId)
{
    m_ticketId = ticketId;
    refresh();
}

void ClassificationBar::refresh()
{
    m_suggestion = m_ticketId > 0 && !m_dismissed.contains(m_ticketId)
                       ? ClassificationAssistant(m_desk.store()).suggestionFor(m_ticketId)
                       : ClassificationSuggestion{};
    setVisible(!m_suggestion.isEmpty());
    if (m_suggestion.isEmpty())
        return;
    m_text->setText(tr("Rules suggest %1 (%2)")
                        .arg(ClassificationAssistant::outcomeText(m_suggestion), m_suggestion.reasons.join(u"; "_s)));
}

void ClassificationBar::retranslate()
{
    m_apply->setText(tr("&Apply"));
    m_apply->setToolTip(tr("Set the suggested category, priority and tags on this ticket"));
    m_dismiss->setText(tr("Keep as is"));
    refresh();
}

void ClassificationBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}
