-- Deskline local store, step 10.
--
-- Merging duplicates: the merged ticket is closed and points at the one that carries on,
-- whose thread shows both. The status it had comes back when the merge is undone. In team
-- mode the server names the target by its id, which may arrive before the target itself.

ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets(id) ON DELETE SET NULL;
ALTER TABLE tickets ADD COLUMN status_before_merge INTEGER;
ALTER TABLE tickets ADD COLUMN merged_into_server INTEGER;
CREATE INDEX tickets_by_merged_into ON tickets(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX tickets_merge_unresolved ON tickets(merged_into_server) WHERE merged_into_server IS NOT NULL AND merged_into IS NULL;
