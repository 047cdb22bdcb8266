-- Deskline local store, step 12.
--
-- A ticket's history is the team's: this desk's events carry the id they have on the
-- server (client_id) and colleagues' events the server's (server_id).

ALTER TABLE audit_events ADD COLUMN client_id TEXT;
ALTER TABLE audit_events ADD COLUMN server_id INTEGER;
CREATE UNIQUE INDEX audit_events_by_client_id ON audit_events(client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX audit_events_by_server_id ON audit_events(server_id) WHERE server_id IS NOT NULL;
