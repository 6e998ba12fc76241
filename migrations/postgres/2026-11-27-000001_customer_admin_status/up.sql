-- Each customer keeps the status of its first administrator (its oldest
-- customer_admin membership), as every row of the customer list shows it
-- for *Log in as*. Looked up per row, it was two index lookups and two rows
-- for each of a page's customers: half of the list statement's work.
-- NULL: the customer has no administrator. Kept by the application at
-- every change of a user's status and every new membership
-- (db::customers::sync_admin_status).
ALTER TABLE customers ADD COLUMN admin_status TEXT;
UPDATE customers SET admin_status = (
  SELECT users.status FROM memberships INNER JOIN users ON users.id = memberships.user_id
  WHERE memberships.customer_id = customers.id AND memberships.role = 'customer_admin'
  ORDER BY memberships.id LIMIT 1);
