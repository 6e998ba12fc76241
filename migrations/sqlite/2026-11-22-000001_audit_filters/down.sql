DROP INDEX audit_log_customer_id;
DROP INDEX audit_log_reseller_id;
DROP INDEX audit_log_actor_name;
DROP INDEX audit_log_impersonator_name;
DROP INDEX audit_log_action;
