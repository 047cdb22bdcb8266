-- Deskline local store, step 5.
--
-- Escalations: each hand-up with its reason, summary and collected facts (a JSON array),
-- and the hand-back. The ticket keeps the tier it is at, for the list and the reports.

CREATE TABLE escalations (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, kind INTEGER NOT NULL, to_tier INTEGER NOT NULL, from_agent_id INTEGER REFERENCES agents(id), from_team_id INTEGER REFERENCES teams(id), to_team_id INTEGER REFERENCES teams(id), to_agent_id INTEGER REFERENCES agents(id), reason TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '', facts TEXT NOT NULL DEFAULT '[]', urgency INTEGER NOT NULL, created_at INTEGER NOT NULL, handed_back_at INTEGER, hand_back_note TEXT NOT NULL DEFAULT '', client_id TEXT, server_id INTEGER);
CREATE UNIQUE INDEX escalations_by_client_id ON escalations(client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX escalations_by_server_id ON escalations(server_id) WHERE server_id IS NOT NULL;
CREATE INDEX escalations_by_ticket ON escalations(ticket_id, id);
CREATE INDEX escalations_by_created ON escalations(created_at);
ALTER TABLE tickets ADD COLUMN escalation_tier INTEGER NOT NULL DEFAULT 0;
