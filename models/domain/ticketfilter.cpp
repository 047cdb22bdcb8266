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

namespace {
template<typename E> void putField(QJsonObject &json, const char *key, const std::optional<E> &value)
{
    if (value)
        json.insert(QLatin1StringView(key), fieldKey(*value));
}

template<typename E> std::optional<E> takeField(const QJsonObject &json, const char *key)
{
    const QString text = json.value(QLatin1StringView(key)).toString();
    return text.isEmpty() ? std::nullopt : fieldFromKey<E>(text);
}
} // namespace

QJsonObject TicketFilter::toJson() const
{
    QJsonObject json{{u"view"_s, viewKey(view)}};
    putField(json, "channel", channel);
    putField(json, "category", category);
    putField(json, "priority", priority);
    putField(json, "status", status);
    if (!searchText.isEmpty())
        json.insert(u"search"_s, searchText);
    return json;
}

TicketFilter TicketFilter::fromJson(const QJsonObject &json)
{
    TicketFilter filter;
    filter.view = viewFromKey(json.value(u"view"_s).toString()).value_or(View::All);
    filter.channel = takeField<Channel>(json, "channel");
    filter.category = takeField<Category>(json, "category");
    filter.priority = takeField<Priority>(json, "priority");
    filter.status = takeField<TicketStatus>(json, "status");
    filter.searchText = json.value(u"search"_s).toString();
    return filter;
}
