-- Deskline local store, step 1.
--
-- The desk's own tables: teams, agents, customers with their orders and devices, tickets with
-- their tags, messages and attachments, the history, canned answers, drafts and the full-text
-- index.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3));
CREATE TABLE agents (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, team_id INTEGER REFERENCES teams(id), role INTEGER NOT NULL DEFAULT 0);
CREATE TABLE customers (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, name TEXT NOT NULL, username TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', phone_key TEXT NOT NULL DEFAULT '', account_status INTEGER NOT NULL DEFAULT 0, two_factor INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE INDEX customers_by_name ON customers(name);
CREATE INDEX customers_by_email ON customers(email COLLATE NOCASE);
CREATE INDEX customers_by_username ON customers(username COLLATE NOCASE);

-- Reversed digits, so "ends with these digits" is an index range.
CREATE INDEX customers_by_phone ON customers(phone_key);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE, number TEXT NOT NULL UNIQUE COLLATE NOCASE, placed_at INTEGER NOT NULL, status INTEGER NOT NULL, amount_cents INTEGER NOT NULL, currency TEXT NOT NULL DEFAULT 'CNY', payment_state INTEGER NOT NULL);
CREATE INDEX orders_by_customer ON orders(customer_id, placed_at);
CREATE TABLE devices (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE, model TEXT NOT NULL, os_version TEXT NOT NULL DEFAULT '', app_version TEXT NOT NULL DEFAULT '');
CREATE INDEX devices_by_customer ON devices(customer_id);

-- customer_name and assignee_name are copies kept for sorting the list by an index;
-- the triggers below keep them true.
CREATE TABLE tickets (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, subject TEXT NOT NULL, channel INTEGER NOT NULL, category INTEGER NOT NULL, priority INTEGER NOT NULL, status INTEGER NOT NULL, customer_id INTEGER NOT NULL REFERENCES customers(id), customer_name TEXT NOT NULL DEFAULT '', assignee_id INTEGER REFERENCES agents(id), assignee_name TEXT NOT NULL DEFAULT '', team_id INTEGER REFERENCES teams(id), created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, due_at INTEGER NOT NULL DEFAULT 9223372036854775807, first_response_at INTEGER, solved_at INTEGER, closed_at INTEGER, message_count INTEGER NOT NULL DEFAULT 0);
CREATE INDEX tickets_by_updated ON tickets(updated_at, id);
CREATE INDEX tickets_by_created ON tickets(created_at, id);
CREATE INDEX tickets_by_subject ON tickets(subject, id);
CREATE INDEX tickets_by_customer_name ON tickets(customer_name, id);
CREATE INDEX tickets_by_channel ON tickets(channel, id);
CREATE INDEX tickets_by_category ON tickets(category, id);
CREATE INDEX tickets_by_priority ON tickets(priority, id);
CREATE INDEX tickets_by_status ON tickets(status, updated_at, id);
CREATE INDEX tickets_by_assignee ON tickets(assignee_id, updated_at, id);
CREATE INDEX tickets_by_assignee_name ON tickets(assignee_name, id);
CREATE INDEX tickets_by_due ON tickets(due_at, id);
CREATE INDEX tickets_by_customer ON tickets(customer_id, created_at);
CREATE TRIGGER customers_rename AFTER UPDATE OF name ON customers BEGIN UPDATE tickets SET customer_name = NEW.name WHERE customer_id = NEW.id; END;
CREATE TRIGGER agents_rename AFTER UPDATE OF name ON agents BEGIN UPDATE tickets SET assignee_name = NEW.name WHERE assignee_id = NEW.id; END;
CREATE TABLE ticket_tags (ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, tag TEXT NOT NULL, PRIMARY KEY (ticket_id, tag)) WITHOUT ROWID;
CREATE INDEX ticket_tags_by_tag ON ticket_tags(tag);
CREATE TABLE messages (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, kind INTEGER NOT NULL, author_agent_id INTEGER REFERENCES agents(id), author_name TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX messages_by_ticket ON messages(ticket_id, id);
CREATE TABLE attachments (id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE, name TEXT NOT NULL, mime_type TEXT NOT NULL, size INTEGER NOT NULL, content BLOB NOT NULL);
CREATE INDEX attachments_by_message ON attachments(message_id);
CREATE TABLE audit_events (id INTEGER PRIMARY KEY, ticket_id INTEGER REFERENCES tickets(id) ON DELETE CASCADE, agent_id INTEGER REFERENCES agents(id), action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL);
CREATE INDEX audit_events_by_ticket ON audit_events(ticket_id, id);
CREATE TABLE canned_answers (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, language TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL DEFAULT 0);
CREATE TABLE drafts (ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE, body TEXT NOT NULL, internal INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);

-- One row per indexed text (a subject or a message); its id is the full-text rowid,
-- growing with time, so "newest hits first" is the index's own order.
CREATE TABLE search_docs (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, message_id INTEGER);
CREATE INDEX search_docs_by_ticket ON search_docs(ticket_id);
CREATE VIRTUAL TABLE search_index USING fts5(text, content='', tokenize='porter unicode61 remove_diacritics 2');
