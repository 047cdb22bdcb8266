-- Deskline local store, step 25.
--
-- A live chat's transcript is mailed to the address its visitor left, once the chat has ended
-- (issue 18): where it went, so that it goes once per address.
ALTER TABLE chat_sessions ADD COLUMN transcript_sent_to TEXT NOT NULL DEFAULT '';
