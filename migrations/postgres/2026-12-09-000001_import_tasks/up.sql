-- A CSV import of a customer's users, run on the server: checked, then
-- applied, with its progress, counts and problems for the task's page.
CREATE TABLE import_tasks (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    started_by TEXT NOT NULL,
    file_name TEXT NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    rows_total BIGINT NOT NULL DEFAULT 0,
    rows_done BIGINT NOT NULL DEFAULT 0,
    to_add BIGINT NOT NULL DEFAULT 0,
    to_modify BIGINT NOT NULL DEFAULT 0,
    to_remove BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    errors BIGINT NOT NULL DEFAULT 0,
    -- The problems as JSON: line, column, message key and its arguments.
    problems TEXT NOT NULL DEFAULT '[]',
    -- Why the whole file or the task failed: a message key, or empty.
    failure TEXT NOT NULL DEFAULT '',
    -- The instance running it (host and port), so that its restart marks
    -- only its own tasks as interrupted.
    runner TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX import_tasks_customer ON import_tasks (customer_id, id);
-- One import at a time per customer, whatever instance starts it.
CREATE UNIQUE INDEX import_tasks_one_running ON import_tasks (customer_id)
    WHERE status IN ('checking', 'applying');
-- The uploaded file, kept apart so that the task list never reads it.
CREATE TABLE import_files (
    task_id BIGINT PRIMARY KEY NOT NULL REFERENCES import_tasks (id) ON DELETE CASCADE,
    content BYTEA NOT NULL
);
