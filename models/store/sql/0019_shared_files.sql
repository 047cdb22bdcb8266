-- Deskline local store, step 19.
--
-- Files and mail facts shared through the team's server (issue 15, team mode). The server keeps
-- each file once, addressed by its SHA-256; a team desk lists every attachment of the messages
-- it holds but has a file's bytes only once it was added here or fetched from the server.

-- attachments is built again, with the same ids, because SQLite cannot make content nullable in
-- place: a row without content is an attachment whose bytes are still on the server. Keeping the
-- bytes in the row (rather than in a cache table beside it) keeps every read one table, and
-- "not here yet" is content IS NULL. sha256 is the content's SHA-256 in lower-case hex (NULL for
-- a file kept before this step, until it is sent); server_id is the server's attachment id.
ALTER TABLE attachments RENAME TO attachments_before_19;

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB,
    sha256 TEXT,
    server_id INTEGER
);

INSERT INTO attachments(id, message_id, name, mime_type, size, content)
SELECT id, message_id, name, mime_type, size, content FROM attachments_before_19;

DROP TABLE attachments_before_19;

CREATE INDEX attachments_by_message ON attachments(message_id);
CREATE UNIQUE INDEX attachments_by_server_id ON attachments(server_id) WHERE server_id IS NOT NULL;

-- A content fetched once fills every attachment that has the same bytes.
CREATE INDEX attachments_by_sha256 ON attachments(sha256) WHERE sha256 IS NOT NULL;

-- A team desk's mail facts are the server's rows: the mailbox is the server's (the desk has no
-- mailboxes of its own then, so mailbox_id stays NULL), and the raw mail stays on the server
-- until an agent saves it (raw is NULL, raw_sha256 names it).
ALTER TABLE mail_messages ADD COLUMN mailbox_server_id INTEGER;
ALTER TABLE mail_messages ADD COLUMN raw_sha256 TEXT;
CREATE INDEX mail_messages_by_raw_sha256 ON mail_messages(raw_sha256) WHERE raw_sha256 IS NOT NULL;
