-- Deskline local store, step 17.
--
-- The report totals are kept without a trigger on tickets that writes tickets, and without any
-- trigger that a write of tickets sets off touching the totals. In step 16 a change to a counted
-- ticket took it out of the totals and marked its row (UPDATE tickets SET report_ready = 2), and
-- a reopen counted itself into the row (UPDATE tickets SET reopened = reopened + 1), each from
-- inside a trigger on tickets. SQLite builds every trigger a statement may set off into that
-- statement when it is prepared, so each UPDATE of tickets that sets a status or a time carried
-- the nested updates of tickets and the upserts of the totals with it.
--
-- Now a trigger only notes things, in two tables without triggers of their own that are quick to
-- write and to build into a statement:
--   ticket_report_marks  what only a trigger sees happen: how often the ticket was reopened,
--                        whether it was escalated (a row for tickets with either);
--   ticket_report.stale  1: something the ticket is counted by changed (or it is new, rated
--                        again, deleted) since it was counted.
-- ReportQuery::prepare() then does the counting, as it worked out the facts before: it takes
-- each stale counted ticket out of the totals, as it was counted, and counts it again. So a
-- report, which always prepares first, still equals a count made afresh.
--
-- ticket_report keeps, for each ticket, copies of everything it was counted with, under the
-- names step 16 used in tickets: taking a ticket out no longer depends on its row being as it was
-- when it was counted. counted: 1 in the totals; 0 to count; 2 to count, the totals having been
-- emptied wholesale (a new calendar), so nothing is taken out. The two triggers that add a row to
-- the totals and take it out again fire on counted alone; SchemaMigrations generates them from
-- step 16's text and runs them after this file.
--
-- The report columns of tickets (report_ready to escalated) are no longer read or written: they
-- stay, as dropping a column rewrites every row of tickets when a desk opens its store.

CREATE TABLE ticket_report (
    ticket_id INTEGER PRIMARY KEY,
    stale INTEGER NOT NULL DEFAULT 1,
    counted INTEGER NOT NULL DEFAULT 0,
    report_day INTEGER,
    report_hour INTEGER,
    team_id INTEGER,
    assignee_id INTEGER,
    channel INTEGER,
    category INTEGER,
    merged_into INTEGER,
    first_response_bms INTEGER,
    first_response_met INTEGER,
    resolution_bms INTEGER,
    resolution_met INTEGER,
    rating INTEGER,
    rating_day INTEGER,
    rating_agent INTEGER,
    reopened INTEGER NOT NULL DEFAULT 0,
    escalated INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ticket_report_marks (
    ticket_id INTEGER PRIMARY KEY,
    reopened INTEGER NOT NULL DEFAULT 0,
    escalated INTEGER NOT NULL DEFAULT 0
);

-- Every ticket as step 16 counted it: a ready row is in the totals with its columns as they are
-- now (a change would have taken it out), so the totals stay as they are.
INSERT INTO ticket_report (ticket_id, stale, counted, report_day, report_hour, team_id, assignee_id, channel,
                           category, merged_into, first_response_bms, first_response_met, resolution_bms,
                           resolution_met, rating, rating_day, rating_agent, reopened, escalated)
SELECT id, 0, report_ready = 1, report_day, report_hour, team_id, assignee_id, channel, category, merged_into,
       first_response_bms, first_response_met, resolution_bms, resolution_met, rating, rating_day, rating_agent,
       reopened, escalated
FROM tickets;

INSERT INTO ticket_report_marks (ticket_id, reopened, escalated)
SELECT id, reopened, escalated FROM tickets WHERE reopened <> 0 OR escalated <> 0;

CREATE INDEX ticket_report_stale ON ticket_report(ticket_id) WHERE stale = 1;
CREATE INDEX ticket_report_to_count ON ticket_report(ticket_id) WHERE counted <> 1;

DROP TRIGGER tickets_report_counted;
DROP TRIGGER tickets_report_uncounted;
DROP TRIGGER tickets_report_changed;
DROP TRIGGER tickets_report_deleted;
DROP TRIGGER surveys_report_added;
DROP TRIGGER surveys_report_changed;
DROP TRIGGER surveys_report_deleted;
DROP TRIGGER tickets_reopened;
DROP TRIGGER escalations_mark_ticket;
DROP INDEX tickets_report_unready;

-- An upsert: the id of a ticket deleted since the last count may come back before its old row
-- was taken out.
CREATE TRIGGER tickets_report_added AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_report (ticket_id) VALUES (NEW.id) ON CONFLICT (ticket_id) DO UPDATE SET stale = 1;
END;

-- A change of anything a ticket is counted by, other than its marks and rating.
CREATE TRIGGER tickets_report_changed AFTER UPDATE OF created_at, first_response_at, solved_at, team_id, assignee_id,
    channel, category, priority, merged_into ON tickets
WHEN OLD.created_at IS NOT NEW.created_at OR OLD.first_response_at IS NOT NEW.first_response_at
    OR OLD.solved_at IS NOT NEW.solved_at OR OLD.team_id IS NOT NEW.team_id OR OLD.assignee_id IS NOT NEW.assignee_id
    OR OLD.channel IS NOT NEW.channel OR OLD.category IS NOT NEW.category OR OLD.priority IS NOT NEW.priority
    OR OLD.merged_into IS NOT NEW.merged_into
BEGIN
    UPDATE ticket_report SET stale = 1 WHERE ticket_id = OLD.id;
END;

-- The row goes when the next count has taken the ticket out.
CREATE TRIGGER tickets_report_deleted AFTER DELETE ON tickets BEGIN
    UPDATE ticket_report SET stale = 1 WHERE ticket_id = OLD.id;
    DELETE FROM ticket_report_marks WHERE ticket_id = OLD.id;
END;

-- A rating given, changed or taken away counts the ticket again.
CREATE TRIGGER surveys_report_added AFTER INSERT ON surveys BEGIN
    UPDATE ticket_report SET stale = 1 WHERE ticket_id = NEW.ticket_id;
END;

CREATE TRIGGER surveys_report_changed AFTER UPDATE OF score, answered_at, agent_id ON surveys BEGIN
    UPDATE ticket_report SET stale = 1 WHERE ticket_id = NEW.ticket_id;
END;

CREATE TRIGGER surveys_report_deleted AFTER DELETE ON surveys BEGIN
    UPDATE ticket_report SET stale = 1 WHERE ticket_id = OLD.ticket_id;
END;

-- Solved (4) back to new, open, pending or on hold: the customer was not helped after all.
CREATE TRIGGER tickets_reopened AFTER UPDATE OF status ON tickets WHEN OLD.status = 4 AND NEW.status < 4 BEGIN
    INSERT INTO ticket_report_marks (ticket_id, reopened) VALUES (NEW.id, 1)
        ON CONFLICT (ticket_id) DO UPDATE SET reopened = reopened + 1;
    UPDATE ticket_report SET stale = 1 WHERE ticket_id = NEW.id;
END;

-- The demo seeder's escalations may reach the file before their tickets: the mark is kept all
-- the same, and the ticket, once written, is stale as a new one is.
CREATE TRIGGER escalations_mark_ticket AFTER INSERT ON escalations BEGIN
    INSERT INTO ticket_report_marks (ticket_id, escalated) VALUES (NEW.ticket_id, 1)
        ON CONFLICT (ticket_id) DO UPDATE SET escalated = 1;
    UPDATE ticket_report SET stale = 1 WHERE ticket_id = NEW.ticket_id;
END;
