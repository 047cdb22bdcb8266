-- Deskline local store, step 8.
--
-- A closed ticket stays closed; a later message starts a follow-up that points back to it.

ALTER TABLE tickets ADD COLUMN follow_up_of INTEGER REFERENCES tickets(id) ON DELETE SET NULL;
CREATE INDEX tickets_by_follow_up_of ON tickets(follow_up_of) WHERE follow_up_of IS NOT NULL;
