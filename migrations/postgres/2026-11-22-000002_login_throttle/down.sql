ALTER TABLE users DROP COLUMN failed_window_started_at;
