//! Database access: one connection type over SQLite and PostgreSQL, the pool,
//! migrations, and the queries grouped by what they are about.

pub mod audit;
pub mod backup;
pub mod billing;
pub mod bulk_copy;
pub mod catalog;
pub mod cursor;
pub mod customer_list;
pub mod customer_members;
pub mod customer_users;
pub mod customers;
pub mod drafts;
pub mod home;
pub mod import_tasks;
pub mod integrations;
pub mod login_guesses;
pub mod memberships;
pub mod names;
pub mod outbox;
pub mod overview_lists;
pub mod plan;
pub mod raw;
pub mod resellers;
pub mod schema;
pub mod services;
pub mod sessions;
pub mod settings;
pub mod sites;
pub mod subscriptions;
pub mod tokens;
pub mod users;
mod writing;

mod pool;
mod url;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use self::pool::{connect, ConnectionManager, Pool, PooledConnection};
pub use self::url::DatabaseUrl;
pub use self::writing::write_transaction;

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

impl AnyConnection {
    pub fn is_postgres(&self) -> bool {
        matches!(self, AnyConnection::Postgresql(_))
    }
}

/// Runs a query on the backend's own connection: `native!(conn, |c| q.load(c))`.
/// The body is compiled once per backend.
///
/// Through `AnyConnection`, diesel writes a query's whole SQL text twice at
/// every run (to check it may be cached, then to collect its values) and
/// reads each value through a wrapper; on the backend's own connection a
/// kept statement is found by its type and the values are read directly.
/// Used for the queries every page makes (the session, the person, the
/// list, the overview).
#[macro_export]
macro_rules! native {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Sqlite($c) => $body,
            $crate::db::AnyConnection::Postgresql($c) => $body,
        }
    };
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies pending migrations. On PostgreSQL an advisory lock keeps two
/// instances starting together from migrating at the same time.
pub fn run_migrations(conn: &mut AnyConnection) -> anyhow::Result<usize> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?
            .len(),
        AnyConnection::Postgresql(c) => {
            c.batch_execute("SELECT pg_advisory_lock(7310431)")?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len())
                .map_err(|e| anyhow::anyhow!("migrations failed: {e}"));
            c.batch_execute("SELECT pg_advisory_unlock(7310431)")?;
            result?
        }
    };
    Ok(applied)
}

/// What database work can fail with, for callers outside the web layer
/// (the web error converts from it).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No connection could be had: the database is down or unreachable.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[from] diesel::r2d2::PoolError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    /// The thread running the work stopped (it panicked).
    #[error("database work was interrupted")]
    Interrupted,
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

diesel::define_sql_function!(
    /// A text in lower case, on both databases.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

/// A LIKE pattern matching `part` anywhere, in lower case, with LIKE's own
/// wildcards escaped by `\\` so that they match as typed.
pub fn contains_pattern(part: &str) -> String {
    let mut p = String::from("%");
    for ch in part.trim().to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}
