-- The periodic jobs find their rows by these, instead of reading every
-- customer once a minute on every instance.
CREATE INDEX customers_trial_end ON customers (status, trial_ends_at);
CREATE INDEX customers_period_end ON customers (period_ends_at);
CREATE INDEX wizard_drafts_updated ON wizard_drafts (updated_at);
