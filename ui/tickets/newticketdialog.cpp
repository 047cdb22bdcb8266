#include "newticketdialog.h"

#include "classificationassistant.h"
#include "desk.h"
#include "directoryservice.h"
#include "fieldcombo.h"
#include "palettecolors.h"
#include "rulesservice.h"
#include "ticketservice.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

NewTicketDialog::NewTicketDialog(Desk &desk, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_lookup(new QLineEdit(this))
    , m_results(new QListWidget(this))
    , m_newCustomer(new QGroupBox(this))
    , m_newName(new QLineEdit(this))
    , m_newPhone(new QLineEdit(this))
    , m_newEmail(new QLineEdit(this))
    , m_subject(new QLineEdit(this))
    , m_channel(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_description(new QPlainTextEdit(this))
    , m_assignToMe(new QCheckBox(tr("Assign to &me"), this))
    , m_suggestion(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New ticket"));
    FieldCombo::fill<Channel>(m_channel);
    FieldCombo::fill<Category>(m_category);
    FieldCombo::fill<Priority>(m_priority);
    FieldCombo::show(m_channel, Channel::Phone);
    FieldCombo::show(m_category, Category::Other);
    FieldCombo::show(m_priority, Priority::Normal);
    setObjectName(u"newTicketDialog"_s);
    m_lookup->setObjectName(u"customerLookup"_s);
    m_results->setObjectName(u"customerResults"_s);
    m_lookup->setPlaceholderText(tr("Phone, email, username or order number"));
    m_lookup->setClearButtonEnabled(true);
    // The line edit's clear button takes its name from its action.
    if (auto *clear = m_lookup->findChild<QAction *>(u"_q_qlineeditclearaction"_s))
        clear->setText(tr("Clear the lookup"));
    m_results->setAccessibleName(tr("Customers found"));
    m_results->setMaximumHeight(fontMetrics().height() * 7);
    m_newCustomer->setTitle(tr("Create a new &customer"));
    m_newCustomer->setCheckable(true);
    m_newCustomer->setChecked(false);
    m_assignToMe->setChecked(true);
    m_classifier = TicketClassifier(desk.rules().rules());
    m_suggestion->setObjectName(u"suggestionLabel"_s);
    m_suggestion->setWordWrap(true);
    m_suggestion->setTextFormat(Qt::PlainText);
    m_suggestion->setStyleSheet(
        u"QLabel { color: %1; }"_s.arg(PaletteColors::readable(QColor(0x15, 0x65, 0xc0), palette()).name()));
    m_suggestion->hide();
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create &ticket"));
    m_description->setPlaceholderText(tr("What the customer needs, in their words"));
    m_description->setTabChangesFocus(true);

    auto *newForm = new QFormLayout(m_newCustomer);
    newForm->addRow(tr("&Name:"), m_newName);
    newForm->addRow(tr("P&hone:"), m_newPhone);
    newForm->addRow(tr("&Email:"), m_newEmail);

    auto *lookupLabel = new QLabel(tr("&Find the caller:"), this);
    lookupLabel->setBuddy(m_lookup);

    auto *form = new QFormLayout;
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("C&hannel:"), m_channel);
    form->addRow(tr("Cate&gory:"), m_category);
    form->addRow(tr("&Priority:"), m_priority);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(QString(), m_suggestion);
    form->addRow(QString(), m_assignToMe);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(lookupLabel);
    layout->addWidget(m_lookup);
    layout->addWidget(m_results);
    layout->addWidget(m_newCustomer);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(fontMetrics().horizontalAdvance(u'M') * 42, sizeHint().height());

    auto *delay = new QTimer(this);
    delay->setSingleShot(true);
    delay->setInterval(120);
    connect(delay, &QTimer::timeout, this, &NewTicketDialog::lookup);
    connect(m_lookup, &QLineEdit::textChanged, delay, qOverload<>(&QTimer::start));
    connect(m_lookup, &QLineEdit::returnPressed, this, &NewTicketDialog::lookup);
    connect(m_results, &QListWidget::currentRowChanged, this, &NewTicketDialog::updateState);
    connect(m_newCustomer, &QGroupBox::toggled, this, &NewTicketDialog::updateState);
    connect(m_results, &QListWidget::currentRowChanged, this, &NewTicketDialog::classify);
    connect(m_subject, &QLineEdit::textChanged, this, &NewTicketDialog::classify);
    connect(m_description, &QPlainTextEdit::textChanged, this, &NewTicketDialog::classify);
    connect(m_channel, &QComboBox::currentIndexChanged, this, &NewTicketDialog::classify);
    connect(m_category, &QComboBox::activated, this, [this] { m_categoryChosen = true; });
    connect(m_priority, &QComboBox::activated, this, [this] { m_priorityChosen = true; });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewTicketDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewTicketDialog::reject);
    updateState();
}

void NewTicketDialog::setCaller(const QString &text)
{
    m_lookup->setText(text);
    lookup();
}

void NewTicketDialog::lookup()
{
    m_results->clear();
    const QString term = m_lookup->text().trimmed();
    if (term.isEmpty()) {
        updateState();
        return;
    }
    const QList<Customer> found = m_desk.directory().findCustomers(term);
    for (const Customer &c : found) {
        QStringList details;
        for (const QString &part : {c.phone, c.email, c.username}) {
            if (!part.isEmpty())
                details << part;
        }
        auto *item = new QListWidgetItem(u"%1 — %2"_s.arg(c.name, details.join(u" · "_s)), m_results);
        item->setData(Qt::UserRole, c.id);
    }
    if (found.isEmpty()) {
        auto *item = new QListWidgetItem(tr("Nobody found; create a new customer below."), m_results);
        item->setFlags(Qt::NoItemFlags);
        // Pre-fill what the agent already typed.
        const QString digits = DirectoryService::phoneKey(term);
        if (term.contains(u'@'))
            m_newEmail->setText(term);
        else if (digits.size() >= 5)
            m_newPhone->setText(term);
        else
            m_newName->setText(term);
    } else {
        m_results->setCurrentRow(0);
        m_newCustomer->setChecked(false);
    }
    updateState();
}

qint64 NewTicketDialog::selectedCustomerId() const
{
    const QListWidgetItem *item = m_results->currentItem();
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void NewTicketDialog::updateState()
{
    m_results->setEnabled(!m_newCustomer->isChecked());
}

void NewTicketDialog::classify()
{
    ClassificationInput input;
    input.subject = m_subject->text();
    input.text = m_description->toPlainText();
    input.channel = FieldCombo::value<Channel>(m_channel).value_or(Channel::Phone);
    if (!m_newCustomer->isChecked()) {
        if (const auto customer = m_desk.directory().customer(selectedCustomerId()))
            input.accountStatus = customer->accountStatus;
    }
    m_suggested = m_classifier.suggest(input);
    if (m_suggested.category && !m_categoryChosen)
        FieldCombo::show(m_category, *m_suggested.category);
    if (m_suggested.priority && !m_priorityChosen)
        FieldCombo::show(m_priority, *m_suggested.priority);
    m_suggestion->setVisible(!m_suggested.isEmpty());
    if (!m_suggested.isEmpty()) {
        m_suggestion->setText(
            tr("Suggested: %1\n%2")
                .arg(ClassificationAssistant::outcomeText(m_suggested), m_suggested.reasons.join(u'\n')));
    }
}

void NewTicketDialog::accept()
{
    auto showError = [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
    };
    qint64 customerId = 0;
    if (m_newCustomer->isChecked()) {
        if (m_newName->text().trimmed().isEmpty()) {
            showError(tr("Enter the new customer's name."));
            m_newName->setFocus();
            return;
        }
    } else {
        customerId = selectedCustomerId();
        if (customerId <= 0) {
            showError(tr("Find the caller first, or create a new customer."));
            m_lookup->setFocus();
            return;
        }
    }
    if (m_subject->text().trimmed().isEmpty()) {
        showError(tr("Enter a subject."));
        m_subject->setFocus();
        return;
    }

    std::optional<Customer> newCustomer;
    if (m_newCustomer->isChecked()) {
        newCustomer.emplace();
        newCustomer->name = m_newName->text();
        newCustomer->phone = m_newPhone->text();
        newCustomer->email = m_newEmail->text();
    }
    NewTicketInput input;
    input.customerId = customerId;
    input.subject = m_subject->text();
    input.channel = FieldCombo::value<Channel>(m_channel).value_or(Channel::Phone);
    input.category = FieldCombo::value<Category>(m_category).value_or(Category::Other);
    input.priority = FieldCombo::value<Priority>(m_priority).value_or(Priority::Normal);
    input.firstMessage = m_description->toPlainText();
    input.assignToMe = m_assignToMe->isChecked();
    input.tags = m_suggested.tags;
    TicketService &tickets = m_desk.tickets();
    const auto id = tickets.open(input, newCustomer);
    if (!id) {
        m_createdTicketId = 0;
        showError(tr("The ticket was not created: %1").arg(tickets.errorString()));
        return;
    }
    m_createdTicketId = *id;
    QDialog::accept();
}
