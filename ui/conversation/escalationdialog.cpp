#include "escalationdialog.h"

#include "desk.h"
#include "directoryservice.h"
#include "escalationfacts.h"
#include "fieldcombo.h"
#include "palettecolors.h"
#include "ticketservice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

EscalationDialog::EscalationDialog(Desk &desk, qint64 ticketId, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_escalations(desk.store())
    , m_ticketId(ticketId)
    , m_functional(new QRadioButton(fieldLabel(EscalationKind::Functional), this))
    , m_hierarchical(new QRadioButton(fieldLabel(EscalationKind::Hierarchical), this))
    , m_team(new QComboBox(this))
    , m_person(new QComboBox(this))
    , m_reason(new QLineEdit(this))
    , m_summary(new QPlainTextEdit(this))
    , m_urgency(new QComboBox(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"escalationDialog"_s);
    const std::optional<Ticket> ticket = desk.tickets().ticket(ticketId);
    setWindowTitle(ticket ? tr("Escalate %1").arg(ticket->displayId()) : tr("Escalate"));
    m_functional->setChecked(true);
    m_team->setObjectName(u"teamBox"_s);
    m_person->setObjectName(u"personBox"_s);
    m_reason->setObjectName(u"reasonField"_s);
    m_reason->setPlaceholderText(tr("Why the first tier cannot solve it"));
    m_summary->setObjectName(u"summaryField"_s);
    m_summary->setTabChangesFocus(true);
    m_summary->setMinimumHeight(fontMetrics().lineSpacing() * 5);
    FieldCombo::fill<Priority>(m_urgency);
    FieldCombo::show(m_urgency, ticket ? ticket->priority : Priority::Normal);
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();

    // What the receiver reads first: the request in the customer's own words.
    if (ticket) {
        const QString asked = m_escalations.customerRequest(ticketId);
        QString summary = ticket->subject;
        if (!asked.isEmpty())
            summary += u"\n"_s + tr("Customer: %1").arg(asked.left(400));
        m_summary->setPlainText(summary);
    }

    auto *kinds = new QHBoxLayout;
    kinds->addWidget(m_functional);
    kinds->addWidget(m_hierarchical);
    kinds->addStretch(1);

    auto *form = new QFormLayout;
    form->addRow(tr("Escalate:"), kinds);
    form->addRow(tr("&Team:"), m_team);
    form->addRow(tr("&Person:"), m_person);
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("&Summary:"), m_summary);
    form->addRow(tr("&Urgency:"), m_urgency);

    auto *factsBox = new QGroupBox(tr("Collected for the receiver"), this);
    auto *grid = new QGridLayout(factsBox);
    const QList<EscalationFact> facts = m_escalations.facts(ticketId);
    for (int row = 0; row < facts.size(); ++row) {
        FactRow fact{facts[row].key, new QCheckBox(EscalationFacts::label(facts[row].key), factsBox),
                     new QLineEdit(facts[row].value, factsBox)};
        fact.box->setObjectName(u"fact_"_s + fact.key);
        fact.value->setObjectName(u"factValue_"_s + fact.key);
        fact.box->setChecked(facts[row].collected);
        fact.value->setCursorPosition(0); // a long value shows its beginning
        // Writing a fact down is collecting it.
        connect(fact.value, &QLineEdit::textEdited, fact.box,
                [box = fact.box](const QString &text) { box->setChecked(!text.trimmed().isEmpty()); });
        grid->addWidget(fact.box, row, 0);
        grid->addWidget(fact.value, row, 1);
        m_facts << fact;
    }
    grid->setColumnStretch(1, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Escalate"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(factsBox);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_functional, &QRadioButton::toggled, this, &EscalationDialog::fillTargets);
    connect(m_team, &QComboBox::currentIndexChanged, this, &EscalationDialog::fillPeople);
    connect(buttons, &QDialogButtonBox::accepted, this, &EscalationDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &EscalationDialog::reject);
    fillTargets();
    resize(fontMetrics().horizontalAdvance(u'M') * 48, sizeHint().height());
}

QCheckBox *EscalationDialog::factBox(const QString &key) const
{
    for (const FactRow &fact : m_facts) {
        if (fact.key == key)
            return fact.box;
    }
    return nullptr;
}

QLineEdit *EscalationDialog::factField(const QString &key) const
{
    for (const FactRow &fact : m_facts) {
        if (fact.key == key)
            return fact.value;
    }
    return nullptr;
}

void EscalationDialog::fillTargets()
{
    const bool functional = m_functional->isChecked();
    const std::optional<Ticket> ticket = m_desk.tickets().ticket(m_ticketId);
    int currentTier = ticket && ticket->escalationTier > 0 ? ticket->escalationTier : 1;
    const QList<Team> teams = m_desk.directory().teams();
    if (ticket && ticket->escalationTier == 0) {
        for (const Team &team : teams) {
            if (team.id == ticket->teamId)
                currentTier = team.tier;
        }
    }
    const QSignalBlocker block(m_team);
    m_team->clear();
    for (const Team &team : teams) {
        if (team.tier > currentTier)
            m_team->addItem(team.name.endsWith(u"L%1"_s.arg(team.tier)) ? team.name
                                                                        : u"%1 (L%2)"_s.arg(team.name).arg(team.tier),
                            team.id);
    }
    m_team->setEnabled(functional);
    if (!functional)
        m_team->setCurrentIndex(-1);
    fillPeople();
}

void EscalationDialog::fillPeople()
{
    m_person->clear();
    if (m_functional->isChecked()) {
        const qint64 teamId = m_team->currentData().toLongLong();
        m_person->addItem(tr("Anyone in the team"), 0);
        for (const Agent &agent : m_desk.directory().agents()) {
            if (agent.teamId == teamId && teamId > 0)
                m_person->addItem(agent.name, agent.id);
        }
        return;
    }
    for (const Agent &agent : m_desk.directory().agents()) {
        if (agent.role != AgentRole::Agent && agent.id != m_desk.directory().currentAgentId())
            m_person->addItem(u"%1 (%2)"_s.arg(agent.name, fieldLabel(agent.role)), agent.id);
    }
}

void EscalationDialog::accept()
{
    EscalationRequest request;
    request.ticketId = m_ticketId;
    request.kind = m_functional->isChecked() ? EscalationKind::Functional : EscalationKind::Hierarchical;
    request.toTeamId = m_functional->isChecked() ? m_team->currentData().toLongLong() : 0;
    request.toAgentId = m_person->currentData().toLongLong();
    request.reason = m_reason->text();
    request.summary = m_summary->toPlainText();
    request.urgency = FieldCombo::value<Priority>(m_urgency).value_or(Priority::Normal);
    for (const FactRow &fact : m_facts)
        request.facts.append({fact.key, fact.value->text(), fact.box->isChecked()});
    const auto id = m_escalations.escalate(request);
    if (!id) {
        m_error->setText(m_escalations.errorString());
        m_error->show();
        if (request.reason.trimmed().isEmpty())
            m_reason->setFocus();
        return;
    }
    m_escalationId = *id;
    QDialog::accept();
}
