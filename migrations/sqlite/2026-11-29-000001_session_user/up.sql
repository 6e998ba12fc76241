-- The user a session is logged in as, beside its state, so that reading a
-- session brings its person (user and memberships) in the same statement.
-- Written by the session store at every save; filled here for the sessions
-- already open. The identity is kept in the state as a JSON string.
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
UPDATE sessions
SET user_id = CAST(trim(json_extract(state, '$."actix_identity.user_id"'), '"') AS INTEGER)
WHERE json_valid(state)
  AND json_extract(state, '$."actix_identity.user_id"') GLOB '"[0-9]*"'
  AND trim(json_extract(state, '$."actix_identity.user_id"'), '"') NOT GLOB '*[^0-9]*';
