-- Deskline local store, step 16.
--
-- Reports: a year of a million tickets is read from small running totals, never from the
-- tickets themselves. ReportQuery works each ticket's facts out once (business time to the
-- first answer and to the solution, whether each met its target, the local day and hour it
-- came in, its customer's last rating) and marks the row ready; triggers add a ready row to
-- the totals, and take it out again when anything it was counted by changes (the row is then
-- ready no longer: 2 means already taken out) or when it is deleted.
--
-- Those four triggers on tickets are not in this file: SchemaMigrations generates them
-- (reportTotalsTriggers in schemamigrations.cpp) and runs them after the statements below, so
-- that adding a ticket and taking it out stay one text.

ALTER TABLE tickets ADD COLUMN report_ready INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN report_day INTEGER;
ALTER TABLE tickets ADD COLUMN report_hour INTEGER;
ALTER TABLE tickets ADD COLUMN first_response_bms INTEGER;
ALTER TABLE tickets ADD COLUMN first_response_met INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_bms INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_met INTEGER;
ALTER TABLE tickets ADD COLUMN rating INTEGER;
ALTER TABLE tickets ADD COLUMN rating_day INTEGER;
ALTER TABLE tickets ADD COLUMN rating_agent INTEGER;
ALTER TABLE tickets ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET escalated = 1 WHERE id IN (SELECT ticket_id FROM escalations);
CREATE INDEX tickets_report_unready ON tickets(id) WHERE report_ready <> 1;

-- Backlog at the end of a period: the tickets solved after it.
CREATE INDEX tickets_by_solved ON tickets(solved_at, created_at, team_id, merged_into) WHERE solved_at IS NOT NULL;

-- Totals per local day of creation, team, agent, channel and category (0: none).
CREATE TABLE report_cells (day INTEGER NOT NULL, team_id INTEGER NOT NULL, assignee_id INTEGER NOT NULL, channel INTEGER NOT NULL, category INTEGER NOT NULL, created INTEGER NOT NULL, responded INTEGER NOT NULL, first_response_bms INTEGER NOT NULL, first_response_met INTEGER NOT NULL, solved INTEGER NOT NULL, resolution_bms INTEGER NOT NULL, resolution_met INTEGER NOT NULL, reopened INTEGER NOT NULL, escalated INTEGER NOT NULL, PRIMARY KEY (day, team_id, assignee_id, channel, category)) WITHOUT ROWID;
CREATE TABLE report_hours (day INTEGER NOT NULL, hour INTEGER NOT NULL, team_id INTEGER NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (day, hour, team_id)) WITHOUT ROWID;
CREATE TABLE report_ratings (day INTEGER NOT NULL, team_id INTEGER NOT NULL, agent_id INTEGER NOT NULL, score INTEGER NOT NULL, answers INTEGER NOT NULL, PRIMARY KEY (day, team_id, agent_id, score)) WITHOUT ROWID;

-- A rating given, changed or taken away counts the ticket again.
CREATE TRIGGER surveys_report_added AFTER INSERT ON surveys BEGIN UPDATE tickets SET report_ready = 0 WHERE id = NEW.ticket_id AND report_ready = 1; END;
CREATE TRIGGER surveys_report_changed AFTER UPDATE OF score, answered_at, agent_id ON surveys BEGIN UPDATE tickets SET report_ready = 0 WHERE id = NEW.ticket_id AND report_ready = 1; END;
CREATE TRIGGER surveys_report_deleted AFTER DELETE ON surveys BEGIN UPDATE tickets SET report_ready = 0 WHERE id = OLD.ticket_id AND report_ready = 1; END;

-- Solved (4) back to new, open, pending or on hold: the customer was not helped after all.
CREATE TRIGGER tickets_reopened AFTER UPDATE OF status ON tickets WHEN OLD.status = 4 AND NEW.status < 4 BEGIN UPDATE tickets SET reopened = reopened + 1 WHERE id = NEW.id; END;
CREATE TRIGGER escalations_mark_ticket AFTER INSERT ON escalations BEGIN UPDATE tickets SET escalated = 1 WHERE id = NEW.ticket_id; END;
