-- A message's secret (the token of an invitation or reset link, a generated
-- password) is kept sealed here; the bodies hold a placeholder where it goes,
-- so that no screen and no log line can show it.
ALTER TABLE outbox ADD COLUMN secret TEXT NOT NULL DEFAULT '';
-- Messages written before the secret was sealed carry it in their bodies:
-- those already sent keep no body, so it cannot be read back.
UPDATE outbox SET html_body = '', text_body = ''
 WHERE kind IN ('invitation', 'password_reset', 'new_password') AND status = 'sent';
