#include "resolvedialog.h"

#include "desk.h"
#include "palettecolors.h"
#include "ticketservice.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ResolveDialog::ResolveDialog(Desk &desk, qint64 ticketId, QWidget *parent)
    : QDialog(parent)
    , m_surveys(desk.store())
    , m_ticketId(ticketId)
    , m_resolutions(new QButtonGroup(this))
    , m_modes(new QButtonGroup(this))
    , m_scores(new QButtonGroup(this))
    , m_surveyBox(new QGroupBox(this))
    , m_comment(new QPlainTextEdit(this))
    , m_skipReason(new QLineEdit(this))
    , m_queuedNote(new QLabel(this))
    , m_error(new QLabel(this))
    , m_ok(nullptr)
{
    setObjectName(u"resolveDialog"_s);
    const std::optional<Ticket> ticket = desk.tickets().ticket(ticketId);
    setWindowTitle(ticket ? tr("Solve %1").arg(ticket->displayId()) : tr("Solve"));
    const Channel channel = ticket ? ticket->channel : Channel::Email;

    auto *confirm = new QGroupBox(tr("Does the customer confirm the problem is solved?"), this);
    auto *confirmLayout = new QHBoxLayout(confirm);
    for (Resolution value : allFieldValues<Resolution>()) {
        auto *button = new QRadioButton(fieldLabel(value), confirm);
        button->setObjectName(u"resolution_"_s + fieldKey(value));
        m_resolutions->addButton(button, int(value));
        confirmLayout->addWidget(button);
    }
    confirmLayout->addStretch(1);
    m_resolutions->button(int(Resolution::Resolved))->setChecked(true);

    m_surveyBox->setTitle(tr("Satisfaction"));
    auto *modes = new QHBoxLayout;
    for (SurveyMode value : allFieldValues<SurveyMode>()) {
        auto *button = new QRadioButton(fieldLabel(value), m_surveyBox);
        button->setObjectName(u"mode_"_s + fieldKey(value));
        m_modes->addButton(button, int(value));
        modes->addWidget(button);
    }
    modes->addStretch(1);
    m_modes->button(int(SurveyService::defaultMode(channel)))->setChecked(true);

    const QString scoreLabels[] = {tr("1 Very unhappy"), tr("2 Unhappy"), tr("3 Neutral"), tr("4 Happy"),
                                   tr("5 Very happy")};
    auto *scores = new QHBoxLayout;
    for (int score = 1; score <= 5; ++score) {
        auto *button = new QToolButton(m_surveyBox);
        button->setObjectName(u"score_%1"_s.arg(score));
        button->setText(scoreLabels[score - 1]);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_scores->addButton(button, score);
        scores->addWidget(button);
    }
    scores->addStretch(1);
    m_comment->setObjectName(u"commentField"_s);
    m_comment->setPlaceholderText(tr("What the customer said, in their words"));
    m_comment->setTabChangesFocus(true);
    m_comment->setMaximumHeight(fontMetrics().lineSpacing() * 5);
    m_skipReason->setObjectName(u"skipReasonField"_s);
    m_skipReason->setPlaceholderText(tr("Why not, e.g. the customer hung up"));
    m_queuedNote->setObjectName(u"queuedNote"_s);
    m_queuedNote->setWordWrap(true);
    const int delay = m_surveys.delayMinutes();
    m_queuedNote->setText(tr("A survey message goes to the customer %n minute(s) after solving; their answer is "
                             "added to the ticket.",
                             nullptr, delay));

    auto *surveyLayout = new QVBoxLayout(m_surveyBox);
    surveyLayout->addLayout(modes);
    surveyLayout->addLayout(scores);
    surveyLayout->addWidget(m_comment);
    surveyLayout->addWidget(m_queuedNote);
    surveyLayout->addWidget(m_skipReason);

    m_error->setObjectName(u"errorLabel"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(u"okButton"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(confirm);
    layout->addWidget(m_surveyBox);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_resolutions, &QButtonGroup::idToggled, this, &ResolveDialog::updateState);
    connect(m_modes, &QButtonGroup::idToggled, this, &ResolveDialog::updateState);
    connect(buttons, &QDialogButtonBox::accepted, this, &ResolveDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ResolveDialog::reject);
    updateState();
    resize(fontMetrics().horizontalAdvance(u'M') * 44, sizeHint().height());
}

QRadioButton *ResolveDialog::resolutionButton(Resolution resolution) const
{
    return qobject_cast<QRadioButton *>(m_resolutions->button(int(resolution)));
}

QRadioButton *ResolveDialog::modeButton(SurveyMode mode) const
{
    return qobject_cast<QRadioButton *>(m_modes->button(int(mode)));
}

QAbstractButton *ResolveDialog::scoreButton(int score) const
{
    return m_scores->button(score);
}

Resolution ResolveDialog::resolution() const
{
    return fieldFromInt<Resolution>(m_resolutions->checkedId());
}

SurveyMode ResolveDialog::mode() const
{
    return fieldFromInt<SurveyMode>(m_modes->checkedId());
}

void ResolveDialog::updateState()
{
    const bool solved = resolution() != Resolution::NotResolved;
    // Without a solution there is nothing to rate: the ticket stays open, the comment says why.
    for (QAbstractButton *button : m_modes->buttons())
        button->setEnabled(solved);
    const SurveyMode how = mode();
    for (QAbstractButton *button : m_scores->buttons())
        button->setVisible(solved && how == SurveyMode::Live);
    m_comment->setVisible(!solved || how == SurveyMode::Live);
    m_comment->setPlaceholderText(solved ? tr("What the customer said, in their words")
                                         : tr("What is still wrong, for whoever works on it next"));
    m_queuedNote->setVisible(solved && how == SurveyMode::Queued);
    m_skipReason->setVisible(solved && how == SurveyMode::Skipped);
    m_ok->setText(solved ? tr("&Solve") : tr("&Keep open"));
}

void ResolveDialog::accept()
{
    if (resolution() == Resolution::NotResolved) {
        if (!m_surveys.keepOpen(m_ticketId, m_comment->toPlainText())) {
            m_error->setText(m_surveys.errorString());
            m_error->show();
            return;
        }
        done(KeptOpen);
        return;
    }
    ResolveRequest request;
    request.ticketId = m_ticketId;
    request.resolution = resolution();
    request.mode = mode();
    request.score = m_scores->checkedId() > 0 ? m_scores->checkedId() : 0;
    request.comment = m_comment->toPlainText();
    request.skipReason = m_skipReason->text();
    if (!m_surveys.resolve(request)) {
        m_error->setText(m_surveys.errorString());
        m_error->show();
        return;
    }
    QDialog::accept();
}
