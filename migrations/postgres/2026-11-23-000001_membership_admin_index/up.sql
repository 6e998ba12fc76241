-- A customer's first administrator, as every list row shows its status:
-- found at the head of this index, without sorting the customer's members.
CREATE INDEX memberships_customer_role ON memberships (customer_id, role, id);
DROP INDEX memberships_customer;
