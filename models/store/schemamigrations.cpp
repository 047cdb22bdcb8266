#include "schemamigrations.h"

using namespace Qt::StringLiterals;

namespace {

// The running totals of one ticket row (OLD or NEW) added (sign 1) or taken out (sign -1).
QString reportTotalsChange(const QString &row, int sign)
{
    const QString r = row + u'.';
    const QString n = QString::number(sign);
    return u"INSERT INTO report_cells (day, team_id, assignee_id, channel, category, created, responded,"
           " first_response_bms, first_response_met, solved, resolution_bms, resolution_met, reopened, escalated)"
           " SELECT %1report_day, coalesce(%1team_id, 0), coalesce(%1assignee_id, 0), %1channel, %1category, %2,"
           " %2 * (%1first_response_bms IS NOT NULL), %2 * coalesce(%1first_response_bms, 0),"
           " %2 * coalesce(%1first_response_met, 0), %2 * (%1resolution_bms IS NOT NULL),"
           " %2 * coalesce(%1resolution_bms, 0), %2 * coalesce(%1resolution_met, 0),"
           " %2 * (%1reopened > 0 AND %1resolution_bms IS NOT NULL), %2 * (%1escalated > 0)"
           " WHERE %1merged_into IS NULL ON CONFLICT (day, team_id, assignee_id, channel, category)"
           " DO UPDATE SET created = created + excluded.created, responded = responded + excluded.responded,"
           " first_response_bms = first_response_bms + excluded.first_response_bms,"
           " first_response_met = first_response_met + excluded.first_response_met, solved = solved + excluded.solved,"
           " resolution_bms = resolution_bms + excluded.resolution_bms,"
           " resolution_met = resolution_met + excluded.resolution_met, reopened = reopened + excluded.reopened,"
           " escalated = escalated + excluded.escalated;"
           " INSERT INTO report_hours (day, hour, team_id, created)"
           " SELECT %1report_day, %1report_hour, coalesce(%1team_id, 0), %2 WHERE %1merged_into IS NULL"
           " ON CONFLICT (day, hour, team_id) DO UPDATE SET created = created + excluded.created;"
           " INSERT INTO report_ratings (day, team_id, agent_id, score, answers)"
           " SELECT %1rating_day, coalesce(%1team_id, 0), coalesce(%1rating_agent, 0), %1rating, %2"
           " WHERE %1rating IS NOT NULL AND %1merged_into IS NULL"
           " ON CONFLICT (day, team_id, agent_id, score) DO UPDATE SET answers = answers + excluded.answers;"_s.arg(r,
                                                                                                                    n);
}

QStringList reportTotalsMigration()
{
    // What a ticket is counted by: a change of any of these takes it out of the totals.
    const QStringList countedBy{u"created_at"_s,  u"first_response_at"_s, u"solved_at"_s, u"team_id"_s,
                                u"assignee_id"_s, u"channel"_s,           u"category"_s,  u"priority"_s,
                                u"merged_into"_s, u"reopened"_s,          u"escalated"_s};
    QStringList changed;
    for (const QString &column : countedBy)
        changed.append(u"OLD.%1 IS NOT NEW.%1"_s.arg(column));
    return {
        u"ALTER TABLE tickets ADD COLUMN report_ready INTEGER NOT NULL DEFAULT 0"_s,
        u"ALTER TABLE tickets ADD COLUMN report_day INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN report_hour INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN first_response_bms INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN first_response_met INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN resolution_bms INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN resolution_met INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN rating INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN rating_day INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN rating_agent INTEGER"_s,
        u"ALTER TABLE tickets ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0"_s,
        u"ALTER TABLE tickets ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0"_s,
        u"UPDATE tickets SET escalated = 1 WHERE id IN (SELECT ticket_id FROM escalations)"_s,
        u"CREATE INDEX tickets_report_unready ON tickets(id) WHERE report_ready <> 1"_s,
        // Backlog at the end of a period: the tickets solved after it.
        u"CREATE INDEX tickets_by_solved ON tickets(solved_at, created_at, team_id, merged_into)"
        " WHERE solved_at IS NOT NULL"_s,
        // Totals per local day of creation, team, agent, channel and category (0: none).
        u"CREATE TABLE report_cells (day INTEGER NOT NULL, team_id INTEGER NOT NULL, assignee_id INTEGER NOT NULL,"
        " channel INTEGER NOT NULL, category INTEGER NOT NULL, created INTEGER NOT NULL,"
        " responded INTEGER NOT NULL, first_response_bms INTEGER NOT NULL, first_response_met INTEGER NOT NULL,"
        " solved INTEGER NOT NULL, resolution_bms INTEGER NOT NULL, resolution_met INTEGER NOT NULL,"
        " reopened INTEGER NOT NULL, escalated INTEGER NOT NULL,"
        " PRIMARY KEY (day, team_id, assignee_id, channel, category)) WITHOUT ROWID"_s,
        u"CREATE TABLE report_hours (day INTEGER NOT NULL, hour INTEGER NOT NULL, team_id INTEGER NOT NULL,"
        " created INTEGER NOT NULL, PRIMARY KEY (day, hour, team_id)) WITHOUT ROWID"_s,
        u"CREATE TABLE report_ratings (day INTEGER NOT NULL, team_id INTEGER NOT NULL, agent_id INTEGER NOT NULL,"
        " score INTEGER NOT NULL, answers INTEGER NOT NULL, PRIMARY KEY (day, team_id, agent_id, score))"
        " WITHOUT ROWID"_s,
        u"CREATE TRIGGER tickets_report_counted AFTER UPDATE OF report_ready ON tickets"
        " WHEN OLD.report_ready <> 1 AND NEW.report_ready = 1 BEGIN "_s +
            reportTotalsChange(u"NEW"_s, 1) + u" END"_s,
        u"CREATE TRIGGER tickets_report_uncounted AFTER UPDATE OF report_ready ON tickets"
        " WHEN OLD.report_ready = 1 AND NEW.report_ready = 0 BEGIN "_s +
            reportTotalsChange(u"OLD"_s, -1) + u" END"_s,
        u"CREATE TRIGGER tickets_report_changed AFTER UPDATE OF "_s + countedBy.join(u", "_s) +
            u" ON tickets WHEN OLD.report_ready = 1 AND ("_s + changed.join(u" OR "_s) + u") BEGIN "_s +
            reportTotalsChange(u"OLD"_s, -1) + u" UPDATE tickets SET report_ready = 2 WHERE id = NEW.id; END"_s,
        u"CREATE TRIGGER tickets_report_deleted AFTER DELETE ON tickets WHEN OLD.report_ready = 1 BEGIN "_s +
            reportTotalsChange(u"OLD"_s, -1) + u" END"_s,
        // A rating given, changed or taken away counts the ticket again.
        u"CREATE TRIGGER surveys_report_added AFTER INSERT ON surveys BEGIN"
        " UPDATE tickets SET report_ready = 0 WHERE id = NEW.ticket_id AND report_ready = 1; END"_s,
        u"CREATE TRIGGER surveys_report_changed AFTER UPDATE OF score, answered_at, agent_id ON surveys BEGIN"
        " UPDATE tickets SET report_ready = 0 WHERE id = NEW.ticket_id AND report_ready = 1; END"_s,
        u"CREATE TRIGGER surveys_report_deleted AFTER DELETE ON surveys BEGIN"
        " UPDATE tickets SET report_ready = 0 WHERE id = OLD.ticket_id AND report_ready = 1; END"_s,
        // Solved (4) back to new, open, pending or on hold: the customer was not helped after all.
        u"CREATE TRIGGER tickets_reopened AFTER UPDATE OF status ON tickets WHEN OLD.status = 4 AND NEW.status < 4"
        " BEGIN UPDATE tickets SET reopened = reopened + 1 WHERE id = NEW.id; END"_s,
        u"CREATE TRIGGER escalations_mark_ticket AFTER INSERT ON escalations"
        " BEGIN UPDATE tickets SET escalated = 1 WHERE id = NEW.ticket_id; END"_s,
    };
}

QList<SchemaMigration> buildMigrations()
{
    QList<SchemaMigration> steps;

    steps.append(
        {1,
         {
             u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"_s,
             u"CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
             " tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3))"_s,
             u"CREATE TABLE agents (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
             " team_id INTEGER REFERENCES teams(id), role INTEGER NOT NULL DEFAULT 0)"_s,
             u"CREATE TABLE customers (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, name TEXT NOT NULL,"
             " username TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL "
             "DEFAULT '',"
             " phone_key TEXT NOT NULL DEFAULT '', account_status INTEGER NOT NULL DEFAULT 0,"
             " two_factor INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)"_s,
             u"CREATE INDEX customers_by_name ON customers(name)"_s,
             u"CREATE INDEX customers_by_email ON customers(email COLLATE NOCASE)"_s,
             u"CREATE INDEX customers_by_username ON customers(username COLLATE NOCASE)"_s,
             // Reversed digits, so "ends with these digits" is an index range.
             u"CREATE INDEX customers_by_phone ON customers(phone_key)"_s,
             u"CREATE TABLE orders (id INTEGER PRIMARY KEY,"
             " customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
             " number TEXT NOT NULL UNIQUE COLLATE NOCASE, placed_at INTEGER NOT NULL, status INTEGER NOT "
             "NULL,"
             " amount_cents INTEGER NOT NULL, currency TEXT NOT NULL DEFAULT 'CNY',"
             " payment_state INTEGER NOT NULL)"_s,
             u"CREATE INDEX orders_by_customer ON orders(customer_id, placed_at)"_s,
             u"CREATE TABLE devices (id INTEGER PRIMARY KEY,"
             " customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
             " model TEXT NOT NULL, os_version TEXT NOT NULL DEFAULT '', app_version TEXT NOT NULL DEFAULT '')"_s,
             u"CREATE INDEX devices_by_customer ON devices(customer_id)"_s,
             // customer_name and assignee_name are copies kept for sorting the list by an index;
             // the triggers below keep them true.
             u"CREATE TABLE tickets (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, subject TEXT NOT NULL,"
             " channel INTEGER NOT NULL, category INTEGER NOT NULL, priority INTEGER NOT NULL,"
             " status INTEGER NOT NULL, customer_id INTEGER NOT NULL REFERENCES customers(id),"
             " customer_name TEXT NOT NULL DEFAULT '', assignee_id INTEGER REFERENCES agents(id),"
             " assignee_name TEXT NOT NULL DEFAULT '', team_id INTEGER REFERENCES teams(id),"
             " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
             " due_at INTEGER NOT NULL DEFAULT 9223372036854775807,"
             " first_response_at INTEGER, solved_at INTEGER, closed_at INTEGER,"
             " message_count INTEGER NOT NULL DEFAULT 0)"_s,
             u"CREATE INDEX tickets_by_updated ON tickets(updated_at, id)"_s,
             u"CREATE INDEX tickets_by_created ON tickets(created_at, id)"_s,
             u"CREATE INDEX tickets_by_subject ON tickets(subject, id)"_s,
             u"CREATE INDEX tickets_by_customer_name ON tickets(customer_name, id)"_s,
             u"CREATE INDEX tickets_by_channel ON tickets(channel, id)"_s,
             u"CREATE INDEX tickets_by_category ON tickets(category, id)"_s,
             u"CREATE INDEX tickets_by_priority ON tickets(priority, id)"_s,
             u"CREATE INDEX tickets_by_status ON tickets(status, updated_at, id)"_s,
             u"CREATE INDEX tickets_by_assignee ON tickets(assignee_id, updated_at, id)"_s,
             u"CREATE INDEX tickets_by_assignee_name ON tickets(assignee_name, id)"_s,
             u"CREATE INDEX tickets_by_due ON tickets(due_at, id)"_s,
             u"CREATE INDEX tickets_by_customer ON tickets(customer_id, created_at)"_s,
             u"CREATE TRIGGER customers_rename AFTER UPDATE OF name ON customers BEGIN"
             " UPDATE tickets SET customer_name = NEW.name WHERE customer_id = NEW.id; END"_s,
             u"CREATE TRIGGER agents_rename AFTER UPDATE OF name ON agents BEGIN"
             " UPDATE tickets SET assignee_name = NEW.name WHERE assignee_id = NEW.id; END"_s,
             u"CREATE TABLE ticket_tags (ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
             " tag TEXT NOT NULL, PRIMARY KEY (ticket_id, tag)) WITHOUT ROWID"_s,
             u"CREATE INDEX ticket_tags_by_tag ON ticket_tags(tag)"_s,
             u"CREATE TABLE messages (id INTEGER PRIMARY KEY,"
             " ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, kind INTEGER NOT NULL,"
             " author_agent_id INTEGER REFERENCES agents(id), author_name TEXT NOT NULL DEFAULT '',"
             " body TEXT NOT NULL, created_at INTEGER NOT NULL)"_s,
             u"CREATE INDEX messages_by_ticket ON messages(ticket_id, id)"_s,
             u"CREATE TABLE attachments (id INTEGER PRIMARY KEY,"
             " message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE, name TEXT NOT NULL,"
             " mime_type TEXT NOT NULL, size INTEGER NOT NULL, content BLOB NOT NULL)"_s,
             u"CREATE INDEX attachments_by_message ON attachments(message_id)"_s,
             u"CREATE TABLE audit_events (id INTEGER PRIMARY KEY,"
             " ticket_id INTEGER REFERENCES tickets(id) ON DELETE CASCADE, agent_id INTEGER REFERENCES "
             "agents(id),"
             " action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL)"_s,
             u"CREATE INDEX audit_events_by_ticket ON audit_events(ticket_id, id)"_s,
             u"CREATE TABLE canned_answers (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,"
             " language TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL DEFAULT 0)"_s,
             u"CREATE TABLE drafts (ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
             " body TEXT NOT NULL, internal INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL)"_s,
             // One row per indexed text (a subject or a message); its id is the full-text rowid,
             // growing with time, so "newest hits first" is the index's own order.
             u"CREATE TABLE search_docs (id INTEGER PRIMARY KEY,"
             " ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, message_id INTEGER)"_s,
             u"CREATE INDEX search_docs_by_ticket ON search_docs(ticket_id)"_s,
             u"CREATE VIRTUAL TABLE search_index USING fts5(text, content='',"
             " tokenize='porter unicode61 remove_diacritics 2')"_s,
         }});

    // Team mode: local ids stay the desk's own; server_id maps rows to the shared database
    // and client_id names what this desk created before the server numbered it. Writes wait
    // in the outbox until the server has them; refusals are kept for the agent to read.
    steps.append({2,
                  {
                      u"ALTER TABLE tickets ADD COLUMN client_id TEXT"_s,
                      u"ALTER TABLE tickets ADD COLUMN server_id INTEGER"_s,
                      u"ALTER TABLE tickets ADD COLUMN server_version INTEGER NOT NULL DEFAULT 0"_s,
                      // Who set priority and category last, in the server's order: the agent a
                      // later change overrides is told who made it.
                      u"ALTER TABLE tickets ADD COLUMN priority_set_by INTEGER"_s,
                      u"ALTER TABLE tickets ADD COLUMN category_set_by INTEGER"_s,
                      u"CREATE UNIQUE INDEX tickets_by_client_id ON tickets(client_id) WHERE client_id IS NOT NULL"_s,
                      u"CREATE UNIQUE INDEX tickets_by_server_id ON tickets(server_id) WHERE server_id IS NOT NULL"_s,
                      u"ALTER TABLE messages ADD COLUMN client_id TEXT"_s,
                      u"ALTER TABLE messages ADD COLUMN server_id INTEGER"_s,
                      u"CREATE UNIQUE INDEX messages_by_client_id ON messages(client_id)"
                      " WHERE client_id IS NOT NULL"_s,
                      u"ALTER TABLE customers ADD COLUMN server_id INTEGER"_s,
                      u"CREATE UNIQUE INDEX customers_by_server_id ON customers(server_id)"
                      " WHERE server_id IS NOT NULL"_s,
                      u"ALTER TABLE orders ADD COLUMN server_id INTEGER"_s,
                      u"CREATE UNIQUE INDEX orders_by_server_id ON orders(server_id) WHERE server_id IS NOT NULL"_s,
                      u"ALTER TABLE devices ADD COLUMN server_id INTEGER"_s,
                      u"CREATE UNIQUE INDEX devices_by_server_id ON devices(server_id) WHERE server_id IS NOT NULL"_s,
                      // A team desk's first copy indexes its texts afterwards and finds them by this.
                      u"CREATE INDEX search_docs_by_message ON search_docs(message_id) WHERE message_id IS NOT NULL"_s,
                      u"CREATE TABLE outbox (id INTEGER PRIMARY KEY, mutation_id TEXT NOT NULL UNIQUE,"
                      " name TEXT NOT NULL, args TEXT NOT NULL, ticket_id INTEGER, created_at INTEGER NOT NULL)"_s,
                      u"CREATE INDEX outbox_by_ticket ON outbox(ticket_id)"_s,
                      u"CREATE TABLE sync_issues (id INTEGER PRIMARY KEY, mutation_id TEXT NOT NULL,"
                      " name TEXT NOT NULL, args TEXT NOT NULL, ticket_id INTEGER, reason TEXT NOT NULL,"
                      " detail TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL)"_s,
                  }});

    // Service clocks in business time: what each ticket's clock has counted, and since when it
    // runs (NULL while the ticket waits). Tickets already open counted from their creation.
    steps.append({3,
                  {
                      u"ALTER TABLE tickets ADD COLUMN sla_elapsed_ms INTEGER NOT NULL DEFAULT 0"_s,
                      u"ALTER TABLE tickets ADD COLUMN sla_since INTEGER"_s,
                      u"UPDATE tickets SET sla_since = created_at WHERE status IN (0, 1)"_s,
                  }});

    // Classification on arrival: the rules in the order they are tried. Phrases and tags are
    // JSON arrays; an empty condition column means "any".
    steps.append({4,
                  {
                      u"CREATE TABLE classification_rules (id INTEGER PRIMARY KEY, position INTEGER NOT NULL,"
                      " name TEXT NOT NULL, phrases TEXT NOT NULL DEFAULT '[]', channel INTEGER,"
                      " account_status INTEGER, category INTEGER, priority INTEGER,"
                      " tags TEXT NOT NULL DEFAULT '[]', team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,"
                      " enabled INTEGER NOT NULL DEFAULT 1, client_id TEXT, server_id INTEGER)"_s,
                      u"CREATE UNIQUE INDEX classification_rules_by_client_id ON classification_rules(client_id)"
                      " WHERE client_id IS NOT NULL"_s,
                      u"CREATE UNIQUE INDEX classification_rules_by_server_id ON classification_rules(server_id)"
                      " WHERE server_id IS NOT NULL"_s,
                  }});

    // Escalations: each hand-up with its reason, summary and collected facts (a JSON array),
    // and the hand-back. The ticket keeps the tier it is at, for the list and the reports.
    steps.append({5,
                  {
                      u"CREATE TABLE escalations (id INTEGER PRIMARY KEY,"
                      " ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
                      " kind INTEGER NOT NULL, to_tier INTEGER NOT NULL,"
                      " from_agent_id INTEGER REFERENCES agents(id), from_team_id INTEGER REFERENCES teams(id),"
                      " to_team_id INTEGER REFERENCES teams(id), to_agent_id INTEGER REFERENCES agents(id),"
                      " reason TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '', facts TEXT NOT NULL DEFAULT '[]',"
                      " urgency INTEGER NOT NULL, created_at INTEGER NOT NULL, handed_back_at INTEGER,"
                      " hand_back_note TEXT NOT NULL DEFAULT '', client_id TEXT, server_id INTEGER)"_s,
                      u"CREATE UNIQUE INDEX escalations_by_client_id ON escalations(client_id)"
                      " WHERE client_id IS NOT NULL"_s,
                      u"CREATE UNIQUE INDEX escalations_by_server_id ON escalations(server_id)"
                      " WHERE server_id IS NOT NULL"_s,
                      u"CREATE INDEX escalations_by_ticket ON escalations(ticket_id, id)"_s,
                      u"CREATE INDEX escalations_by_created ON escalations(created_at)"_s,
                      u"ALTER TABLE tickets ADD COLUMN escalation_tier INTEGER NOT NULL DEFAULT 0"_s,
                  }});

    // Satisfaction surveys: one row per solve, live, queued (with when it goes out) or skipped.
    steps.append({6,
                  {
                      u"CREATE TABLE surveys (id INTEGER PRIMARY KEY,"
                      " ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
                      " agent_id INTEGER REFERENCES agents(id), resolution INTEGER NOT NULL, mode INTEGER NOT NULL,"
                      " score INTEGER CHECK (score BETWEEN 1 AND 5), comment TEXT NOT NULL DEFAULT '',"
                      " skip_reason TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, send_at INTEGER,"
                      " sent_at INTEGER, answered_at INTEGER, client_id TEXT, server_id INTEGER)"_s,
                      u"CREATE INDEX surveys_by_ticket ON surveys(ticket_id, id)"_s,
                      u"CREATE INDEX surveys_to_send ON surveys(send_at) WHERE mode = 1 AND sent_at IS NULL"_s,
                      u"CREATE INDEX surveys_by_created ON surveys(created_at)"_s,
                      u"CREATE UNIQUE INDEX surveys_by_client_id ON surveys(client_id) WHERE client_id IS NOT NULL"_s,
                      u"CREATE UNIQUE INDEX surveys_by_server_id ON surveys(server_id) WHERE server_id IS NOT NULL"_s,
                  }});

    // Archiving: an archived ticket leaves the working lists and is read-only; exported_at
    // says it was written to an export file, which a purge requires.
    steps.append({7,
                  {
                      u"ALTER TABLE tickets ADD COLUMN archived_at INTEGER"_s,
                      u"ALTER TABLE tickets ADD COLUMN exported_at INTEGER"_s,
                      u"CREATE INDEX tickets_by_archived ON tickets(archived_at) WHERE archived_at IS NOT NULL"_s,
                      u"CREATE INDEX tickets_by_closed ON tickets(closed_at) WHERE closed_at IS NOT NULL"_s,
                  }});

    // A closed ticket stays closed; a later message starts a follow-up that points back to it.
    steps.append(
        {8,
         {
             u"ALTER TABLE tickets ADD COLUMN follow_up_of INTEGER REFERENCES tickets(id) ON DELETE SET NULL"_s,
             u"CREATE INDEX tickets_by_follow_up_of ON tickets(follow_up_of) WHERE follow_up_of IS NOT NULL"_s,
         }});

    // Time spent per ticket and agent, counted or entered by hand.
    steps.append({9,
                  {
                      u"CREATE TABLE time_entries (id INTEGER PRIMARY KEY,"
                      " ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
                      " agent_id INTEGER REFERENCES agents(id), started_at INTEGER NOT NULL,"
                      " duration_ms INTEGER NOT NULL CHECK (duration_ms > 0), note TEXT NOT NULL DEFAULT '',"
                      " manual INTEGER NOT NULL DEFAULT 0, client_id TEXT, server_id INTEGER)"_s,
                      u"CREATE INDEX time_entries_by_ticket ON time_entries(ticket_id, agent_id, started_at)"_s,
                      u"CREATE UNIQUE INDEX time_entries_by_client_id ON time_entries(client_id)"
                      " WHERE client_id IS NOT NULL"_s,
                      u"CREATE UNIQUE INDEX time_entries_by_server_id ON time_entries(server_id)"
                      " WHERE server_id IS NOT NULL"_s,
                  }});

    // Merging duplicates: the merged ticket is closed and points at the one that carries on,
    // whose thread shows both. The status it had comes back when the merge is undone. In team
    // mode the server names the target by its id, which may arrive before the target itself.
    steps.append({10,
                  {
                      u"ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets(id) ON DELETE SET NULL"_s,
                      u"ALTER TABLE tickets ADD COLUMN status_before_merge INTEGER"_s,
                      u"ALTER TABLE tickets ADD COLUMN merged_into_server INTEGER"_s,
                      u"CREATE INDEX tickets_by_merged_into ON tickets(merged_into) WHERE merged_into IS NOT NULL"_s,
                      u"CREATE INDEX tickets_merge_unresolved ON tickets(merged_into_server)"
                      " WHERE merged_into_server IS NOT NULL AND merged_into IS NULL"_s,
                  }});

    // The next-response target: since when a customer's message after the first answer waits
    // for the agent's next public reply (NULL when nothing waits or the ticket's clock stands).
    steps.append({11, {u"ALTER TABLE tickets ADD COLUMN awaiting_reply_since INTEGER"_s}});

    // A ticket's history is the team's: this desk's events carry the id they have on the
    // server (client_id) and colleagues' events the server's (server_id).
    steps.append({12,
                  {
                      u"ALTER TABLE audit_events ADD COLUMN client_id TEXT"_s,
                      u"ALTER TABLE audit_events ADD COLUMN server_id INTEGER"_s,
                      u"CREATE UNIQUE INDEX audit_events_by_client_id ON audit_events(client_id)"
                      " WHERE client_id IS NOT NULL"_s,
                      u"CREATE UNIQUE INDEX audit_events_by_server_id ON audit_events(server_id)"
                      " WHERE server_id IS NOT NULL"_s,
                  }});

    // Each agent's own views of the ticket list: a name and the filter it stands for (JSON).
    steps.append({13,
                  {
                      u"CREATE TABLE saved_views (id INTEGER PRIMARY KEY,"
                      " agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,"
                      " name TEXT NOT NULL, filter TEXT NOT NULL, UNIQUE (agent_id, name))"_s,
                  }});

    // The supervisor board's agent figures: each agent's open tickets, what they solved lately,
    // their customers' ratings, each found without reading the agent's older tickets.
    steps.append({14,
                  {
                      u"CREATE INDEX tickets_open_by_assignee ON tickets(assignee_id)"
                      " WHERE status < 4 AND archived_at IS NULL"_s,
                      u"CREATE INDEX tickets_solved_by_assignee ON tickets(assignee_id, solved_at)"
                      " WHERE solved_at IS NOT NULL"_s,
                      u"CREATE INDEX surveys_scored_by_agent ON surveys(agent_id, score) WHERE score IS NOT NULL"_s,
                  }});

    // The supervisor board counts every team's queue from this index alone (it holds every
    // column the count reads), instead of reading each unsolved ticket's row. Its condition names
    // merged_into (a merged ticket is closed anyway) so that the ticket list's open views, which
    // want an index in their sort order, never take it.
    steps.append({15,
                  {
                      u"CREATE INDEX tickets_on_board ON tickets(team_id, status, assignee_id, due_at,"
                      " first_response_at, created_at, awaiting_reply_since)"
                      " WHERE status < 4 AND archived_at IS NULL AND merged_into IS NULL"_s,
                  }});

    // Reports: a year of a million tickets is read from small running totals, never from the
    // tickets themselves. ReportQuery works each ticket's facts out once (business time to the
    // first answer and to the solution, whether each met its target, the local day and hour it
    // came in, its customer's last rating) and marks the row ready; the triggers below add a
    // ready row to the totals, and take it out again when anything it was counted by changes
    // (the row is then ready no longer: 2 means already taken out) or when it is deleted.
    steps.append({16, reportTotalsMigration()});

    return steps;
}

} // namespace

const QList<SchemaMigration> &SchemaMigrations::all()
{
    static const QList<SchemaMigration> steps = buildMigrations();
    return steps;
}

int SchemaMigrations::latestVersion()
{
    return all().back().version;
}
