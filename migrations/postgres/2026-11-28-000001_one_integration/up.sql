-- A customer has at most one integration, as the wizard and the edit page
-- make it; the overview reads it with the customer. Should two edits ever
-- have raced to add one, the first added is kept.
DELETE FROM integrations WHERE id NOT IN (SELECT min(id) FROM integrations GROUP BY customer_id);
DROP INDEX integrations_customer;
CREATE UNIQUE INDEX integrations_customer ON integrations (customer_id);
