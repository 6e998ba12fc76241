-- Failed logins count within a 15-minute window that starts at the first one.
ALTER TABLE users ADD COLUMN failed_window_started_at TIMESTAMP;
