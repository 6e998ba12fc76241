CREATE INDEX memberships_customer ON memberships (customer_id);
DROP INDEX memberships_customer_role;
