-- Partnerdesk schema, SQLite flavour. Keep in step with migrations/postgres.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Server-side session store; the key is kept as its SHA-256 so a copy of the
-- table does not hand out live cookies.
CREATE TABLE sessions (
    key_hash TEXT PRIMARY KEY NOT NULL,
    state TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE reseller_plans (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    max_customers INTEGER,
    max_users_per_customer INTEGER,
    max_seats INTEGER,
    trials_allowed BOOLEAN NOT NULL DEFAULT 1,
    api_allowed BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    locked_once_assigned BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE packages (
    id INTEGER PRIMARY KEY NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    price_monthly_cents BIGINT NOT NULL DEFAULT 0,
    price_annual_cents BIGINT NOT NULL DEFAULT 0,
    UNIQUE (product_id, name)
);

CREATE TABLE plan_products (
    plan_id INTEGER NOT NULL REFERENCES reseller_plans (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, product_id)
);

CREATE TABLE resellers (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    plan_id INTEGER NOT NULL REFERENCES reseller_plans (id),
    status TEXT NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY NOT NULL,
    public_id TEXT NOT NULL UNIQUE,
    reseller_id INTEGER NOT NULL REFERENCES resellers (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products (id),
    reference TEXT NOT NULL DEFAULT '',
    reference_key TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL,
    timezone TEXT NOT NULL,
    term TEXT NOT NULL,
    pending_term TEXT,
    pending_term_at TIMESTAMP,
    period_ends_at TIMESTAMP NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    trial_ends_at TIMESTAMP,
    is_internal BOOLEAN NOT NULL DEFAULT 0,
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    admin_email_key TEXT NOT NULL DEFAULT '',
    api_access BOOLEAN NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    user_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX customers_reseller_name ON customers (reseller_id, name_key);
-- Keyset pagination: every sort key ends with id.
CREATE INDEX customers_reseller_name_id ON customers (reseller_id, name_key, id);
CREATE INDEX customers_name ON customers (name_key, id);
CREATE INDEX customers_created ON customers (created_at, id);
CREATE INDEX customers_reseller_created ON customers (reseller_id, created_at, id);
CREATE INDEX customers_status ON customers (status, name_key, id);
CREATE INDEX customers_status_created ON customers (status, created_at, id);
CREATE INDEX customers_product ON customers (product_id, name_key, id);
-- Prefix search: a range on the lower-cased keys.
CREATE INDEX customers_reference ON customers (reference_key);
CREATE INDEX customers_admin_email ON customers (admin_email_key);

CREATE TABLE sites (
    id INTEGER PRIMARY KEY NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX sites_customer ON sites (customer_id);

CREATE TABLE services (
    id INTEGER PRIMARY KEY NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    site_id INTEGER REFERENCES sites (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    enrolled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX services_customer ON services (customer_id, status);

CREATE TABLE subscriptions (
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
CREATE INDEX subscriptions_customer ON subscriptions (customer_id);
CREATE INDEX subscriptions_status ON subscriptions (status);

-- Login identities. One identity can hold several memberships.
CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    full_name TEXT NOT NULL,
    password_hash TEXT,
    language TEXT NOT NULL DEFAULT 'en',
    timezone TEXT,
    phone TEXT NOT NULL DEFAULT '',
    identity_provider TEXT NOT NULL DEFAULT 'local',
    status TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT 0,
    session_epoch INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_email ON users (email);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    reseller_id INTEGER REFERENCES resellers (id) ON DELETE CASCADE,
    customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE,
    site_id INTEGER REFERENCES sites (id) ON DELETE SET NULL,
    package_id INTEGER REFERENCES packages (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_customer ON memberships (customer_id);
CREATE INDEX memberships_reseller ON memberships (reseller_id);

CREATE TABLE integrations (
    id INTEGER PRIMARY KEY NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    credentials_encrypted TEXT NOT NULL DEFAULT '',
    enabled BOOLEAN NOT NULL DEFAULT 1,
    auto_provision BOOLEAN NOT NULL DEFAULT 0,
    last_test_at TIMESTAMP,
    last_test_ok BOOLEAN,
    last_test_message TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX integrations_customer ON integrations (customer_id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    html_body TEXT NOT NULL,
    text_body TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    next_attempt_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Append-only. No foreign keys: the record outlives what it speaks of.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL,
    actor_user_id BIGINT,
    actor_name TEXT NOT NULL DEFAULT '',
    impersonator_user_id BIGINT,
    impersonator_name TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id TEXT NOT NULL DEFAULT '',
    customer_id BIGINT,
    reseller_id BIGINT,
    summary TEXT NOT NULL DEFAULT '',
    client_ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_created ON audit_log (created_at, id);
CREATE INDEX audit_log_customer ON audit_log (customer_id, created_at);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, created_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    membership_id INTEGER REFERENCES memberships (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

-- Setup links, invitations, password-reset links: only the hash is stored.
CREATE TABLE single_use_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE wizard_drafts (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reseller_id INTEGER REFERENCES resellers (id) ON DELETE CASCADE,
    step INTEGER NOT NULL DEFAULT 1,
    data TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX wizard_drafts_user ON wizard_drafts (user_id);
