#include "mergedialog.h"

#include "desk.h"
#include "fieldcodes.h"
#include "palettecolors.h"
#include "ticket.h"
#include "ticketservice.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int ticketIdRole = Qt::UserRole + 1;
}

MergeDialog::MergeDialog(Desk &desk, qint64 duplicateId, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_merges(desk.store())
    , m_duplicateId(duplicateId)
    , m_candidates(new QListWidget(this))
    , m_number(new QLineEdit(this))
    , m_preview(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"mergeDialog"_s);
    const auto duplicate = desk.tickets().ticket(duplicateId);
    const QString name = duplicate ? duplicate->displayId() : QString();
    setWindowTitle(tr("Merge %1 into another ticket").arg(name));

    auto *intro =
        new QLabel(tr("%1 will be closed as a duplicate, and its messages will show in the ticket you choose. "
                      "Replies from the customer to %1 go there too. The merge can be undone from %1.")
                       .arg(name),
                   this);
    intro->setWordWrap(true);
    m_candidates->setObjectName(u"candidateList"_s);
    m_number->setObjectName(u"numberField"_s);
    m_number->setPlaceholderText(tr("Ticket number, e.g. T-10234 or #57"));
    m_number->setClearButtonEnabled(true);
    // The line edit's clear button takes its name from its action.
    if (auto *clear = m_number->findChild<QAction *>(u"_q_qlineeditclearaction"_s))
        clear->setText(tr("Clear the number"));
    m_candidates->setAccessibleName(tr("The customer's open tickets"));
    m_number->setAccessibleName(tr("Another ticket's number"));
    m_preview->setObjectName(u"previewLabel"_s);
    m_preview->setWordWrap(true);
    m_preview->setMinimumHeight(m_preview->fontMetrics().lineSpacing() * 3);
    m_preview->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Merge"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("The customer's open &tickets:"), m_candidates);
    form->addRow(tr("Or &another ticket:"), m_number);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form, 1);
    layout->addWidget(m_preview);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &MergeDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &MergeDialog::reject);
    connect(m_candidates, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (!item)
            return;
        m_number->blockSignals(true);
        m_number->clear();
        m_number->blockSignals(false);
        choose(item->data(ticketIdRole).toLongLong());
    });
    connect(m_number, &QLineEdit::textChanged, this, &MergeDialog::chooseNumber);
    fillCandidates();
    resize(sizeHint().expandedTo({560, 380}));
}

void MergeDialog::fillCandidates()
{
    const auto duplicate = m_desk.tickets().ticket(m_duplicateId);
    if (!duplicate)
        return;
    for (const Ticket &t : m_desk.tickets().ticketsOfCustomer(duplicate->customerId)) {
        if (!MergeService::problem(*duplicate, t).isEmpty())
            continue;
        auto *item =
            new QListWidgetItem(tr("%1 · %2 · %3 · %4")
                                    .arg(t.displayId(), t.subject, fieldLabel(t.status),
                                         QLocale().toString(t.createdAt.toLocalTime().date(), QLocale::ShortFormat)),
                                m_candidates);
        item->setData(ticketIdRole, t.id);
    }
    if (m_candidates->count() == 0) {
        m_preview->setText(tr("The customer has no other open ticket; type the number of the one to merge into."));
        m_number->setFocus();
    } else {
        m_candidates->setCurrentRow(0);
    }
}

void MergeDialog::chooseNumber(const QString &text)
{
    const QString number = text.trimmed();
    m_candidates->blockSignals(true);
    m_candidates->setCurrentItem(nullptr);
    m_candidates->blockSignals(false);
    const std::optional<qint64> found = m_desk.tickets().findByNumber(number);
    if (!found) {
        m_targetId = 0;
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
        m_preview->setText(number.isEmpty() ? QString() : tr("No ticket %1 on this desk.").arg(number));
        m_preview->setStyleSheet(PaletteColors::errorStyle(m_preview->palette()));
        return;
    }
    choose(*found);
}

void MergeDialog::choose(qint64 ticketId)
{
    const QString problem = m_merges.problem(m_duplicateId, ticketId);
    const auto target = m_desk.tickets().ticket(ticketId);
    const auto duplicate = m_desk.tickets().ticket(m_duplicateId);
    m_targetId = problem.isEmpty() && target && duplicate ? ticketId : 0;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_targetId > 0);
    if (m_targetId <= 0) {
        m_preview->setStyleSheet(PaletteColors::errorStyle(m_preview->palette()));
        m_preview->setText(problem);
        return;
    }
    m_preview->setStyleSheet(QString());
    QString text =
        tr("%1; %2", "what stays; what joins")
            .arg(tr("%1 «%2» carries on with %n message(s) of its own", nullptr, target->messageCount)
                     .arg(target->displayId(), target->subject),
                 tr("%n message(s) from %1 join it.", nullptr, duplicate->messageCount).arg(duplicate->displayId()));
    if (target->customerId != duplicate->customerId)
        text +=
            u"\n"_s + tr("Note: %1 belongs to another customer (%2).").arg(target->displayId(), target->customerName);
    m_preview->setText(text);
}

void MergeDialog::accept()
{
    if (m_targetId <= 0)
        return;
    if (!m_merges.merge(m_duplicateId, m_targetId)) {
        m_preview->setStyleSheet(PaletteColors::errorStyle(m_preview->palette()));
        m_preview->setText(m_merges.errorString());
        return;
    }
    QDialog::accept();
}
