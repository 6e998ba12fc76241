DROP INDEX integrations_customer;
CREATE INDEX integrations_customer ON integrations (customer_id);
