-- Deskline local store, step 11.
--
-- The next-response target: since when a customer's message after the first answer waits
-- for the agent's next public reply (NULL when nothing waits or the ticket's clock stands).

ALTER TABLE tickets ADD COLUMN awaiting_reply_since INTEGER;
