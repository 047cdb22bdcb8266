#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringView>

#include <array>
#include <optional>

// The closed vocabularies of a ticket. Each value has a stable key (stored in the
// interchange format and in settings, never translated) and a label for people.
// The store keeps the enum's integer, so the declaration order is part of the file
// format: append, never reorder.

enum class Channel : int { Email, Chat, Phone, Social, Web };
enum class Category : int { Technical, Order, Account, Payment, Complaint, Other };
enum class Priority : int { Low, Normal, High, Urgent };
enum class TicketStatus : int { New, Open, Pending, OnHold, Solved, Closed };
enum class MessageKind : int { Customer, Agent, Note };
enum class AccountStatus : int { Active, Locked, Suspended, Closed };
enum class OrderStatus : int { Placed, Paid, Shipped, Delivered, Cancelled, Returned };
enum class PaymentState : int { Pending, Paid, Failed, Refunded, PartiallyRefunded };
enum class AgentRole : int { Agent, Supervisor, Admin };
// Functional: to the next tier of specialists; hierarchical: to a supervisor or management.
enum class EscalationKind : int { Functional, Hierarchical };
// What the customer said when asked whether the problem is solved.
enum class Resolution : int { Resolved, Partly, NotResolved };
// How satisfaction is asked: now (phone, chat), by a message sent later (email, social, web), or not.
enum class SurveyMode : int { Live, Queued, Skipped };
// How a team's new tickets find their agent: they wait in the queue, or the server gives them
// to the online agents in turn, or to whoever holds the fewest.
enum class AutoAssign : int { Off, RoundRobin, ByLoad };

template<typename E> struct FieldCode {
    E value;
    const char *key;
    const char *label; // source text for QCoreApplication::translate("Fields", ...)
};

template<typename E> struct FieldCodes;

template<> struct FieldCodes<Channel> {
    static constexpr std::array<FieldCode<Channel>, 5> codes{{
        {Channel::Email, "email", QT_TRANSLATE_NOOP("Fields", "Email")},
        {Channel::Chat, "chat", QT_TRANSLATE_NOOP("Fields", "Chat")},
        {Channel::Phone, "phone", QT_TRANSLATE_NOOP("Fields", "Phone")},
        {Channel::Social, "social", QT_TRANSLATE_NOOP("Fields", "Social media")},
        {Channel::Web, "web", QT_TRANSLATE_NOOP("Fields", "Web form")},
    }};
};

template<> struct FieldCodes<Category> {
    static constexpr std::array<FieldCode<Category>, 6> codes{{
        {Category::Technical, "technical", QT_TRANSLATE_NOOP("Fields", "Technical")},
        {Category::Order, "order", QT_TRANSLATE_NOOP("Fields", "Order")},
        {Category::Account, "account", QT_TRANSLATE_NOOP("Fields", "Account & login")},
        {Category::Payment, "payment", QT_TRANSLATE_NOOP("Fields", "Payment")},
        {Category::Complaint, "complaint", QT_TRANSLATE_NOOP("Fields", "Complaint & feedback")},
        {Category::Other, "other", QT_TRANSLATE_NOOP("Fields", "Other")},
    }};
};

template<> struct FieldCodes<Priority> {
    static constexpr std::array<FieldCode<Priority>, 4> codes{{
        {Priority::Low, "low", QT_TRANSLATE_NOOP("Fields", "Low")},
        {Priority::Normal, "normal", QT_TRANSLATE_NOOP("Fields", "Normal")},
        {Priority::High, "high", QT_TRANSLATE_NOOP("Fields", "High")},
        {Priority::Urgent, "urgent", QT_TRANSLATE_NOOP("Fields", "Urgent")},
    }};
};

template<> struct FieldCodes<TicketStatus> {
    static constexpr std::array<FieldCode<TicketStatus>, 6> codes{{
        {TicketStatus::New, "new", QT_TRANSLATE_NOOP("Fields", "New")},
        {TicketStatus::Open, "open", QT_TRANSLATE_NOOP("Fields", "Open")},
        {TicketStatus::Pending, "pending", QT_TRANSLATE_NOOP("Fields", "Pending")},
        {TicketStatus::OnHold, "on_hold", QT_TRANSLATE_NOOP("Fields", "On hold")},
        {TicketStatus::Solved, "solved", QT_TRANSLATE_NOOP("Fields", "Solved")},
        {TicketStatus::Closed, "closed", QT_TRANSLATE_NOOP("Fields", "Closed")},
    }};
};

template<> struct FieldCodes<MessageKind> {
    static constexpr std::array<FieldCode<MessageKind>, 3> codes{{
        {MessageKind::Customer, "customer", QT_TRANSLATE_NOOP("Fields", "Customer")},
        {MessageKind::Agent, "agent", QT_TRANSLATE_NOOP("Fields", "Agent reply")},
        {MessageKind::Note, "note", QT_TRANSLATE_NOOP("Fields", "Internal note")},
    }};
};

template<> struct FieldCodes<AccountStatus> {
    static constexpr std::array<FieldCode<AccountStatus>, 4> codes{{
        {AccountStatus::Active, "active", QT_TRANSLATE_NOOP("Fields", "Active")},
        {AccountStatus::Locked, "locked", QT_TRANSLATE_NOOP("Fields", "Locked")},
        {AccountStatus::Suspended, "suspended", QT_TRANSLATE_NOOP("Fields", "Suspended")},
        {AccountStatus::Closed, "closed", QT_TRANSLATE_NOOP("Fields", "Closed")},
    }};
};

template<> struct FieldCodes<OrderStatus> {
    static constexpr std::array<FieldCode<OrderStatus>, 6> codes{{
        {OrderStatus::Placed, "placed", QT_TRANSLATE_NOOP("Fields", "Placed")},
        {OrderStatus::Paid, "paid", QT_TRANSLATE_NOOP("Fields", "Paid")},
        {OrderStatus::Shipped, "shipped", QT_TRANSLATE_NOOP("Fields", "Shipped")},
        {OrderStatus::Delivered, "delivered", QT_TRANSLATE_NOOP("Fields", "Delivered")},
        {OrderStatus::Cancelled, "cancelled", QT_TRANSLATE_NOOP("Fields", "Cancelled")},
        {OrderStatus::Returned, "returned", QT_TRANSLATE_NOOP("Fields", "Returned")},
    }};
};

template<> struct FieldCodes<PaymentState> {
    static constexpr std::array<FieldCode<PaymentState>, 5> codes{{
        {PaymentState::Pending, "pending", QT_TRANSLATE_NOOP("Fields", "Awaiting payment")},
        {PaymentState::Paid, "paid", QT_TRANSLATE_NOOP("Fields", "Paid")},
        {PaymentState::Failed, "failed", QT_TRANSLATE_NOOP("Fields", "Payment failed")},
        {PaymentState::Refunded, "refunded", QT_TRANSLATE_NOOP("Fields", "Refunded")},
        {PaymentState::PartiallyRefunded, "partially_refunded", QT_TRANSLATE_NOOP("Fields", "Partly refunded")},
    }};
};

template<> struct FieldCodes<AgentRole> {
    static constexpr std::array<FieldCode<AgentRole>, 3> codes{{
        {AgentRole::Agent, "agent", QT_TRANSLATE_NOOP("Fields", "Agent")},
        {AgentRole::Supervisor, "supervisor", QT_TRANSLATE_NOOP("Fields", "Supervisor")},
        {AgentRole::Admin, "admin", QT_TRANSLATE_NOOP("Fields", "Administrator")},
    }};
};

template<> struct FieldCodes<EscalationKind> {
    static constexpr std::array<FieldCode<EscalationKind>, 2> codes{{
        {EscalationKind::Functional, "functional", QT_TRANSLATE_NOOP("Fields", "To specialists (functional)")},
        {EscalationKind::Hierarchical, "hierarchical",
         QT_TRANSLATE_NOOP("Fields", "To a supervisor or management (hierarchical)")},
    }};
};

template<> struct FieldCodes<Resolution> {
    static constexpr std::array<FieldCode<Resolution>, 3> codes{{
        {Resolution::Resolved, "resolved", QT_TRANSLATE_NOOP("Fields", "Yes, fully solved")},
        {Resolution::Partly, "partly", QT_TRANSLATE_NOOP("Fields", "Partly")},
        {Resolution::NotResolved, "not_resolved", QT_TRANSLATE_NOOP("Fields", "No, not solved")},
    }};
};

template<> struct FieldCodes<SurveyMode> {
    static constexpr std::array<FieldCode<SurveyMode>, 3> codes{{
        {SurveyMode::Live, "live", QT_TRANSLATE_NOOP("Fields", "Ask now")},
        {SurveyMode::Queued, "queued", QT_TRANSLATE_NOOP("Fields", "Send a survey later")},
        {SurveyMode::Skipped, "skipped", QT_TRANSLATE_NOOP("Fields", "Skip the survey")},
    }};
};

template<> struct FieldCodes<AutoAssign> {
    static constexpr std::array<FieldCode<AutoAssign>, 3> codes{{
        {AutoAssign::Off, "off", QT_TRANSLATE_NOOP("Fields", "Wait in the queue")},
        {AutoAssign::RoundRobin, "round_robin", QT_TRANSLATE_NOOP("Fields", "In turn")},
        {AutoAssign::ByLoad, "by_load", QT_TRANSLATE_NOOP("Fields", "Fewest open first")},
    }};
};

template<typename E> QString fieldKey(E value)
{
    for (const auto &code : FieldCodes<E>::codes) {
        if (code.value == value)
            return QString::fromLatin1(code.key);
    }
    return {};
}

template<typename E> QString fieldLabel(E value)
{
    for (const auto &code : FieldCodes<E>::codes) {
        if (code.value == value)
            return QCoreApplication::translate("Fields", code.label);
    }
    return {};
}

template<typename E> std::optional<E> fieldFromKey(QStringView key)
{
    for (const auto &code : FieldCodes<E>::codes) {
        if (key == QLatin1StringView(code.key))
            return code.value;
    }
    return std::nullopt;
}

// Values read back from the store are checked, so a row written by a newer program
// with an unknown code degrades to the last value instead of undefined behaviour.
template<typename E> E fieldFromInt(int raw)
{
    constexpr auto &codes = FieldCodes<E>::codes;
    if (raw < 0 || raw >= int(codes.size()))
        return codes.back().value;
    return static_cast<E>(raw);
}

template<typename E> constexpr auto allFieldValues()
{
    std::array<E, FieldCodes<E>::codes.size()> values{};
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = FieldCodes<E>::codes[i].value;
    return values;
}

template<typename E> QString allFieldKeys()
{
    QString keys;
    for (const auto &code : FieldCodes<E>::codes) {
        if (!keys.isEmpty())
            keys += u" | ";
        keys += QLatin1StringView(code.key);
    }
    return keys;
}
