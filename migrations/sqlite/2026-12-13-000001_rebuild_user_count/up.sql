-- Customers made before the user count was kept with each change show 0
-- or a stale figure: count their people again, once.
UPDATE customers
SET user_count = (SELECT COUNT(*) FROM memberships WHERE memberships.customer_id = customers.id)
WHERE user_count <> (SELECT COUNT(*) FROM memberships WHERE memberships.customer_id = customers.id);
