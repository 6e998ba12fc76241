-- What happened, as the action's arguments (JSON), rendered in the reader's
-- language. Entries written before keep their English sentence in summary.
ALTER TABLE audit_log ADD COLUMN details TEXT NOT NULL DEFAULT '';
