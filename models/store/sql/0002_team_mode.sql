-- Deskline local store, step 2.
--
-- Team mode: local ids stay the desk's own; server_id maps rows to the shared database
-- and client_id names what this desk created before the server numbered it. Writes wait
-- in the outbox until the server has them; refusals are kept for the agent to read.

ALTER TABLE tickets ADD COLUMN client_id TEXT;
ALTER TABLE tickets ADD COLUMN server_id INTEGER;
ALTER TABLE tickets ADD COLUMN server_version INTEGER NOT NULL DEFAULT 0;

-- Who set priority and category last, in the server's order: the agent a
-- later change overrides is told who made it.
ALTER TABLE tickets ADD COLUMN priority_set_by INTEGER;
ALTER TABLE tickets ADD COLUMN category_set_by INTEGER;
CREATE UNIQUE INDEX tickets_by_client_id ON tickets(client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX tickets_by_server_id ON tickets(server_id) WHERE server_id IS NOT NULL;
ALTER TABLE messages ADD COLUMN client_id TEXT;
ALTER TABLE messages ADD COLUMN server_id INTEGER;
CREATE UNIQUE INDEX messages_by_client_id ON messages(client_id) WHERE client_id IS NOT NULL;
ALTER TABLE customers ADD COLUMN server_id INTEGER;
CREATE UNIQUE INDEX customers_by_server_id ON customers(server_id) WHERE server_id IS NOT NULL;
ALTER TABLE orders ADD COLUMN server_id INTEGER;
CREATE UNIQUE INDEX orders_by_server_id ON orders(server_id) WHERE server_id IS NOT NULL;
ALTER TABLE devices ADD COLUMN server_id INTEGER;
CREATE UNIQUE INDEX devices_by_server_id ON devices(server_id) WHERE server_id IS NOT NULL;

-- A team desk's first copy indexes its texts afterwards and finds them by this.
CREATE INDEX search_docs_by_message ON search_docs(message_id) WHERE message_id IS NOT NULL;
CREATE TABLE outbox (id INTEGER PRIMARY KEY, mutation_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, args TEXT NOT NULL, ticket_id INTEGER, created_at INTEGER NOT NULL);
CREATE INDEX outbox_by_ticket ON outbox(ticket_id);
CREATE TABLE sync_issues (id INTEGER PRIMARY KEY, mutation_id TEXT NOT NULL, name TEXT NOT NULL, args TEXT NOT NULL, ticket_id INTEGER, reason TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL);
