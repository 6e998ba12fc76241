-- Each customer keeps its first administrator (its oldest customer_admin
-- membership) and that user's status: every row of the customer list shows
-- the status for *Log in as*, and the overview shows the administrator.
-- Looked up per row, the status was two index lookups and two rows for
-- each of a page's customers: half of the list statement's work.
-- NULL: the customer has no administrator. A copy, kept by the application
-- at every new membership and every change of a user's status
-- (db::customers::sync_first_admin), rather than a constraint.
ALTER TABLE customers ADD COLUMN admin_user_id BIGINT;
ALTER TABLE customers ADD COLUMN admin_status TEXT;
UPDATE customers SET
  admin_user_id = (
    SELECT memberships.user_id FROM memberships
    WHERE memberships.customer_id = customers.id AND memberships.role = 'customer_admin'
    ORDER BY memberships.id LIMIT 1),
  admin_status = (
    SELECT users.status FROM memberships INNER JOIN users ON users.id = memberships.user_id
    WHERE memberships.customer_id = customers.id AND memberships.role = 'customer_admin'
    ORDER BY memberships.id LIMIT 1);
