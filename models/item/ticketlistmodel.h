#pragma once

#include "ticketfilter.h"
#include "ticketrow.h"

#include <QAbstractTableModel>
#include <QList>

#include <memory>

class Clock;
class LocalStore;

// The ticket list: a keyset-paged window onto the store. It loads one screenful at
// a time as the view scrolls (canFetchMore / fetchMore), so a million tickets cost
// no more to open than fifty, and after an edit it re-reads only the tickets the
// store reports as changed, moving, inserting or removing just those rows.
class TicketListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        SubjectColumn,
        CustomerColumn,
        ChannelColumn,
        CategoryColumn,
        PriorityColumn,
        StatusColumn,
        AssigneeColumn,
        DueColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role {
        TicketIdRole = Qt::UserRole + 1,
        RawValueRole,       // the enum's integer for channel, category, priority and status
        KeyRole,            // the enum's stable key ("email", "urgent", ...)
        DueAtRole,          // deadline in ms since the epoch, or 0 when no clock runs
        OverdueRole,        // bool
        MsecsLeftRole,      // until the deadline by the model's clock; negative when overdue
        EscalationTierRole, // the tier an open escalation put the ticket at, 0 when none
    };

    static constexpr int pageSize = 200;

    TicketListModel(LocalStore &store, const Clock &clock, QObject *parent = nullptr);
    ~TicketListModel() override;

    const TicketFilter &filter() const { return m_filter; }
    void setFilter(const TicketFilter &filter);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // Rows drag out as their tickets (TicketMime), to be dropped on an agent of the board.
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::MoveAction; }

    qint64 ticketIdAt(int row) const;
    int rowOfTicket(qint64 ticketId) const;
    // The ticket's row, reading further pages (up to maxRows rows in all) when it is in the
    // list but not loaded yet; -1 when the list does not hold it.
    int loadRowOf(qint64 ticketId, int maxRows = 50 * pageSize);
    // What a screen reader says of a row: number, subject, status, priority and customer.
    QString rowSummary(const TicketRow &row) const;
    // Countdowns move with the clock: tells views to repaint that column only.
    void refreshDeadlines();

    static TicketFilter::SortColumn sortColumnFor(int column);
    static int columnFor(TicketFilter::SortColumn sortColumn);
    QString dueText(qint64 dueAtMs) const;

private:
    void reload();
    void onTicketsChanged(const QList<qint64> &ids);
    int insertPosition(const TicketRow &row) const;

    LocalStore &m_store;
    const Clock &m_clock;
    // The store's paged reads and the place reached in search hits.
    struct Reading;
    std::unique_ptr<Reading> m_reading;
    TicketFilter m_filter;
    QList<TicketRow> m_rows;
    bool m_complete = false;
    bool m_announcing = false;
};
