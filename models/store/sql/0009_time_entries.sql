-- Deskline local store, step 9.
--
-- Time spent per ticket and agent, counted or entered by hand.

CREATE TABLE time_entries (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, agent_id INTEGER REFERENCES agents(id), started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL CHECK (duration_ms > 0), note TEXT NOT NULL DEFAULT '', manual INTEGER NOT NULL DEFAULT 0, client_id TEXT, server_id INTEGER);
CREATE INDEX time_entries_by_ticket ON time_entries(ticket_id, agent_id, started_at);
CREATE UNIQUE INDEX time_entries_by_client_id ON time_entries(client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX time_entries_by_server_id ON time_entries(server_id) WHERE server_id IS NOT NULL;
