-- Deskline local store, step 21.
--
-- Agents' public replies on tickets that came from an HTTP intake source with a reply URL (a
-- social-media bridge, a web form's follow-up): each goes back to the source as a signed
-- webhook, retried with a growing pause, and shown on the reply as sent, waiting or not
-- delivered. webhook_id is fixed when the reply is queued, so that every retry is the same
-- webhook and the receiver can take it once (Standard Webhooks).
-- delivery: 1 waiting to be sent, 2 sent, 3 failed for good (MailDelivery's values).
CREATE TABLE intake_replies (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    source_id INTEGER REFERENCES intake_sources(id) ON DELETE SET NULL,
    webhook_id TEXT NOT NULL UNIQUE,
    external_id TEXT NOT NULL DEFAULT '',
    delivery INTEGER NOT NULL,
    delivery_detail TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    sent_at INTEGER
);

-- What the gateway sends next: waiting replies by the time of their next try.
CREATE INDEX intake_replies_waiting ON intake_replies(next_attempt_at) WHERE delivery = 1;
