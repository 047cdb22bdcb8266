-- Deskline local store, step 3.
--
-- Service clocks in business time: what each ticket's clock has counted, and since when it
-- runs (NULL while the ticket waits). Tickets already open counted from their creation.

ALTER TABLE tickets ADD COLUMN sla_elapsed_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_since INTEGER;
UPDATE tickets SET sla_since = created_at WHERE status IN (0, 1);
