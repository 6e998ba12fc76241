DROP INDEX subscriptions_archived;
DROP INDEX subscriptions_reseller_archived;
DROP INDEX subscriptions_reseller_live;
DROP INDEX subscriptions_reseller;
ALTER TABLE subscriptions DROP COLUMN reseller_id;
