-- Sessions are read from the database at every request: no instance keeps
-- them in memory, so none needs to hear of changes any more.
DROP TRIGGER IF EXISTS sessions_changed ON customers;
DROP TRIGGER IF EXISTS sessions_changed ON resellers;
DROP TRIGGER IF EXISTS sessions_changed ON memberships;
DROP TRIGGER IF EXISTS sessions_changed ON users;
DROP TRIGGER IF EXISTS sessions_changed ON sessions;
DROP FUNCTION IF EXISTS partnerdesk_sessions_changed();
DROP FUNCTION IF EXISTS partnerdesk_sessions_channel(text);
