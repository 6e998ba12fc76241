//! The connection pool: how connections are opened, prepared and checked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, R2D2Connection};
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use tokio::sync::Semaphore;

use super::{AnyConnection, DatabaseUrl, Error as DbError};

pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// The connection pool, with a queue in front: requests get a connection in
/// the order they asked. r2d2 alone lets a thread that has just returned a
/// connection take it again before a thread that has waited longer, which
/// left some requests waiting hundreds of milliseconds under load.
#[derive(Clone)]
pub struct Pool {
    inner: r2d2::Pool<ConnectionManager>,
    queue: Arc<Semaphore>,
    manager: ConnectionManager,
}

impl Pool {
    pub fn new(inner: r2d2::Pool<ConnectionManager>, manager: ConnectionManager) -> Self {
        let turns = inner.max_size() as usize;
        Self {
            inner,
            queue: Arc::new(Semaphore::new(turns)),
            manager,
        }
    }

    /// A connection of its own for long work in the background (an import's
    /// check or apply), set up as the pool's are and closed when dropped:
    /// the requests keep every connection of the pool meanwhile.
    pub fn dedicated(&self) -> Result<AnyConnection, r2d2::Error> {
        let mut conn = self.manager.connect()?;
        ConnectionSettings.on_acquire(&mut conn)?;
        Ok(conn)
    }

    /// Runs blocking database work off the async threads, in its turn.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        // The semaphore is never closed, so this always holds a permit,
        // released when the blocking work ends.
        let turn = self.queue.clone().acquire_owned().await;
        let pool = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let mut conn = live(&pool).map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|_| DbError::Interrupted)?
    }

    /// A connection for work outside requests (jobs, the command line).
    pub fn checkout(&self) -> Result<PooledConnection, r2d2::PoolError> {
        self.inner.get()
    }

    /// Runs a short read on the calling thread, in its turn: for the indexed
    /// reads every page makes (the session, the person, a list page, an
    /// overview), whose thread switches to the blocking pool and back would
    /// cost more than the query. Anything that can take long or wait for a
    /// lock (exports, imports, hashing, writes) stays on [`Pool::run`].
    ///
    /// A read that finds its connection lost (the server restarted, or ended
    /// the connection) is tried once more on a fresh one: hence `FnMut`.
    pub async fn run_here<T, E, F>(&self, mut f: F) -> Result<T, E>
    where
        F: FnMut(&mut AnyConnection) -> Result<T, E>,
        E: From<DbError>,
    {
        let _turn = self.queue.acquire().await;
        let mut conn = self.inner.get().map_err(DbError::from)?;
        let first = f(&mut conn);
        if first.is_ok() || !health(&mut conn).is_some_and(|h| h.lost) {
            return first;
        }
        drop(conn);
        let mut fresh = live(&self.inner).map_err(DbError::from)?;
        f(&mut fresh)
    }
}

/// A connection for work that may write: on PostgreSQL pinged first, since a
/// write that fails on a connection the server has ended cannot be tried
/// again blindly. A lost one is dropped and another taken.
fn live(pool: &r2d2::Pool<ConnectionManager>) -> Result<PooledConnection, r2d2::PoolError> {
    // When the server ended one connection it usually ended them all: each
    // idle one is tried in turn, then a new one opened.
    for _ in 0..pool.max_size() {
        let mut conn = pool.get()?;
        if !conn.is_postgres() || conn.ping().is_ok() {
            return Ok(conn);
        }
    }
    pool.get()
}

/// A server connection that answered within this time is lent without a
/// ping: a ping at every checkout would cost a round trip per query.
const QUIET: Duration = Duration::from_secs(2);

/// What a server connection's own queries tell of it: when the server last
/// answered, and whether a query found the connection closed. A lost
/// connection is dropped when it returns to the pool, not lent again; one
/// quiet for longer than [`QUIET`] is pinged before it is lent.
struct Health {
    answered: Instant,
    lost: bool,
    /// Closed when it returns to the pool ([`close_after_use`]).
    spent: bool,
}

impl Instrumentation for Health {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery { error, .. } = event {
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

/// Has `conn` closed when it returns to the pool instead of kept: for one
/// that carried a large value (an import's file). libpq keeps a
/// connection's buffers as large as the largest message it sent or read,
/// for as long as it lives. SQLite keeps no such buffer.
pub fn close_after_use(conn: &mut AnyConnection) {
    if let Some(h) = health(conn) {
        h.spent = true;
    }
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
        std::thread::panicking()
            || conn.is_broken()
            || health(conn).is_some_and(|h| h.lost || h.spent)
    }
}

/// Every PostgreSQL connection: no JIT, and one plan kept per statement.
///
/// Kept plans: the customer list's search statement is built to serve every
/// value with one plan (`customer_list/search.rs`); planned anew at each run
/// it halves the search page's throughput. Statements whose values are too
/// uneven for one plan (the jobs, the logs' screens) ask for a plan of
/// their own with `plan::for_values`.
const POSTGRES_SETTINGS: &str = "SET jit = off; SET plan_cache_mode = force_generic_plan";

/// Settings of every new connection.
///
/// SQLite: WAL lets readers and the writer work side by side; the busy
/// timeout makes concurrent writers wait instead of failing; foreign keys are
/// off by default; the file is read through a memory map, so each of the
/// pool's connections keeps a small page cache (4 MiB): its pages are the
/// server's own memory, which a long import would otherwise fill.
///
/// PostgreSQL: no JIT. Its compile time (tens to hundreds of milliseconds)
/// never pays off for the short queries of a web page, and a plan estimated
/// over the whole customers table would trigger it.
#[derive(Debug)]
struct ConnectionSettings;

impl CustomizeConnection<AnyConnection, r2d2::Error> for ConnectionSettings {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        let settings = match conn {
            // busy_timeout first, so the other pragmas wait for a lock too.
            AnyConnection::Sqlite(_) => {
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                 PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -4096;"
            }
            AnyConnection::Postgresql(_) => {
                conn.set_instrumentation(Health {
                    answered: Instant::now(),
                    lost: false,
                    spent: false,
                });
                POSTGRES_SETTINGS
            }
        };
        conn.batch_execute(settings)
            .map_err(r2d2::Error::QueryError)
    }
}

/// How long a request waits for a connection before it is told the
/// database is unavailable.
pub const CHECKOUT_WAIT: Duration = Duration::from_secs(3);

/// Builds the pool and checks that the database answers, so a wrong URL or
/// an unreachable server is reported at start in one line.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> anyhow::Result<Pool> {
    let manager = ConnectionManager::new(url.clone());
    // Fail fast on the first connection: a clear message instead of a
    // 30-second wait inside r2d2.
    let mut first = manager
        .connect()
        .map_err(|e| anyhow::anyhow!("cannot open the database {}: {}", url.redacted(), e))?;
    let settings = ConnectionSettings;
    // WAL is a property of the file: set it once before the pool opens more.
    settings
        .on_acquire(&mut first)
        .map_err(|e| anyhow::anyhow!("cannot prepare the database {}: {}", url.redacted(), e))?;
    drop(first);
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .test_on_check_out(true)
        .min_idle(Some(max_size.min(2)))
        // A request waits this long for a connection, then gets the
        // "database unavailable" page: a database that is down answers fast.
        .connection_timeout(CHECKOUT_WAIT)
        .connection_customizer(Box::new(settings))
        .build(manager.clone())
        .map_err(|e| anyhow::anyhow!("cannot open the database {}: {}", url.redacted(), e))?;
    Ok(Pool::new(pool, manager))
}
