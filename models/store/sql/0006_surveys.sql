-- Deskline local store, step 6.
--
-- Satisfaction surveys: one row per solve, live, queued (with when it goes out) or skipped.

CREATE TABLE surveys (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, agent_id INTEGER REFERENCES agents(id), resolution INTEGER NOT NULL, mode INTEGER NOT NULL, score INTEGER CHECK (score BETWEEN 1 AND 5), comment TEXT NOT NULL DEFAULT '', skip_reason TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, send_at INTEGER, sent_at INTEGER, answered_at INTEGER, client_id TEXT, server_id INTEGER);
CREATE INDEX surveys_by_ticket ON surveys(ticket_id, id);
CREATE INDEX surveys_to_send ON surveys(send_at) WHERE mode = 1 AND sent_at IS NULL;
CREATE INDEX surveys_by_created ON surveys(created_at);
CREATE UNIQUE INDEX surveys_by_client_id ON surveys(client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX surveys_by_server_id ON surveys(server_id) WHERE server_id IS NOT NULL;
