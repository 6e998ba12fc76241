ALTER TABLE customers DROP COLUMN admin_status;
ALTER TABLE customers DROP COLUMN admin_user_id;
