//! `partnerdesk bench-seed --customers N`: a realistic dataset for the
//! benchmark in `bench/` — 1,000 resellers and N customers, each with 5
//! users, 2 services and a subscription. Rows are generated in SQL (one
//! statement per table) so a million customers load in minutes.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::db::memberships::{self, NewMembership};
use crate::db::schema::{customers, resellers};
use crate::db::users::{self, NewUser, UserStatus};
use crate::db::{self, AnyConnection};
use crate::domain::roles::Role;
use crate::passwords;

pub const RESELLERS: i64 = 1000;
pub const OPERATOR: &str = "bench-operator@bench.test";
pub const RESELLER_ADMIN: &str = "bench-reseller@bench.test";

/// `SERIES` is replaced by each backend's way to count 1..=N as `g`.
const SCRIPT: &str = r#"
INSERT INTO reseller_plans (name, trials_allowed, api_allowed, created_at) VALUES ('Bench plan', TRUE, TRUE, NOW_TS);
INSERT INTO products (name, locked_once_assigned, created_at) VALUES ('Bench Video', FALSE, NOW_TS), ('Bench Voice', FALSE, NOW_TS), ('Bench Mail', TRUE, NOW_TS);
INSERT INTO packages (product_id, name, price_monthly_cents, price_annual_cents)
  SELECT id, 'Standard', 1200, 12960 FROM products WHERE name LIKE 'Bench %';
INSERT INTO plan_products (plan_id, product_id)
  SELECT (SELECT id FROM reseller_plans WHERE name = 'Bench plan'), id FROM products WHERE name LIKE 'Bench %';
INSERT INTO resellers (name, plan_id, status, created_at)
  SELECT 'Bench Reseller ' || g, (SELECT id FROM reseller_plans WHERE name = 'Bench plan'), 'active', NOW_TS
  FROM SERIES(RESELLERS);
INSERT INTO users (username, email, full_name, language, status, identity_provider, phone, must_change_password,
                   session_epoch, failed_logins, created_at, updated_at)
  SELECT CASE WHEN g % 5 = 1 THEN 'admin' || ((g - 1) / 5 + 1) || '@c.bench.test' ELSE 'user' || g || '@bench.test' END,
         CASE WHEN g % 5 = 1 THEN 'admin' || ((g - 1) / 5 + 1) || '@c.bench.test' ELSE 'user' || g || '@bench.test' END,
         'Bench User ' || g, 'en', 'active', 'local', '', FALSE, 0, 0, NOW_TS, NOW_TS
  FROM SERIES(USERS);
INSERT INTO customers (public_id, reseller_id, name, name_key, product_id, reference, reference_key, country, timezone,
                       term, period_ends_at, status, trial_ends_at, user_count, email, admin_email_key, is_internal, created_at, updated_at,
                       admin_user_id, admin_status)
  SELECT 'B-' || g,
         (SELECT min(id) FROM resellers WHERE name LIKE 'Bench Reseller %') + (g % RESELLERS),
         'Customer ' || HASH8 || ' ' || g, 'customer ' || HASH8 || ' ' || g,
         (SELECT min(id) FROM products WHERE name LIKE 'Bench %') + (g % 3),
         CASE WHEN g % 4 = 0 THEN '' ELSE 'PO-' || g END, CASE WHEN g % 4 = 0 THEN '' ELSE 'po-' || g END,
         'GB', 'Europe/London',
         CASE WHEN g % 3 = 0 THEN 'annual' ELSE 'monthly' END, PERIOD_END,
         CASE g % 10 WHEN 0 THEN 'suspended' WHEN 1 THEN 'trial' ELSE 'active' END,
         CASE g % 10 WHEN 1 THEN TRIAL_END END,
         5, 'admin' || g || '@c.bench.test', 'admin' || g || '@c.bench.test', FALSE,
         CREATED, CREATED, (SELECT id FROM users WHERE username = 'admin' || g || '@c.bench.test'), 'active'
  FROM SERIES(CUSTOMERS);
INSERT INTO memberships (user_id, role, customer_id, created_at)
  SELECT u.id, CASE WHEN u.username LIKE 'admin%' THEN 'customer_admin' ELSE 'user' END, c.id, NOW_TS
  FROM users u JOIN customers c ON c.public_id = 'B-' || ((CAST(substr(u.full_name, 12) AS BIGINT) - 1) / 5 + 1)
  WHERE u.full_name LIKE 'Bench User %';
INSERT INTO services (customer_id, name, kind, status, enrolled, created_at)
  SELECT c.id, s.name, s.kind, 'active', s.enrolled, NOW_TS
  FROM customers c CROSS JOIN (SELECT 'Front camera' AS name, 'video_unit' AS kind, TRUE AS enrolled
                               UNION ALL SELECT 'Main line', 'line', FALSE) s
  WHERE c.public_id LIKE 'B-%';
INSERT INTO subscriptions (public_id, customer_id, reseller_id, product_id, seats, term, status, customer_may_edit, started_at, created_at)
  SELECT 'SB-' || c.id, c.id, c.reseller_id, c.product_id, 5, c.term, CASE WHEN c.status = 'trial' THEN 'trial' ELSE 'active' END, FALSE, c.created_at, c.created_at
  FROM customers c WHERE c.public_id LIKE 'B-%';
"#;

fn script(postgres: bool, customers: i64) -> String {
    let (series, hash, created, period_end, trial_end, now) = if postgres {
        (
            "generate_series(1, {n}) AS s(g)",
            "lpad(to_hex((g::bigint * 2654435761) % 4294967296), 8, '0')",
            "(now() - ((g * 37) % 31536000) * interval '1 second')::timestamp",
            "(now() + ((g * 13) % 31536000) * interval '1 second')::timestamp",
            "(now() + ((g * 7) % 1209600) * interval '1 second')::timestamp",
            "now()::timestamp",
        )
    } else {
        (
            "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) SELECT g FROM s)",
            "printf('%08x', (g * 2654435761) % 4294967296)",
            "strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || ((g * 37) % 31536000) || ' seconds')",
            "strftime('%Y-%m-%d %H:%M:%f', 'now', '+' || ((g * 13) % 31536000) || ' seconds')",
            "strftime('%Y-%m-%d %H:%M:%f', 'now', '+' || ((g * 7) % 1209600) || ' seconds')",
            "strftime('%Y-%m-%d %H:%M:%f', 'now')",
        )
    };
    let series_of = |n: i64| series.replace("{n}", &n.to_string());
    SCRIPT
        .replace("SERIES(RESELLERS)", &series_of(RESELLERS))
        .replace("SERIES(CUSTOMERS)", &series_of(customers))
        .replace("SERIES(USERS)", &series_of(customers * 5))
        .replace("RESELLERS", &RESELLERS.to_string())
        .replace("HASH8", hash)
        .replace("CREATED", created)
        .replace("PERIOD_END", period_end)
        .replace("TRIAL_END", trial_end)
        .replace("NOW_TS", now)
        .replace("TRUE", if postgres { "TRUE" } else { "1" })
        .replace("FALSE", if postgres { "FALSE" } else { "0" })
}

/// Loads the dataset once; refuses to load it twice.
pub fn seed(
    conn: &mut AnyConnection,
    customers_count: i64,
    bcrypt_cost: u32,
    password: &str,
) -> anyhow::Result<String> {
    let present: i64 = resellers::table
        .filter(resellers::name.like("Bench Reseller %"))
        .count()
        .get_result(conn)?;
    if present > 0 {
        anyhow::bail!("bench data is already loaded; use a fresh database");
    }
    anyhow::ensure!(
        (1..=10_000_000).contains(&customers_count),
        "--customers must be between 1 and 10,000,000"
    );
    let started = std::time::Instant::now();
    let sql = script(conn.is_postgres(), customers_count);
    conn.transaction(|conn| conn.batch_execute(&sql))?;
    // People to log in as for the benchmark.
    let hash = passwords::hash(password, bcrypt_cost)?;
    let now = db::now();
    let first_reseller: i64 = resellers::table
        .filter(resellers::name.eq("Bench Reseller 1"))
        .select(resellers::id)
        .first(conn)?;
    for (email, role, reseller) in [
        (OPERATOR, Role::Operator, None),
        (RESELLER_ADMIN, Role::ResellerAdmin, Some(first_reseller)),
    ] {
        let id = users::insert(
            conn,
            &NewUser {
                username: email,
                email,
                full_name: email,
                password_hash: Some(&hash),
                language: "en",
                status: UserStatus::Active.as_str(),
                created_at: now,
                updated_at: now,
            },
        )?;
        memberships::insert(
            conn,
            &NewMembership {
                reseller_id: reseller,
                ..NewMembership::platform(id, role)
            },
        )?;
    }
    // Statistics for the planner, and on PostgreSQL the visibility map that
    // index-only scans need: what autovacuum gives a database that has run
    // for a while.
    match conn {
        AnyConnection::Postgresql(_) => conn.batch_execute("VACUUM ANALYZE")?,
        AnyConnection::Sqlite(_) => conn.batch_execute("ANALYZE")?,
    }
    let total: i64 = customers::table.count().get_result(conn)?;
    Ok(format!(
        "Loaded {customers_count} customers ({total} in all) with {} users, {} services and {customers_count} subscriptions under {RESELLERS} resellers in {:.1} s.\nLog in as {OPERATOR} or {RESELLER_ADMIN} with the password given.",
        customers_count * 5,
        customers_count * 2,
        started.elapsed().as_secs_f64()
    ))
}
