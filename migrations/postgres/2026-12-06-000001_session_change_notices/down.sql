DROP TRIGGER sessions_changed ON customers;
DROP TRIGGER sessions_changed ON resellers;
DROP TRIGGER sessions_changed ON memberships;
DROP TRIGGER sessions_changed ON users;
DROP TRIGGER sessions_changed ON sessions;
DROP FUNCTION partnerdesk_sessions_changed();
DROP FUNCTION partnerdesk_sessions_channel(text);
