#include "rulesdialog.h"

#include "classificationassistant.h"
#include "desk.h"
#include "directoryservice.h"
#include "fieldcombo.h"
#include "palettecolors.h"
#include "rulesservice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

template<typename E> std::optional<E> optionalValue(const QComboBox *combo)
{
    return FieldCombo::value<E>(combo);
}

template<typename E> void showOptional(QComboBox *combo, const std::optional<E> &value)
{
    if (value)
        FieldCombo::show(combo, *value);
    else
        combo->setCurrentIndex(0);
}

} // namespace

RulesDialog::RulesDialog(Desk &desk, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_phrases(new QPlainTextEdit(this))
    , m_channel(new QComboBox(this))
    , m_account(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_tags(new QLineEdit(this))
    , m_team(new QComboBox(this))
    , m_enabled(new QCheckBox(tr("&Enabled"), this))
    , m_sample(new QLineEdit(this))
    , m_sampleResult(new QLabel(this))
    , m_error(new QLabel(this))
    , m_save(new QPushButton(tr("&Save rule"), this))
    , m_remove(new QPushButton(tr("&Delete"), this))
    , m_up(new QPushButton(tr("Move &up"), this))
    , m_down(new QPushButton(tr("Move do&wn"), this))
    , m_new(new QPushButton(tr("&New rule"), this))
{
    setObjectName(u"rulesDialog"_s);
    setWindowTitle(tr("Classification rules"));
    m_canEdit = desk.rules().canChange();

    FieldCombo::fill<Channel>(m_channel, tr("Any channel"));
    FieldCombo::fill<AccountStatus>(m_account, tr("Any account state"));
    FieldCombo::fill<Category>(m_category, tr("Leave as is"));
    FieldCombo::fill<Priority>(m_priority, tr("Leave as is"));
    m_team->addItem(tr("No team"), 0);
    for (const Team &team : desk.directory().teams())
        m_team->addItem(team.name, team.id);
    m_list->setObjectName(u"ruleList"_s);
    m_list->setAccessibleName(tr("Classification rules"));
    m_save->setObjectName(u"saveRule"_s);
    m_phrases->setPlaceholderText(tr("One per line, e.g.\n支付失败\npayment fail*"));
    m_phrases->setTabChangesFocus(true);
    m_phrases->setMinimumHeight(fontMetrics().lineSpacing() * 7);
    m_tags->setPlaceholderText(tr("payment refund"));
    m_sample->setObjectName(u"sampleField"_s);
    m_sample->setPlaceholderText(tr("Type what a customer might write"));
    m_sampleResult->setObjectName(u"sampleResult"_s);
    m_sampleResult->setWordWrap(true);
    m_sampleResult->setTextFormat(Qt::PlainText);
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *help = new QLabel(tr("A rule applies when all of its conditions hold. Chinese phrases match anywhere; "
                               "English ones match whole words, and a * at the end matches longer forms "
                               "(refund* finds refunded)."),
                            this);
    help->setWordWrap(true);
    help->setStyleSheet(u"color: palette(mid);"_s);

    auto *conditions = new QGroupBox(tr("When"), this);
    auto *conditionForm = new QFormLayout(conditions);
    conditionForm->addRow(tr("&Phrases:"), m_phrases);
    conditionForm->addRow(tr("C&hannel:"), m_channel);
    conditionForm->addRow(tr("&Account:"), m_account);
    auto *outcomes = new QGroupBox(tr("Suggest"), this);
    auto *outcomeForm = new QFormLayout(outcomes);
    outcomeForm->addRow(tr("Cate&gory:"), m_category);
    outcomeForm->addRow(tr("P&riority:"), m_priority);
    outcomeForm->addRow(tr("&Tags:"), m_tags);
    outcomeForm->addRow(tr("Tea&m:"), m_team);

    auto *nameForm = new QFormLayout;
    nameForm->addRow(tr("&Name:"), m_name);
    nameForm->addRow(QString(), m_enabled);

    auto *editButtons = new QHBoxLayout;
    editButtons->addWidget(m_remove);
    editButtons->addStretch(1);
    editButtons->addWidget(m_save);

    auto *editor = new QVBoxLayout;
    editor->addLayout(nameForm);
    editor->addWidget(conditions);
    editor->addWidget(outcomes);
    editor->addWidget(help);
    editor->addWidget(m_error);
    editor->addLayout(editButtons);
    editor->addStretch(1);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_up);
    listButtons->addWidget(m_down);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(editor, 3);

    auto *tryBox = new QGroupBox(tr("Try the rules"), this);
    auto *tryLayout = new QVBoxLayout(tryBox);
    tryLayout->addWidget(m_sample);
    tryLayout->addWidget(m_sampleResult);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    if (!m_canEdit) {
        auto *readOnly = new QLabel(tr("Only a supervisor or an administrator can change the rules."), this);
        readOnly->setObjectName(u"readOnlyNote"_s);
        layout->addWidget(readOnly);
    }
    layout->addLayout(columns, 1);
    layout->addWidget(tryBox);
    layout->addWidget(close);

    for (QWidget *w :
         std::initializer_list<QWidget *>{m_name, m_phrases, m_channel, m_account, m_category, m_priority, m_tags,
                                          m_team, m_enabled, m_save, m_remove, m_up, m_down, m_new})
        w->setEnabled(m_canEdit);

    connect(m_list, &QListWidget::currentRowChanged, this, &RulesDialog::showRule);
    connect(m_new, &QPushButton::clicked, this, &RulesDialog::newRule);
    connect(m_save, &QPushButton::clicked, this, &RulesDialog::saveRule);
    connect(m_remove, &QPushButton::clicked, this, &RulesDialog::removeRule);
    connect(m_up, &QPushButton::clicked, this, [this] { moveRule(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveRule(1); });
    connect(m_sample, &QLineEdit::textChanged, this, &RulesDialog::trySample);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(fontMetrics().horizontalAdvance(u'M') * 70, sizeHint().height());
    reload(0);
}

void RulesDialog::reload(qint64 selectId)
{
    m_rules = m_desk.rules().rules();
    const QSignalBlocker block(m_list);
    m_list->clear();
    int selectRow = m_rules.isEmpty() ? -1 : 0;
    for (int i = 0; i < m_rules.size(); ++i) {
        const ClassificationRule &rule = m_rules[i];
        auto *item = new QListWidgetItem(rule.enabled ? rule.name : tr("%1 (off)").arg(rule.name), m_list);
        if (!rule.enabled)
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        if (rule.id == selectId)
            selectRow = i;
    }
    m_list->setCurrentRow(selectRow);
    showRule(selectRow);
    trySample();
}

void RulesDialog::showRule(int row)
{
    m_error->hide();
    const ClassificationRule rule = row >= 0 && row < m_rules.size() ? m_rules[row] : ClassificationRule{};
    m_editingId = rule.id;
    m_name->setText(rule.name);
    m_phrases->setPlainText(rule.phrases.join(u'\n'));
    showOptional(m_channel, rule.channel);
    showOptional(m_account, rule.accountStatus);
    showOptional(m_category, rule.category);
    showOptional(m_priority, rule.priority);
    m_tags->setText(rule.tags.join(u' '));
    m_team->setCurrentIndex(std::max(0, m_team->findData(rule.teamId)));
    m_enabled->setChecked(rule.enabled);
    m_remove->setEnabled(m_canEdit && rule.id > 0);
    m_up->setEnabled(m_canEdit && row > 0);
    m_down->setEnabled(m_canEdit && row >= 0 && row + 1 < m_rules.size());
}

ClassificationRule RulesDialog::ruleFromForm() const
{
    ClassificationRule rule;
    rule.id = m_editingId;
    rule.name = m_name->text().trimmed();
    for (const QString &line : m_phrases->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            rule.phrases << line.trimmed();
    }
    rule.channel = optionalValue<Channel>(m_channel);
    rule.accountStatus = optionalValue<AccountStatus>(m_account);
    rule.category = optionalValue<Category>(m_category);
    rule.priority = optionalValue<Priority>(m_priority);
    static const QRegularExpression separators(u"[\\s,，;；]+"_s);
    for (const QString &tag : m_tags->text().split(separators, Qt::SkipEmptyParts))
        rule.tags << tag.toLower();
    rule.teamId = m_team->currentData().toLongLong();
    rule.enabled = m_enabled->isChecked();
    return rule;
}

void RulesDialog::newRule()
{
    m_list->setCurrentRow(-1);
    showRule(-1);
    m_name->setFocus();
}

bool RulesDialog::saveRule()
{
    const auto id = m_desk.rules().save(ruleFromForm());
    if (!id) {
        showError(m_desk.rules().errorString());
        return false;
    }
    reload(*id);
    return true;
}

bool RulesDialog::removeRule()
{
    if (m_editingId <= 0)
        return false;
    const int row = m_list->currentRow();
    if (!m_desk.rules().remove(m_editingId)) {
        showError(m_desk.rules().errorString());
        return false;
    }
    reload(row + 1 < m_rules.size() ? m_rules[row + 1].id : 0);
    return true;
}

bool RulesDialog::moveRule(int direction)
{
    const qint64 id = m_editingId;
    if (id <= 0 || !m_desk.rules().move(id, direction))
        return false;
    reload(id);
    return true;
}

void RulesDialog::trySample()
{
    const QString sample = m_sample->text();
    if (sample.trimmed().isEmpty()) {
        m_sampleResult->setText(tr("The suggestion for your text appears here."));
        return;
    }
    // The sample stands for a customer's first words on any channel and account: rules that
    // need a particular channel or account state are tried as if it held.
    QList<ClassificationRule> rules = m_rules;
    for (ClassificationRule &rule : rules) {
        if (!rule.phrases.isEmpty()) {
            rule.channel.reset();
            rule.accountStatus.reset();
        }
    }
    const ClassificationSuggestion suggestion = TicketClassifier(rules).suggest({sample, {}, Channel::Email, {}});
    m_sampleResult->setText(suggestion.isEmpty() ? tr("No rule matches.")
                                                 : tr("%1\n%2").arg(ClassificationAssistant::outcomeText(suggestion),
                                                                    suggestion.reasons.join(u'\n')));
}

void RulesDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}
