-- A customer's people in the order they were added (the Users list's keyset
-- pages, the export): read from this index a page at a time, not sorted.
CREATE INDEX memberships_customer_order ON memberships (customer_id, id);
