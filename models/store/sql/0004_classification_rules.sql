-- Deskline local store, step 4.
--
-- Classification on arrival: the rules in the order they are tried. Phrases and tags are
-- JSON arrays; an empty condition column means "any".

CREATE TABLE classification_rules (id INTEGER PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, phrases TEXT NOT NULL DEFAULT '[]', channel INTEGER, account_status INTEGER, category INTEGER, priority INTEGER, tags TEXT NOT NULL DEFAULT '[]', team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL, enabled INTEGER NOT NULL DEFAULT 1, client_id TEXT, server_id INTEGER);
CREATE UNIQUE INDEX classification_rules_by_client_id ON classification_rules(client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX classification_rules_by_server_id ON classification_rules(server_id) WHERE server_id IS NOT NULL;
