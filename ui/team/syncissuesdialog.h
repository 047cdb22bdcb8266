#pragma once

#include <QDialog>

class Desk;
class QTableWidget;
class QPushButton;

// The changes the server refused, newest first, with why; open the ticket to fix it, or
// dismiss what has been dealt with.
class SyncIssuesDialog : public QDialog
{
    Q_OBJECT

public:
    SyncIssuesDialog(Desk &desk, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void openTicketRequested(qint64 ticketId);

private:
    void reload();
    qint64 selectedIssue() const;
    qint64 selectedTicket() const;

    Desk &m_desk;
    QTableWidget *m_table;
    QPushButton *m_open;
    QPushButton *m_dismiss;
};
