-- A subscription keeps its customer's reseller (customers never change
-- reseller), so a reseller's subscriptions are one index range: its seats in
-- use and its subscriptions page no longer visit every customer it has.
ALTER TABLE subscriptions ADD COLUMN reseller_id BIGINT REFERENCES resellers (id);
UPDATE subscriptions SET reseller_id = customers.reseller_id
  FROM customers WHERE customers.id = subscriptions.customer_id;
ALTER TABLE subscriptions ALTER COLUMN reseller_id SET NOT NULL;
-- In order, for the reseller's billing; live ones newest first, with their
-- seats for the sum; archived ones apart.
CREATE INDEX subscriptions_reseller ON subscriptions (reseller_id, id);
CREATE INDEX subscriptions_reseller_live ON subscriptions (reseller_id, id, seats)
  WHERE status <> 'cancelled';
CREATE INDEX subscriptions_reseller_archived ON subscriptions (reseller_id, id)
  WHERE status = 'cancelled';
CREATE INDEX subscriptions_archived ON subscriptions (id) WHERE status = 'cancelled';
