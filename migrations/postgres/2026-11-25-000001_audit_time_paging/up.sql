-- The audit log screens page by time, then id, newest first: each filter's
-- index goes on with the time, so a filter with dates starts where they are.
DROP INDEX audit_log_customer_id;
DROP INDEX audit_log_reseller_id;
DROP INDEX audit_log_actor_name;
DROP INDEX audit_log_impersonator_name;
DROP INDEX audit_log_action;
DROP INDEX audit_log_customer;
CREATE INDEX audit_log_customer_time ON audit_log (customer_id, created_at, id);
CREATE INDEX audit_log_reseller_time ON audit_log (reseller_id, created_at, id);
CREATE INDEX audit_log_actor_name_time ON audit_log (actor_name, created_at, id);
CREATE INDEX audit_log_impersonator_name_time ON audit_log (impersonator_name, created_at, id);
CREATE INDEX audit_log_action_time ON audit_log (action, created_at, id);
