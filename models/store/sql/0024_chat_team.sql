-- Deskline local store, step 24.
--
-- The live chat in team mode (issue 18). A team's chats are started on its server by the
-- gateway, and a desk gets them as synced rows: the token's hash stays on the server, so a
-- desk's copy of such a chat has none.

-- chat_sessions is built again, with the same ids, because SQLite cannot drop token_sha256's
-- NOT NULL in place. The token stays UNIQUE (the chat page finds a desk's own chat by it; NULLs
-- never collide). Nothing else names the table (no trigger, no view).
ALTER TABLE chat_sessions RENAME TO chat_sessions_before_24;

CREATE TABLE chat_sessions (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id) ON DELETE CASCADE,
    token_sha256 TEXT UNIQUE,
    language TEXT NOT NULL DEFAULT '',
    customer_typing_at INTEGER,
    agent_typing_at INTEGER,
    transcript_to TEXT NOT NULL DEFAULT '',
    ended_at INTEGER,
    created_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);

INSERT INTO chat_sessions(id, ticket_id, token_sha256, language, customer_typing_at, agent_typing_at, transcript_to,
                          ended_at, created_at, changed_at)
SELECT id, ticket_id, token_sha256, language, customer_typing_at, agent_typing_at, transcript_to, ended_at,
       created_at, changed_at FROM chat_sessions_before_24;

DROP TABLE chat_sessions_before_24;

CREATE INDEX chat_sessions_by_changed ON chat_sessions(changed_at);

-- A canned answer published as an FAQ article is named on the team's server by an id its desk
-- gives it (faq.publish, faq.withdraw): a uuid, given to every answer when it is made. SQLite
-- has no uuid function: the existing answers get random version-4 uuids built from randomblob
-- (each call is new, so every row gets its own).
ALTER TABLE canned_answers ADD COLUMN client_id TEXT;

UPDATE canned_answers SET client_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
WHERE client_id IS NULL;

CREATE UNIQUE INDEX canned_answers_by_client_id ON canned_answers(client_id);
