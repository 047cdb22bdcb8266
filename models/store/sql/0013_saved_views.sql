-- Deskline local store, step 13.
--
-- Each agent's own views of the ticket list: a name and the filter it stands for (JSON).

CREATE TABLE saved_views (id INTEGER PRIMARY KEY, agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE, name TEXT NOT NULL, filter TEXT NOT NULL, UNIQUE (agent_id, name));
