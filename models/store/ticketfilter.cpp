#include "ticketfilter.h"

#include <QCoreApplication>

#include <array>

using namespace Qt::StringLiterals;

namespace {
struct ViewName {
    TicketFilter::View view;
    const char *key;
    const char *label;
};

// In the order the window lists them (and numbers them: Ctrl+1…).
constexpr std::array<ViewName, 9> viewNames{{
    {TicketFilter::View::Mine, "mine", QT_TRANSLATE_NOOP("TicketFilter", "My open tickets")},
    {TicketFilter::View::Unassigned, "unassigned", QT_TRANSLATE_NOOP("TicketFilter", "Unassigned")},
    {TicketFilter::View::AllOpen, "open", QT_TRANSLATE_NOOP("TicketFilter", "All open")},
    {TicketFilter::View::Pending, "pending", QT_TRANSLATE_NOOP("TicketFilter", "Pending")},
    {TicketFilter::View::Solved, "solved", QT_TRANSLATE_NOOP("TicketFilter", "Solved")},
    {TicketFilter::View::All, "all", QT_TRANSLATE_NOOP("TicketFilter", "All tickets")},
    {TicketFilter::View::DueSoon, "due_soon", QT_TRANSLATE_NOOP("TicketFilter", "Due soon")},
    {TicketFilter::View::Breached, "breached", QT_TRANSLATE_NOOP("TicketFilter", "Past deadline")},
    {TicketFilter::View::Archived, "archived", QT_TRANSLATE_NOOP("TicketFilter", "Archive")},
}};
} // namespace

QList<TicketFilter::View> TicketFilter::allViews()
{
    QList<View> views;
    for (const ViewName &name : viewNames)
        views << name.view;
    return views;
}

QString TicketFilter::viewKey(View view)
{
    for (const auto &name : viewNames) {
        if (name.view == view)
            return QString::fromLatin1(name.key);
    }
    return {};
}

std::optional<TicketFilter::View> TicketFilter::viewFromKey(QStringView key)
{
    for (const auto &name : viewNames) {
        if (key == QLatin1StringView(name.key))
            return name.view;
    }
    return std::nullopt;
}

QString TicketFilter::viewLabel(View view)
{
    for (const auto &name : viewNames) {
        if (name.view == view)
            return QCoreApplication::translate("TicketFilter", name.label);
    }
    return {};
}
