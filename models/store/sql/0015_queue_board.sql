-- Deskline local store, step 15.
--
-- The supervisor board counts every team's queue from this index alone (it holds every
-- column the count reads), instead of reading each unsolved ticket's row. Its condition names
-- merged_into (a merged ticket is closed anyway) so that the ticket list's open views, which
-- want an index in their sort order, never take it.

CREATE INDEX tickets_on_board ON tickets(team_id, status, assignee_id, due_at, first_response_at, created_at, awaiting_reply_since) WHERE status < 4 AND archived_at IS NULL AND merged_into IS NULL;
