#pragma once

#include "ticketfilter.h"

#include <QWidget>

#include <optional>

class Clock;
class Desk;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableView;
class QTimer;
class TicketListModel;

// The left of the window: saved views, the quick-filter bar with search, and the
// ticket table. Owns its model and remembers its column layout.
class TicketListPane : public QWidget
{
    Q_OBJECT

public:
    TicketListPane(Desk &desk, const Clock &clock, QWidget *parent = nullptr);

    TicketListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QListWidget *viewList() const { return m_views; }
    // The customers the search text names (by email, phone, username, order number, name).
    QListWidget *customerHits() const { return m_customerHits; }

    qint64 currentTicketId() const;
    // The selected tickets in the list's order (the current one when none is selected).
    QList<qint64> selectedTicketIds() const;
    bool selectTicket(qint64 ticketId);
    // Like selectTicket, reading further pages of the list when the ticket is in the view but
    // not loaded yet (an old ticket far down).
    bool revealTicket(qint64 ticketId);
    void setView(TicketFilter::View view);
    void setSearchText(const QString &text);
    void selectAdjacent(int step);
    // The agent's own views, listed under the built-in ones.
    std::optional<qint64> saveCurrentView(const QString &name); // nullopt: the desk's saved views say why
    bool removeSavedView(qint64 id);
    void askToSaveView();

    static constexpr int savedViewRole = Qt::UserRole + 1; // on a view item: its saved view's id

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

Q_SIGNALS:
    void currentTicketChanged(qint64 ticketId);
    // Enter or a double click on one of the customers the search found.
    void customerChosen(qint64 customerId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyFilter();
    void onViewChosen();
    void reloadSavedViews();
    void updateCount();
    void findCustomers(const QString &text);
    void retranslate();

    Desk &m_desk;
    const Clock &m_clock;
    TicketListModel *m_model;
    QListWidget *m_views;
    QLineEdit *m_search;
    QAction *m_searchIcon = nullptr;
    QComboBox *m_channel;
    QComboBox *m_category;
    QComboBox *m_priority;
    QComboBox *m_status;
    QLabel *m_customersHeading;
    QListWidget *m_customerHits;
    QTableView *m_table;
    QLabel *m_count;
    QComboBox *m_searchOrder;
    QTimer *m_searchDelay;
    QTimer *m_deadlineTicker;
    qint64 m_lastEmitted = -1;
    bool m_keepOpenTicket = false;
};
