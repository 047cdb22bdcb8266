#include "syncissue.h"

using namespace Qt::StringLiterals;

QString SyncIssue::actionText(const QString &mutation)
{
    if (mutation == u"ticket.create")
        return tr("Create ticket");
    if (mutation == u"ticket.claim")
        return tr("Take ticket");
    if (mutation == u"ticket.assign")
        return tr("Assign ticket");
    if (mutation == u"ticket.set_status")
        return tr("Change status");
    if (mutation == u"ticket.set_priority")
        return tr("Change priority");
    if (mutation == u"ticket.set_category")
        return tr("Change category");
    if (mutation == u"ticket.add_tag")
        return tr("Add tag");
    if (mutation == u"ticket.remove_tag")
        return tr("Remove tag");
    if (mutation == u"message.add")
        return tr("Send message");
    if (mutation == u"ticket.archive")
        return tr("Archive ticket");
    if (mutation == u"ticket.link_follow_up")
        return tr("Link follow-up ticket");
    if (mutation == u"rule.save" || mutation == u"rule.remove" || mutation == u"rule.seed_defaults")
        return tr("Change classification rules");
    if (mutation == u"ticket.move_to_team")
        return tr("Move ticket to another team");
    if (mutation == u"ticket.record_events")
        return tr("Record the ticket's history");
    if (mutation == u"setting.save")
        return tr("Change the team's settings");
    if (mutation == u"time.add")
        return tr("Record time spent");
    if (mutation == u"time.update")
        return tr("Correct time spent");
    if (mutation == u"time.remove")
        return tr("Delete time spent");
    if (mutation == u"ticket.restore")
        return tr("Restore ticket");
    if (mutation == u"ticket.escalate")
        return tr("Escalate ticket");
    if (mutation == u"ticket.hand_back")
        return tr("Hand back ticket");
    if (mutation == u"survey.record")
        return tr("Record satisfaction");
    if (mutation == u"survey.sent")
        return tr("Send satisfaction survey");
    if (mutation == u"survey.answer")
        return tr("Record the customer's rating");
    if (mutation == u"chat.typing")
        return tr("Show the visitor that you are typing");
    if (mutation == u"faq.publish")
        return tr("Publish a canned answer in the chat page's FAQ");
    if (mutation == u"faq.withdraw")
        return tr("Take a canned answer out of the chat page's FAQ");
    return mutation;
}

QString SyncIssue::reasonText(const QString &reason)
{
    if (reason == u"already_claimed")
        return tr("Someone else took the ticket first.");
    if (reason == u"not_allowed")
        return tr("Your role does not allow this.");
    if (reason == u"not_found")
        return tr("The ticket no longer exists or is not visible to you.");
    if (reason == u"invalid_transition")
        return tr("The ticket's status does not allow this change.");
    if (reason == u"ticket_closed")
        return tr("The ticket is closed; write in a follow-up ticket.");
    if (reason == u"invalid_args")
        return tr("The server found the change invalid.");
    if (reason == u"not_on_server")
        return tr("The ticket was never saved on the server.");
    if (reason == u"already_exists")
        return tr("It exists already.");
    if (reason == u"invalid_status")
        return tr("The ticket is solved or closed.");
    if (reason == u"not_escalated")
        return tr("The ticket is no longer escalated.");
    return tr("The server refused the change (%1).").arg(reason);
}
