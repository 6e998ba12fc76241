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
