#include "tickethistorymodel.h"

#include "fieldcodes.h"
#include "localstore.h"
#include "peoplestore.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

// A field's key from the event, as its label; an unknown key (a newer desk's) as it came.
template<typename E> QString labelOfKey(const QString &key)
{
    const auto value = fieldFromKey<E>(key);
    return value ? fieldLabel(*value) : key;
}

} // namespace

TicketHistoryModel::TicketHistoryModel(LocalStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(&store, &LocalStore::ticketsChanged, this, [this](const QList<qint64> &ids) {
        if (m_ticketId > 0 && ids.contains(m_ticketId))
            reload();
    });
}

void TicketHistoryModel::setTicket(qint64 ticketId)
{
    m_ticketId = ticketId;
    reload();
}

void TicketHistoryModel::reload()
{
    beginResetModel();
    m_events = m_ticketId > 0 ? m_store.auditEvents(m_ticketId) : QList<AuditEvent>();
    // An assignment records the login, which lasts; people read the agent's name.
    for (AuditEvent &event : m_events) {
        if ((event.action == u"assign" || event.action == u"auto_assign") && !event.detail.isEmpty()) {
            if (const auto agent = PeopleStore(m_store).agentByLogin(event.detail))
                event.detail = agent->name;
        }
    }
    endResetModel();
}

QString TicketHistoryModel::describe(const AuditEvent &event)
{
    const QString &d = event.detail;
    if (event.action == u"create")
        return tr("Created from %1").arg(labelOfKey<Channel>(d));
    if (event.action == u"status")
        return tr("Status changed to %1").arg(labelOfKey<TicketStatus>(d));
    if (event.action == u"priority")
        return tr("Priority changed to %1").arg(labelOfKey<Priority>(d));
    if (event.action == u"category")
        return tr("Category changed to %1").arg(labelOfKey<Category>(d));
    if (event.action == u"assign")
        return d.isEmpty() ? tr("Unassigned") : tr("Assigned to %1").arg(d);
    if (event.action == u"auto_assign")
        return tr("Assigned automatically to %1").arg(d);
    if (event.action == u"tag_add")
        return tr("Tag \"%1\" added").arg(d);
    if (event.action == u"tag_remove")
        return tr("Tag \"%1\" removed").arg(d);
    if (event.action == u"auto_close")
        return tr("Closed automatically, %n day(s) after it was solved", nullptr, d.toInt());
    if (event.action == u"reply")
        return tr("Replied to the customer");
    if (event.action == u"note")
        return tr("Wrote an internal note");
    if (event.action == u"escalate")
        return tr("Escalated to %1").arg(d);
    if (event.action == u"hand_back")
        return tr("Handed back: %1").arg(d);
    if (event.action == u"survey") {
        // "resolved 5" (asked live) or "partly queued" / "resolved skipped".
        const QStringList parts = d.split(u' ');
        const QString confirmed = labelOfKey<Resolution>(parts.value(0));
        const QString how = parts.value(1);
        if (how == u"queued")
            return tr("Solved (customer: %1); survey to be sent").arg(confirmed);
        if (how == u"skipped")
            return tr("Solved (customer: %1); survey skipped").arg(confirmed);
        return tr("Solved (customer: %1); satisfaction %2 of 5").arg(confirmed, how);
    }
    if (event.action == u"follow_up_of")
        return tr("Opened as a follow-up of %1").arg(d);
    if (event.action == u"followed_up")
        return tr("Followed up in %1").arg(d);
    if (event.action == u"archive")
        return tr("Archived");
    if (event.action == u"restore")
        return tr("Restored from the archive");
    if (event.action == u"merged_into")
        return tr("Merged into %1 as a duplicate").arg(d);
    if (event.action == u"merged_from")
        return tr("%1 merged into this ticket").arg(d);
    if (event.action == u"merge_undone")
        return tr("Merge with %1 undone").arg(d);
    if (event.action == u"team")
        return tr("Moved to team %1, unassigned").arg(d);
    if (event.action == u"survey_answer")
        return tr("The customer rated the service %1 of 5").arg(d);
    return d.isEmpty() ? event.action : event.action + u": "_s + d;
}

int TicketHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int TicketHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TicketHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_events.size())
        return {};
    const AuditEvent &event = m_events.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case WhenColumn:
            return QLocale().toString(event.at.toLocalTime(), QLocale::ShortFormat);
        case WhoColumn:
            return event.agentName.isEmpty() ? tr("System") : event.agentName;
        case WhatColumn:
            return describe(event);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == WhenColumn)
        return QLocale().toString(event.at.toLocalTime(), QLocale::LongFormat);
    return {};
}

QVariant TicketHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case WhatColumn:
        return tr("What happened");
    }
    return {};
}
