-- The user a session is logged in as, beside its state, so that reading a
-- session brings its person (user and memberships) in the same statement.
-- Written by the session store at every save; filled here for the sessions
-- already open. The identity is kept in the state as a JSON string.
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
UPDATE sessions
SET user_id = trim(both '"' from state::json ->> 'actix_identity.user_id')::BIGINT
WHERE state::json ->> 'actix_identity.user_id' ~ '^"[0-9]{1,18}"$';
