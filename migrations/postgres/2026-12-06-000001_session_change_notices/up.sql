-- Each instance keeps recently read sessions in memory (src/db/session_cache.rs)
-- and must hear of every change to what a session is read from: the session,
-- its user, the user's memberships, and their resellers and customers. One
-- notification per statement; PostgreSQL delivers it at commit, and folds
-- identical ones within a transaction. A new session needs none: no instance
-- has read its key yet. The channel is named after the tables' schema, so that
-- installations sharing a database in schemas of their own are not told of
-- each other's changes; src/db/change_listener.rs listens to the channel of
-- its own schema. (A channel name has at most 63 bytes: hence the hash.)
CREATE FUNCTION partnerdesk_sessions_channel(schema_name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'partnerdesk_sessions_' || md5(schema_name)
$$;

CREATE FUNCTION partnerdesk_sessions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(partnerdesk_sessions_channel(TG_TABLE_SCHEMA), '');
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION partnerdesk_sessions_changed();
CREATE TRIGGER sessions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION partnerdesk_sessions_changed();
CREATE TRIGGER sessions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION partnerdesk_sessions_changed();
CREATE TRIGGER sessions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resellers
    FOR EACH STATEMENT EXECUTE FUNCTION partnerdesk_sessions_changed();
CREATE TRIGGER sessions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customers
    FOR EACH STATEMENT EXECUTE FUNCTION partnerdesk_sessions_changed();
