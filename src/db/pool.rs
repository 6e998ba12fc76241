//! The connection pool: how connections are opened, prepared and checked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::error::BlockingError;
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, R2D2Connection};
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use tokio::sync::Semaphore;

use super::session_cache::{Effect, SessionCache};
use super::{AnyConnection, DatabaseUrl};

pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// The connection pool, with a queue in front: requests get a connection in
/// the order they asked. r2d2 alone lets a thread that has just returned a
/// connection take it again before a thread that has waited longer, which
/// left some requests waiting hundreds of milliseconds under load.
#[derive(Clone)]
pub struct Pool {
    inner: r2d2::Pool<ConnectionManager>,
    queue: Arc<Semaphore>,
    sessions: Option<Arc<SessionCache>>,
}

impl Pool {
    pub fn new(inner: r2d2::Pool<ConnectionManager>) -> Self {
        let turns = inner.max_size() as usize;
        Self {
            inner,
            queue: Arc::new(Semaphore::new(turns)),
            sessions: None,
        }
    }

    /// The sessions kept in memory: PostgreSQL only, and served only once
    /// [`Pool::listen_for_changes`] has started.
    pub fn session_cache(&self) -> Option<&SessionCache> {
        self.sessions.as_deref()
    }

    /// Starts hearing the changes made by other instances, which lets this
    /// one serve sessions from memory (see `session_cache`). For a server;
    /// a no-op on SQLite.
    pub fn listen_for_changes(&self, url: &DatabaseUrl) {
        if let (Some(cache), DatabaseUrl::Postgres(url)) = (&self.sessions, url) {
            super::change_listener::spawn(url.clone(), cache);
        }
    }

    /// Runs blocking database work off the async threads, in its turn.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<r2d2::PoolError> + From<Error> + From<BlockingError> + Send + 'static,
    {
        // The semaphore is never closed, so this always holds a permit,
        // released when the blocking work ends.
        let turn = self.queue.clone().acquire_owned().await;
        let pool = self.inner.clone();
        actix_web::web::block(move || {
            let _turn = turn;
            let mut conn = pool.get()?;
            lend_for_any_work(&mut conn)?;
            f(&mut conn)
        })
        .await?
    }

    /// A connection for work outside requests (jobs, the command line), or
    /// for [`Pool::run`]: with PostgreSQL choosing each statement's plan, as
    /// a page's reads may have left it keeping them ([`keep_plans`]).
    pub fn checkout(&self) -> Result<PooledConnection, CheckoutError> {
        let mut conn = self.inner.get()?;
        lend_for_any_work(&mut conn)?;
        Ok(conn)
    }

    /// Runs short database work on the calling thread, in its turn: for the
    /// indexed reads every page makes (the session, the person, a list page,
    /// an overview). Handed to the blocking threads and back, each cost more
    /// in thread switches than its query: a quarter of a list page's server
    /// CPU. The worker waits meanwhile, so anything that can take long
    /// (exports, imports, password hashing, writes that may wait for a lock)
    /// stays on [`Pool::run`].
    ///
    /// Reads only: the kept sessions rely on it (their statements are not
    /// looked at for changes here; debug builds check).
    pub async fn run_here<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E>,
        E: From<r2d2::PoolError>,
    {
        let _turn = self.queue.acquire().await;
        let mut conn = self.inner.get()?;
        if let Some(h) = health(&mut conn) {
            h.reads_only = true;
        }
        f(&mut conn)
    }
}

/// Why no connection could be lent.
#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error(transparent)]
    Pool(#[from] r2d2::PoolError),
    #[error(transparent)]
    Query(#[from] Error),
}

/// A server connection that answered within this time is lent without a
/// ping. Pinging at every checkout cost a round trip per checkout (three per
/// page); a connection lost meanwhile is caught by [`Health`] instead.
const QUIET: Duration = Duration::from_secs(5);

/// What a server connection's own queries tell of it: when the server last
/// answered, and whether a query found the connection closed. A lost
/// connection is dropped when it returns to the pool, not lent again; a
/// connection quiet for longer than [`QUIET`] is pinged before it is lent.
/// Also whether the connection keeps one plan per statement ([`keep_plans`]),
/// and whether it is lent for reads only ([`Pool::run_here`]); otherwise each
/// statement that may write tells the kept sessions once it has ended.
struct Health {
    answered: Instant,
    lost: bool,
    kept_plans: bool,
    reads_only: bool,
    /// A change was noted since the last commit (it may have been in a
    /// transaction, visible only once committed).
    uncommitted: bool,
    sessions: Arc<SessionCache>,
}

impl Health {
    /// Tells the kept sessions of a change once it is visible: a write's
    /// own end, and, if it was in a transaction, its commit.
    fn note_changes(&mut self, query: &dyn std::fmt::Display) {
        // Writing out the statement costs a little: not for a page's reads,
        // except in debug builds, where a write among them is a bug.
        if self.reads_only && !cfg!(debug_assertions) {
            return;
        }
        let effect = Effect::of_statement(query);
        if self.reads_only {
            debug_assert!(
                !matches!(effect, Effect::Writes | Effect::WritesElsewhere),
                "a write lent as a read: {query}"
            );
            return;
        }
        match effect {
            Effect::Writes | Effect::Unknown => {
                self.sessions.changed();
                self.uncommitted = true;
            }
            Effect::Commits if std::mem::take(&mut self.uncommitted) => self.sessions.changed(),
            Effect::Commits | Effect::Reads | Effect::WritesElsewhere => {}
        }
    }
}

impl Instrumentation for Health {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery { query, error, .. } = event {
            self.note_changes(query);
            match error {
                Some(Error::DatabaseError(
                    DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                    _,
                )) => self.lost = true,
                // Any other answer, an error included, came from a live server.
                _ => self.answered = Instant::now(),
            }
        }
    }
}

fn health(conn: &mut AnyConnection) -> Option<&mut Health> {
    conn.instrumentation().downcast_mut::<Health>()
}

/// Has PostgreSQL keep one plan per statement on this connection, for any
/// values, until the connection is next lent for other work than a page's
/// reads ([`Pool::run`], [`Pool::checkout`]). Left to itself, PostgreSQL
/// plans the list's statements again at every execution (a search's three
/// parts, about a millisecond), weighing what it knows of the very values
/// searched against the plan it would keep: the same index walk either way.
/// The page's other reads (the session, the person, an overview) find rows
/// by key, which one plan serves for any key. So a connection serving page
/// after page switches once, not twice per page. A no-op on SQLite, which
/// plans each statement once.
pub fn keep_plans(conn: &mut AnyConnection) -> diesel::QueryResult<()> {
    switch_plans(conn, true)
}

/// Lends a connection for any work, writes included: back to PostgreSQL's
/// own choice of plan per statement (`auto`), for the jobs, the screens and
/// the writes, whose values can be very uneven; and every statement is
/// looked at for changes to the kept sessions.
fn lend_for_any_work(conn: &mut AnyConnection) -> diesel::QueryResult<()> {
    if let Some(h) = health(conn) {
        h.reads_only = false;
    }
    switch_plans(conn, false)
}

fn switch_plans(conn: &mut AnyConnection, keep: bool) -> diesel::QueryResult<()> {
    if health(conn).is_none_or(|h| h.kept_plans == keep) {
        return Ok(());
    }
    conn.batch_execute(if keep {
        "SET plan_cache_mode = force_generic_plan"
    } else {
        "RESET plan_cache_mode"
    })?;
    if let Some(h) = health(conn) {
        h.kept_plans = keep;
    }
    Ok(())
}

/// Opens connections for a [`DatabaseUrl`]. Unlike diesel's generated
/// `establish`, the backend is chosen by the URL's scheme, never by trial.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(AnyConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
            DatabaseUrl::Sqlite(path) => SqliteConnection::establish(path)
                .map(AnyConnection::Sqlite)
                .map_err(r2d2::Error::ConnectionError),
        }
    }

    /// A SQLite connection is a file handle: it cannot go stale the way a
    /// server connection can, so it is never pinged.
    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        let trusted = match health(conn) {
            Some(h) => !h.lost && h.answered.elapsed() < QUIET,
            None => !conn.is_postgres(),
        };
        if trusted {
            return Ok(());
        }
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        std::thread::panicking() || conn.is_broken() || health(conn).is_some_and(|h| h.lost)
    }
}

/// Settings of every new connection.
///
/// SQLite: WAL lets readers and the writer work side by side; the busy
/// timeout makes concurrent writers wait instead of failing; foreign keys are
/// off by default; the file is read through a memory map.
///
/// PostgreSQL: no JIT. Its compile time (tens to hundreds of milliseconds)
/// never pays off for the short queries of a web page, and a plan estimated
/// over the whole customers table would trigger it.
#[derive(Debug)]
struct ConnectionSettings {
    sessions: Arc<SessionCache>,
}

impl CustomizeConnection<AnyConnection, r2d2::Error> for ConnectionSettings {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        let settings = match conn {
            // busy_timeout first, so the other pragmas wait for a lock too.
            AnyConnection::Sqlite(_) => {
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                 PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;"
            }
            AnyConnection::Postgresql(_) => {
                conn.set_instrumentation(Health {
                    answered: Instant::now(),
                    lost: false,
                    kept_plans: false,
                    reads_only: false,
                    uncommitted: false,
                    sessions: self.sessions.clone(),
                });
                "SET jit = off"
            }
        };
        conn.batch_execute(settings)
            .map_err(r2d2::Error::QueryError)
    }
}

/// Builds the pool and checks that the database answers, so a wrong URL or
/// an unreachable server is reported at start in one line.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> anyhow::Result<Pool> {
    let manager = ConnectionManager::new(url.clone());
    // Fail fast on the first connection: a clear message instead of a
    // 30-second wait inside r2d2.
    let mut first = manager
        .connect()
        .map_err(|e| anyhow::anyhow!("cannot open the database {}: {}", url.redacted(), e))?;
    let sessions = Arc::new(SessionCache::default());
    let settings = ConnectionSettings {
        sessions: sessions.clone(),
    };
    // WAL is a property of the file: set it once before the pool opens more.
    settings
        .on_acquire(&mut first)
        .map_err(|e| anyhow::anyhow!("cannot prepare the database {}: {}", url.redacted(), e))?;
    drop(first);
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .test_on_check_out(true)
        .min_idle(Some(max_size.min(2)))
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(settings))
        .build(manager)
        .map_err(|e| anyhow::anyhow!("cannot open the database {}: {}", url.redacted(), e))?;
    Ok(Pool {
        sessions: matches!(url, DatabaseUrl::Postgres(_)).then_some(sessions),
        ..Pool::new(pool)
    })
}
