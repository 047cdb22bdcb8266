-- Deskline local store, step 7.
--
-- Archiving: an archived ticket leaves the working lists and is read-only; exported_at
-- says it was written to an export file, which a purge requires.

ALTER TABLE tickets ADD COLUMN archived_at INTEGER;
ALTER TABLE tickets ADD COLUMN exported_at INTEGER;
CREATE INDEX tickets_by_archived ON tickets(archived_at) WHERE archived_at IS NOT NULL;
CREATE INDEX tickets_by_closed ON tickets(closed_at) WHERE closed_at IS NOT NULL;
