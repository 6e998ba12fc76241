//! Runs the real application on a random port against a fresh database:
//! a temporary SQLite file, or a fresh PostgreSQL schema when
//! `TEST_DATABASE_URL` is set.

use std::io::Write;
use std::sync::Once;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use partnerdesk::config::Config;
use partnerdesk::db::memberships::NewMembership;
use partnerdesk::db::schema::{customers, plan_products, products, reseller_plans, resellers};
use partnerdesk::db::users::{NewUser, UserStatus};
use partnerdesk::db::{self, AnyConnection, DatabaseUrl, Pool};
use partnerdesk::domain::roles::Role;
use partnerdesk::i18n::Lang;
use partnerdesk::startup::Application;

// Tests reach the browser through `helpers::*` (the browser crate needs only `Client`).
#[allow(unused_imports)]
pub use crate::client::{location, Client};

pub const PASSWORD: &str = "tangerine-kettle-42";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once per backend: SQLite always, PostgreSQL when
/// `TEST_DATABASE_URL` is set.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite)
                    .await
                    .expect("SQLite is always available");
                ($body)(app).await;
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(app) =
                    $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await
                {
                    ($body)(app).await;
                }
            }
        }
    };
}

fn say_once(message: String) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Straight to the stderr handle: the test harness captures print
        // macros, and this line is for the person running `cargo test`.
        let _ = writeln!(std::io::stderr(), "\n{message}\n");
    });
}

pub struct TestApp {
    pub address: String,
    pub pool: Pool,
    pub setup_url: Option<String>,
    pub backend: Backend,
    pub database_url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    pg_schema: Option<(String, String)>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((url, schema)) = &self.pg_schema {
            if let Ok(mut conn) = diesel::PgConnection::establish(url) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

fn postgres_schema_url() -> Option<(String, String, String)> {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        crate::skips::POSTGRES.skip();
        return None;
    };
    let schema = format!("t_{}", &partnerdesk::db::tokens::generate()[..16]);
    let mut conn = diesel::PgConnection::establish(&base)
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but PostgreSQL is unreachable: {e}"));
    conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
        .expect("create a test schema");
    say_once(format!(
        "PostgreSQL tests run against {} (a fresh schema per test).",
        DatabaseUrl::parse(&base)
            .map(|u| u.redacted())
            .unwrap_or_default()
    ));
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    Some((base, schema, url))
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        let (url, dir, pg_schema) = Self::fresh_database(backend)?;
        let config = Config::for_tests(DatabaseUrl::parse(&url).unwrap());
        Some(Self::spawn_with(config, backend, dir, pg_schema).await)
    }

    /// A fresh database for a backend: its URL, and what to clean up.
    #[allow(clippy::type_complexity)]
    fn fresh_database(
        backend: Backend,
    ) -> Option<(String, Option<tempfile::TempDir>, Option<(String, String)>)> {
        Some(match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("test.db");
                (format!("sqlite://{}", path.display()), Some(dir), None)
            }
            Backend::Postgres => {
                let (base, schema, url) = postgres_schema_url()?;
                (url, None, Some((base, schema)))
            }
        })
    }

    /// SQLite data with sessions in Redis, when `TEST_REDIS_URL` is set.
    pub async fn spawn_with_redis() -> Option<TestApp> {
        let Ok(redis) = std::env::var("TEST_REDIS_URL") else {
            crate::skips::REDIS.skip();
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let mut config = Config::for_tests(DatabaseUrl::parse(&url).unwrap());
        config.redis_url = Some(redis);
        Some(Self::spawn_with(config, Backend::Sqlite, Some(dir), None).await)
    }

    /// Another instance on the same database: a restart, or a second server
    /// behind a load balancer.
    pub async fn second_instance(&self) -> TestApp {
        self.second_instance_with(|_| {}).await
    }

    /// Another instance on the same database, with settings of its own.
    pub async fn second_instance_with(&self, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config::for_tests(self.database_url.clone());
        change(&mut config);
        Self::spawn_with(config, self.backend, None, None).await
    }

    /// A user of `customer` holding `role` there, with the test password.
    pub fn customer_user(&self, customer: i64, role: Role, status: UserStatus) -> Person {
        let mut conn = self.conn();
        let n = partnerdesk::db::tokens::generate()[..8].to_string();
        let username = format!("{}-{n}@example.com", role.as_str().replace('_', "-"));
        let user_id = insert_user(&mut conn, &username, status);
        partnerdesk::db::memberships::insert(
            &mut conn,
            &NewMembership {
                user_id,
                role: role.as_str().into(),
                reseller_id: None,
                customer_id: Some(customer),
                created_at: db::now(),
            },
        )
        .unwrap();
        Person {
            user_id,
            username,
            reseller_id: None,
            customer_id: Some(customer),
        }
    }

    /// The last audit entry with this action: (actor, impersonator, what
    /// it says in English, as the audit log shows it).
    pub fn last_audit(&self, action: &str) -> Option<(String, String, String)> {
        self.last_audit_entry(action).map(|e| {
            let summary = partnerdesk::web::audit_text::summary(Lang::En, &e);
            (e.actor_name, e.impersonator_name, summary)
        })
    }

    /// What every entry with this action says in English, oldest first.
    pub fn audit_summaries(&self, action: &str) -> Vec<String> {
        use partnerdesk::db::audit::AuditEntry;
        use partnerdesk::db::schema::audit_log;
        let entries: Vec<AuditEntry> = audit_log::table
            .filter(audit_log::action.eq(action))
            .order(audit_log::id)
            .load(&mut self.conn())
            .unwrap();
        entries
            .iter()
            .map(|e| partnerdesk::web::audit_text::summary(Lang::En, e))
            .collect()
    }

    /// The last audit entry with this action, as stored.
    pub fn last_audit_entry(&self, action: &str) -> Option<partnerdesk::db::audit::AuditEntry> {
        use partnerdesk::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq(action))
            .order(audit_log::id.desc())
            .first(&mut self.conn())
            .optional()
            .unwrap()
    }

    async fn spawn_with(
        config: Config,
        backend: Backend,
        dir: Option<tempfile::TempDir>,
        pg_schema: Option<(String, String)>,
    ) -> TestApp {
        let database_url = config.database_url.clone();
        let app = Application::build(config).await.expect("the app starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let pool = app.pool();
        let setup_url = app.setup_url.clone();
        actix_web::rt::spawn(app.run_until_stopped());
        TestApp {
            address,
            pool,
            setup_url,
            backend,
            database_url,
            _dir: dir,
            pg_schema,
        }
    }

    /// Queues `n` plain messages from staff ("Message 0", "Message 1", …)
    /// to one recipient, as if sent from a customer's overview.
    pub fn queue_staff_messages(&self, n: usize) {
        let mut conn = self.conn();
        for i in 0..n {
            queue_plain_message(&mut conn, "many@example.com", &format!("Message {i}"));
        }
    }

    /// An outbox message as the operator reads it on the server's console
    /// (`partnerdesk outbox show ID`): its secret in place.
    pub fn console_message(&self, id: i64) -> String {
        let mut conn = self.conn();
        let secret = db::settings::get(&mut conn, db::settings::SECRET_KEY)
            .unwrap()
            .expect("the instance keeps its secret key");
        let keys = partnerdesk::crypto::SealingKeys::single(&secret);
        partnerdesk::mail::sealed::show_on_console(&mut conn, &keys, id).unwrap()
    }

    /// The newest outbox message, as `console_message` prints it.
    pub fn newest_message_on_console(&self) -> String {
        use partnerdesk::db::schema::outbox;
        let id: i64 = outbox::table
            .order(outbox::id.desc())
            .select(outbox::id)
            .first(&mut self.conn())
            .unwrap();
        self.console_message(id)
    }

    pub fn conn(&self) -> db::PooledConnection {
        self.pool.checkout().unwrap()
    }

    /// The user count the customer list shows for `customer`.
    pub fn user_count(&self, customer: i64) -> i64 {
        customers::table
            .find(customer)
            .select(customers::user_count)
            .first(&mut self.conn())
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A browser: its own cookie jar, redirects not followed.
    pub fn client(&self) -> Client {
        Client::new(&self.address)
    }

    /// A logged-in browser for a new user of `role`.
    pub async fn logged_in(&self, role: Role) -> (Client, Person) {
        let person = self.person(role);
        let mut client = self.client();
        let res = client.login(&person.username, PASSWORD).await;
        assert_eq!(res.status(), 303, "login of {role} failed");
        (client, person)
    }

    /// Creates an active user holding `role`, with a reseller and customer
    /// as the role needs.
    pub fn person(&self, role: Role) -> Person {
        let mut conn = self.conn();
        let n = partnerdesk::db::tokens::generate()[..8].to_string();
        let username = format!("{}-{n}@example.com", role.as_str().replace('_', "-"));
        let user_id = insert_user(&mut conn, &username, UserStatus::Active);
        let (reseller_id, customer_id) = match role {
            Role::Operator | Role::Support => (None, None),
            Role::ResellerAdmin => (Some(insert_reseller(&mut conn, &n)), None),
            _ => {
                let reseller = insert_reseller(&mut conn, &n);
                (None, Some(insert_customer(&mut conn, reseller, &n)))
            }
        };
        partnerdesk::db::memberships::insert(
            &mut conn,
            &NewMembership {
                user_id,
                role: role.as_str().into(),
                reseller_id,
                customer_id,
                created_at: db::now(),
            },
        )
        .unwrap();
        Person {
            user_id,
            username,
            reseller_id,
            customer_id,
        }
    }

    /// The audit actions recorded so far, oldest first.
    pub fn audit_actions(&self) -> Vec<String> {
        use partnerdesk::db::schema::audit_log;
        audit_log::table
            .order(audit_log::id)
            .select(audit_log::action)
            .load(&mut self.conn())
            .unwrap()
    }
}

pub struct Person {
    pub user_id: i64,
    pub username: String,
    pub reseller_id: Option<i64>,
    pub customer_id: Option<i64>,
}

pub fn insert_user(conn: &mut AnyConnection, username: &str, status: UserStatus) -> i64 {
    let hash = partnerdesk::passwords::hash(PASSWORD, 4).unwrap();
    let now = db::now();
    partnerdesk::db::users::insert(
        conn,
        &NewUser {
            username,
            email: username,
            full_name: &format!("Person {username}"),
            password_hash: Some(&hash),
            language: "en",
            status: status.as_str(),
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap()
}

pub fn insert_reseller(conn: &mut AnyConnection, n: &str) -> i64 {
    let now = db::now();
    let plan: i64 = diesel::insert_into(reseller_plans::table)
        .values((
            reseller_plans::name.eq(format!("Plan {n}")),
            reseller_plans::created_at.eq(now),
        ))
        .returning(reseller_plans::id)
        .get_result(conn)
        .unwrap();
    let product: i64 = diesel::insert_into(products::table)
        .values((
            products::name.eq(format!("Product {n}")),
            products::created_at.eq(now),
        ))
        .returning(products::id)
        .get_result(conn)
        .unwrap();
    diesel::insert_into(plan_products::table)
        .values((
            plan_products::plan_id.eq(plan),
            plan_products::product_id.eq(product),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(resellers::table)
        .values((
            resellers::name.eq(format!("Reseller {n}")),
            resellers::plan_id.eq(plan),
            resellers::created_at.eq(now),
        ))
        .returning(resellers::id)
        .get_result(conn)
        .unwrap()
}

pub fn insert_customer(conn: &mut AnyConnection, reseller: i64, n: &str) -> i64 {
    insert_customer_with(
        conn,
        reseller,
        &format!("Customer {n}"),
        "active",
        db::now(),
    )
}

/// A customer with a given name, status and creation time; its reference
/// is `REF-` and its admin e-mail `admin@` followed by the lower-cased name.
pub fn insert_customer_with(
    conn: &mut AnyConnection,
    reseller: i64,
    name: &str,
    status: &str,
    created_at: chrono::NaiveDateTime,
) -> i64 {
    let now = created_at;
    let slug = name.to_lowercase().replace(' ', "-");
    let product: i64 = products::table
        .inner_join(plan_products::table.on(plan_products::product_id.eq(products::id)))
        .inner_join(reseller_plans::table.on(reseller_plans::id.eq(plan_products::plan_id)))
        .inner_join(resellers::table.on(resellers::plan_id.eq(reseller_plans::id)))
        .filter(resellers::id.eq(reseller))
        .select(products::id)
        .first(conn)
        .unwrap();
    diesel::insert_into(customers::table)
        .values((
            customers::public_id.eq(format!("C-{}", &partnerdesk::db::tokens::generate()[..10])),
            customers::reseller_id.eq(reseller),
            customers::name_key.eq(name.to_lowercase()),
            customers::name.eq(name),
            customers::product_id.eq(product),
            customers::reference.eq(format!("REF-{slug}")),
            customers::reference_key.eq(format!("ref-{slug}")),
            customers::email.eq(format!("admin@{slug}.example")),
            customers::admin_email_key.eq(format!("admin@{slug}.example")),
            customers::country.eq("GB"),
            customers::timezone.eq("Europe/London"),
            customers::term.eq("monthly"),
            customers::period_ends_at.eq(now),
            customers::status.eq(status),
            customers::created_at.eq(now),
            customers::updated_at.eq(now),
        ))
        .returning(customers::id)
        .get_result(conn)
        .unwrap()
}

/// The session cookie a response sets.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.cookies()
        .find(|c| c.name() == "partnerdesk_session")
        .map(|c| c.value().to_string())
}

/// A raw client that sends exactly the cookie given.
pub async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(path))
        .header("Cookie", format!("partnerdesk_session={cookie}"))
        .send()
        .await
        .unwrap()
}

/// Queues a plain message from staff ("Hi"), as a customer's overview would.
pub fn queue_plain_message(conn: &mut AnyConnection, recipient: &str, subject: &str) {
    partnerdesk::db::outbox::queue(
        conn,
        &partnerdesk::db::outbox::NewMessage {
            recipient,
            subject,
            html_body: "<p>Hi</p>",
            text_body: "Hi",
            kind: "customer_message",
            language: "en",
            customer_id: None,
            secret: "",
        },
    )
    .unwrap();
}
