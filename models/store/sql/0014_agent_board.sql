-- Deskline local store, step 14.
--
-- The supervisor board's agent figures: each agent's open tickets, what they solved lately,
-- their customers' ratings, each found without reading the agent's older tickets.

CREATE INDEX tickets_open_by_assignee ON tickets(assignee_id) WHERE status < 4 AND archived_at IS NULL;
CREATE INDEX tickets_solved_by_assignee ON tickets(assignee_id, solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX surveys_scored_by_agent ON surveys(agent_id, score) WHERE score IS NOT NULL;
