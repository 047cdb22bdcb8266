#include "customerpane.h"

#include "customerrecordsmodel.h"
#include "desk.h"
#include "directoryservice.h"
#include "palettecolors.h"

#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

CustomerPane::CustomerPane(Desk &desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_name(new QLabel(this))
    , m_account(new QLabel(this))
    , m_form(new QFormLayout)
    , m_username(new QLabel(this))
    , m_email(new QLabel(this))
    , m_phone(new QLabel(this))
    , m_ordersTitle(new QLabel(this))
    , m_devicesTitle(new QLabel(this))
    , m_ticketsTitle(new QLabel(this))
    , m_orders(new CustomerRecordsModel(desk.store(), CustomerRecordsModel::Section::Orders, this))
    , m_devices(new CustomerRecordsModel(desk.store(), CustomerRecordsModel::Section::Devices, this))
    , m_tickets(new CustomerRecordsModel(desk.store(), CustomerRecordsModel::Section::Tickets, this))
    , m_scroll(new QScrollArea(this))
{
    m_name->setObjectName(u"customerName"_s);
    m_account->setObjectName(u"accountState"_s);
    QFont nameFont = font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.25);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setWordWrap(true);
    m_account->setWordWrap(true);
    for (QLabel *label : {m_username, m_email, m_phone}) {
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true); // a long address wraps instead of widening the pane
    }
    for (QLabel *title : {m_ordersTitle, m_devicesTitle, m_ticketsTitle}) {
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
    }
    m_ordersView = makeTable(m_orders, u"ordersView"_s);
    m_devicesView = makeTable(m_devices, u"devicesView"_s);
    m_ticketsView = makeTable(m_tickets, u"customerTicketsView"_s);
    m_ticketsView->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);

    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // The pane scrolls rather than setting how short the window may be: folded into a tab on a
    // small screen it has what is left under the ticket's header.
    m_content = new QWidget;
    m_content->setObjectName(u"customerContent"_s);
    auto *layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_name);
    layout->addWidget(m_account);
    layout->addLayout(m_form);
    layout->addWidget(m_ordersTitle);
    layout->addWidget(m_ordersView, 2);
    layout->addWidget(m_devicesTitle);
    layout->addWidget(m_devicesView, 1);
    layout->addWidget(m_ticketsTitle);
    layout->addWidget(m_ticketsView, 2);
    m_scroll->setObjectName(u"customerScroll"_s);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);

    auto open = [this](const QModelIndex &index) {
        const qint64 id = index.siblingAtColumn(0).data(CustomerRecordsModel::RecordIdRole).toLongLong();
        if (id > 0)
            Q_EMIT ticketActivated(id);
    };
    connect(m_ticketsView, &QTableView::activated, this, open);
    connect(m_ticketsView, &QTableView::clicked, this, open);
    retranslate();
    setCustomer(0);
}

QTableView *CustomerPane::makeTable(CustomerRecordsModel *model, const QString &objectName)
{
    auto *view = new QTableView(this);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // A few rows stay in sight; the pane scrolls for the rest.
    view->setMinimumHeight(view->verticalHeader()->defaultSectionSize() * 3 + fontMetrics().height() + 12);
    return view;
}

void CustomerPane::retranslate()
{
    while (m_form->rowCount() > 0)
        m_form->takeRow(0);
    m_form->addRow(tr("Username:"), m_username);
    m_form->addRow(tr("Email:"), m_email);
    m_form->addRow(tr("Phone:"), m_phone);
    m_ordersTitle->setText(tr("Orders"));
    m_devicesTitle->setText(tr("Devices"));
    m_ticketsTitle->setText(tr("Earlier tickets"));
    m_ticketsView->setToolTip(tr("Click a ticket to open it"));
    m_ordersView->setAccessibleName(tr("Orders"));
    m_devicesView->setAccessibleName(tr("Devices"));
    m_ticketsView->setAccessibleName(tr("Earlier tickets"));
    m_ticketsView->setAccessibleDescription(tr("The customer's other tickets; activate one to open it"));
    setAccessibleName(tr("Customer information"));
    refreshProfile();
    // Never narrower than the profile and the tables' titles: only up and down scroll.
    m_scroll->setMinimumWidth(
        std::max(24 * fontMetrics().horizontalAdvance(u'M'),
                 m_content->minimumSizeHint().width() + m_scroll->verticalScrollBar()->sizeHint().width()));
}

void CustomerPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void CustomerPane::setCustomer(qint64 customerId, qint64 shownTicketId)
{
    if (customerId != m_customerId || customerId == 0) {
        m_customerId = customerId;
        m_orders->setCustomer(customerId);
        m_devices->setCustomer(customerId);
        m_tickets->setCustomer(customerId, shownTicketId);
    } else if (shownTicketId != m_tickets->shownTicketId()) {
        m_tickets->setCustomer(customerId, shownTicketId);
    }
    refreshProfile();
}

void CustomerPane::refreshProfile()
{
    const auto customer = m_customerId > 0 ? m_desk.directory().customer(m_customerId) : std::nullopt;
    for (QWidget *w : std::initializer_list<QWidget *>{m_ordersTitle, m_devicesTitle, m_ticketsTitle, m_ordersView,
                                                       m_devicesView, m_ticketsView, m_username, m_email, m_phone})
        w->setVisible(customer.has_value());
    for (int row = 0; row < m_form->rowCount(); ++row) {
        if (QLayoutItem *label = m_form->itemAt(row, QFormLayout::LabelRole); label && label->widget())
            label->widget()->setVisible(customer.has_value());
    }
    if (!customer) {
        m_name->setText(tr("No customer"));
        m_account->setText(tr("Select a ticket to see who wrote it."));
        return;
    }
    m_name->setText(customer->name);
    m_username->setText(customer->username.isEmpty() ? tr("—") : customer->username);
    m_email->setText(customer->email.isEmpty() ? tr("—") : customer->email);
    m_phone->setText(customer->phone.isEmpty() ? tr("—") : customer->phone);
    const QString twoFactor = customer->twoFactor ? tr("two-step verification on") : tr("two-step verification off");
    const bool attention = customer->accountStatus != AccountStatus::Active;
    m_account->setText(tr("Account %1 · %2").arg(fieldLabel(customer->accountStatus).toLower(), twoFactor));
    m_account->setStyleSheet(attention ? PaletteColors::errorStyle(m_account->palette()) + u" font-weight: bold;"_s
                                       : QString());
    m_ordersTitle->setText(tr("Orders (%1)").arg(m_orders->rowCount()));
    m_devicesTitle->setText(tr("Devices (%1)").arg(m_devices->rowCount()));
    m_ticketsTitle->setText(tr("Earlier tickets (%1)").arg(m_tickets->rowCount()));
}

QString CustomerPane::profileText() const
{
    return QStringList{m_name->text(), m_account->text(), m_username->text(), m_email->text(), m_phone->text()}.join(
        u'\n');
}
