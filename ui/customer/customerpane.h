#pragma once

#include <QWidget>

class CustomerRecordsModel;
class Desk;
class QFormLayout;
class QLabel;
class QScrollArea;
class QTableView;

// The right of the window: who the customer is, their account state, orders,
// devices and earlier tickets (activating one opens it).
class CustomerPane : public QWidget
{
    Q_OBJECT

public:
    explicit CustomerPane(Desk &desk, QWidget *parent = nullptr);

    // shownTicketId, the ticket open beside the pane, is left out of the earlier tickets.
    void setCustomer(qint64 customerId, qint64 shownTicketId = 0);
    qint64 customerId() const { return m_customerId; }

    CustomerRecordsModel *ordersModel() const { return m_orders; }
    CustomerRecordsModel *devicesModel() const { return m_devices; }
    CustomerRecordsModel *ticketsModel() const { return m_tickets; }
    QTableView *ticketsView() const { return m_ticketsView; }
    QString profileText() const;

Q_SIGNALS:
    void ticketActivated(qint64 ticketId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refreshProfile();
    QTableView *makeTable(CustomerRecordsModel *model, const QString &objectName);

    Desk &m_desk;
    qint64 m_customerId = 0;
    QLabel *m_name;
    QLabel *m_account;
    QFormLayout *m_form;
    QLabel *m_username;
    QLabel *m_email;
    QLabel *m_phone;
    QLabel *m_ordersTitle;
    QLabel *m_devicesTitle;
    QLabel *m_ticketsTitle;
    CustomerRecordsModel *m_orders;
    CustomerRecordsModel *m_devices;
    CustomerRecordsModel *m_tickets;
    QTableView *m_ordersView;
    QTableView *m_devicesView;
    QTableView *m_ticketsView;
    QWidget *m_content = nullptr;
    QScrollArea *m_scroll;
};
