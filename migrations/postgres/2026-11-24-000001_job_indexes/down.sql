DROP INDEX wizard_drafts_updated;
DROP INDEX customers_period_end;
DROP INDEX customers_trial_end;
