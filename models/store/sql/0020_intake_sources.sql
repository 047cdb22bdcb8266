-- Deskline local store, step 20.
--
-- The HTTP intake (issue 18): web forms, social-media bridges and other systems post customers'
-- requests to the gateway, signed with their source's secret. The secret is never here (an
-- owner-only file beside the store keeps it): a source is its name, its channel, where the
-- agents' replies go and how many requests a minute it may post.
CREATE TABLE intake_sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    channel INTEGER NOT NULL,
    reply_url TEXT NOT NULL DEFAULT '',
    requests_per_minute INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Every request taken, under the webhook-id its source gave it, with the answer it got: a
-- repeat gets the same answer and adds nothing. external_id is the conversation in the
-- source's own system (a thread, a form entry), so that a later request of it goes to the
-- same ticket; ticket_id also tells which tickets' replies go back to a source.
CREATE TABLE intake_requests (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES intake_sources(id) ON DELETE CASCADE,
    webhook_id TEXT NOT NULL,
    external_id TEXT NOT NULL,
    ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
    status INTEGER NOT NULL,
    answer TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (source_id, webhook_id)
);

CREATE INDEX intake_requests_by_conversation ON intake_requests(source_id, external_id) WHERE external_id <> '';
CREATE INDEX intake_requests_by_ticket ON intake_requests(ticket_id) WHERE ticket_id IS NOT NULL;
