-- Nothing to restore: the notes said only that no SMTP server was configured.
SELECT 1;
