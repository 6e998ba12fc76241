-- A subscription keeps its customer's reseller (customers never change
-- reseller), so a reseller's subscriptions are one index range: its seats in
-- use and its subscriptions page no longer visit every customer it has.
-- SQLite adds a NOT NULL column with a reference only by a new table.
CREATE TABLE subscriptions_new (
    id INTEGER PRIMARY KEY NOT NULL,
    public_id TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    seats INTEGER NOT NULL,
    term TEXT NOT NULL,
    status TEXT NOT NULL,
    customer_may_edit BOOLEAN NOT NULL DEFAULT 0,
    started_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    reseller_id INTEGER NOT NULL REFERENCES resellers (id)
);
INSERT INTO subscriptions_new
  SELECT s.id, s.public_id, s.customer_id, s.product_id, s.seats, s.term, s.status,
         s.customer_may_edit, s.started_at, s.cancelled_at, s.created_at, c.reseller_id
  FROM subscriptions s JOIN customers c ON c.id = s.customer_id;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_new RENAME TO subscriptions;
CREATE INDEX subscriptions_customer ON subscriptions (customer_id);
CREATE INDEX subscriptions_status ON subscriptions (status);
-- In order, for the reseller's billing; live ones newest first, with their
-- seats for the sum; archived ones apart.
CREATE INDEX subscriptions_reseller ON subscriptions (reseller_id, id);
CREATE INDEX subscriptions_reseller_live ON subscriptions (reseller_id, id, seats)
  WHERE status <> 'cancelled';
CREATE INDEX subscriptions_reseller_archived ON subscriptions (reseller_id, id)
  WHERE status = 'cancelled';
CREATE INDEX subscriptions_archived ON subscriptions (id) WHERE status = 'cancelled';
