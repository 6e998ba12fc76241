-- Revoking a person's earlier links, and deleting a person, look their
-- tokens up by user: without this index each is a scan of every token.
CREATE INDEX single_use_tokens_user ON single_use_tokens (user_id, purpose);
