-- Deskline local store, step 23.
--
-- Live chat with the FAQ first (issue 18). A canned answer a supervisor marks public is an
-- article of the chat page's FAQ, with its title and text in Chinese and in English (empty:
-- the answer's own title and text, when it is in that language or in any).
ALTER TABLE canned_answers ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE canned_answers ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE canned_answers ADD COLUMN body_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE canned_answers ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE canned_answers ADD COLUMN body_en TEXT NOT NULL DEFAULT '';

-- One live chat and its ticket. token_sha256 is the SHA-256 of the random token the visitor's
-- page holds (the token itself is never kept); the typing columns say when each side last
-- typed; transcript_to is where the visitor asked the transcript to go; changed_at moves with
-- every change, so that a desk finds what another process changed since it last looked.
CREATE TABLE chat_sessions (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id) ON DELETE CASCADE,
    token_sha256 TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL DEFAULT '',
    customer_typing_at INTEGER,
    agent_typing_at INTEGER,
    transcript_to TEXT NOT NULL DEFAULT '',
    ended_at INTEGER,
    created_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);

CREATE INDEX chat_sessions_by_changed ON chat_sessions(changed_at);
