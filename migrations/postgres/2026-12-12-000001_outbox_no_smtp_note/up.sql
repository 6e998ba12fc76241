-- The worker no longer writes a note on each message when no SMTP server
-- is configured (the outbox screen says so once); older notes go.
UPDATE outbox SET last_error = ''
WHERE last_error = 'kept in the outbox: no SMTP server configured' AND attempts = 0;
