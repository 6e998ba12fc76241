-- The audit log screens filter by these and page by id, newest first.
CREATE INDEX audit_log_customer_id ON audit_log (customer_id, id);
CREATE INDEX audit_log_reseller_id ON audit_log (reseller_id, id);
CREATE INDEX audit_log_actor_name ON audit_log (actor_name, id);
CREATE INDEX audit_log_impersonator_name ON audit_log (impersonator_name, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
