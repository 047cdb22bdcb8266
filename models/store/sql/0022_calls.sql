-- Deskline local store, step 22.
--
-- The phone (issue 18): calls a telephone system posts to the gateway (POST /v1/calls: newCall,
-- answer, hangup) and calls an agent takes at the desk from a tel: link or `deskline --call`.
-- A call belongs to the ticket it opened, which so keeps how long it lasted; a call that rang
-- and was never answered opens a ticket of its own in the phone queue. source_id and call_id
-- are the telephone system's: its three events of one call find the same row.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES intake_sources(id) ON DELETE SET NULL,
    call_id TEXT NOT NULL DEFAULT '',
    ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL DEFAULT '',
    agent_login TEXT NOT NULL DEFAULT '',
    started_at INTEGER NOT NULL,
    answered_at INTEGER,
    ended_at INTEGER,
    duration_ms INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX calls_by_source_call ON calls(source_id, call_id) WHERE call_id <> '';
CREATE INDEX calls_by_ticket ON calls(ticket_id) WHERE ticket_id IS NOT NULL;
