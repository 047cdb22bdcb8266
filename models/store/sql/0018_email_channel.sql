-- Deskline local store, step 18.
--
-- The email channel (issue 15): the mailboxes the gateway reads and sends from, and the mail
-- behind each message that came in or goes out by email.

-- A mailbox's servers are URLs without a password: the password lives in the system keychain
-- or in password_file, readable only by the gateway's user. uid_validity and last_uid say how
-- far the mailbox was read: a mail is taken in the same transaction that moves last_uid past
-- it, so a gateway stopped at any moment neither loses nor repeats one.
CREATE TABLE mailboxes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL UNIQUE COLLATE NOCASE,
    imap_url TEXT NOT NULL,
    smtp_url TEXT NOT NULL,
    team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    ca_file TEXT NOT NULL DEFAULT '',
    password_file TEXT NOT NULL DEFAULT '',
    max_attachment_bytes INTEGER NOT NULL DEFAULT 26214400 CHECK (max_attachment_bytes > 0),
    uid_validity INTEGER NOT NULL DEFAULT 0,
    last_uid INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- One row per message that is a mail. direction 0: received, 1: an agent's reply to be sent.
-- delivery: 0 received, 1 waiting to be sent, 2 sent, 3 failed for good, 4 bounced.
-- rfc_message_id is the Message-ID without brackets (for a mail without one, a digest of its
-- bytes), unique so that the same mail delivered twice adds nothing; a reply gets its id when
-- the gateway first tries to send it, and keeps it for every retry. raw holds the mail's bytes
-- as received, so that nothing the customer sent is lost even when it could not be read.
CREATE TABLE mail_messages (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    mailbox_id INTEGER REFERENCES mailboxes(id) ON DELETE SET NULL,
    direction INTEGER NOT NULL,
    rfc_message_id TEXT UNIQUE,
    sender TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '[]',
    html TEXT NOT NULL DEFAULT '',
    remote_images TEXT NOT NULL DEFAULT '[]',
    delivery INTEGER NOT NULL,
    delivery_detail TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    sent_at INTEGER,
    raw BLOB
);

-- The Message-IDs each received mail names in In-Reply-To and References, so that a mail read
-- after a reply to it (a backlog fetched newest first) still finds the reply's ticket.
CREATE TABLE mail_references (
    rfc_message_id TEXT NOT NULL,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    PRIMARY KEY (rfc_message_id, message_id)
) WITHOUT ROWID;
CREATE INDEX mail_references_by_message ON mail_references(message_id);

-- How many mails a sender sent lately (a sender who floods the mailbox is held).
CREATE INDEX mail_messages_by_sender ON mail_messages(sender) WHERE direction = 0;

-- What the gateway sends next: waiting replies by the time of their next try.
CREATE INDEX mail_messages_waiting ON mail_messages(next_attempt_at) WHERE delivery = 1;

-- Mails that opened no ticket on purpose (auto-replies, bounces, a sender held for sending too
-- much), kept so that a supervisor can see what was left aside and why.
CREATE TABLE mail_set_aside (
    id INTEGER PRIMARY KEY,
    mailbox_id INTEGER REFERENCES mailboxes(id) ON DELETE CASCADE,
    rfc_message_id TEXT NOT NULL UNIQUE,
    sender TEXT NOT NULL,
    subject TEXT NOT NULL,
    reason INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    raw BLOB
);
CREATE INDEX mail_set_aside_sender ON mail_set_aside(sender, at);
