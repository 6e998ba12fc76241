CREATE TABLE subscriptions_old (
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
    created_at TIMESTAMP NOT NULL
);
INSERT INTO subscriptions_old
  SELECT id, public_id, customer_id, product_id, seats, term, status,
         customer_may_edit, started_at, cancelled_at, created_at
  FROM subscriptions;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_old RENAME TO subscriptions;
CREATE INDEX subscriptions_customer ON subscriptions (customer_id);
CREATE INDEX subscriptions_status ON subscriptions (status);
