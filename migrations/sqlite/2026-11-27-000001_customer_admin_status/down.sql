ALTER TABLE customers DROP COLUMN admin_status;
