//! Hears, on PostgreSQL, the changes other instances (or anyone else) make
//! to what a session is read from, for the [`SessionCache`].
//!
//! A thread of its own holds one connection that listens to the channel the
//! triggers notify ([`LISTEN`]). Every [`POLL`] it takes in what has arrived
//! (without waiting on the network); every [`CHECK`] it asks the server a
//! question, which proves the connection still carries notifications, and
//! confirms the cache for [`TRUSTED`]. A connection that fails or hangs lets
//! the cache lapse, so that no session is served from memory on a connection
//! that may have missed changes. The thread ends with the pool.

use std::sync::{Arc, Weak};
use std::thread;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::Connection;

use super::session_cache::SessionCache;

/// Listens to the channel of this installation's schema, named as the
/// triggers name it (migration `session_change_notices`): one per schema, so
/// installations sharing a database are not told of each other's changes.
const LISTEN: &str = "DO $$ BEGIN \
    EXECUTE 'LISTEN ' || quote_ident(partnerdesk_sessions_channel(current_schema())); \
    END $$";

/// How often arrived notifications are taken in: the longest a change made
/// elsewhere takes to reach this instance's kept sessions.
pub const POLL: Duration = Duration::from_millis(10);

/// How often the connection is proven alive.
const CHECK: Duration = Duration::from_secs(1);

/// How long a proof holds: a check that has not answered by then (a
/// connection hanging on a lost network) stops the cache from serving.
const TRUSTED: Duration = Duration::from_secs(3);

/// After a failed connection, the wait before the next attempt.
const RETRY: Duration = Duration::from_secs(1);

/// Starts listening for `cache`, on the PostgreSQL server at `url`.
pub fn spawn(url: String, cache: &Arc<SessionCache>) {
    let cache = Arc::downgrade(cache);
    let started = thread::Builder::new()
        .name("session-changes".into())
        .spawn(move || run(&url, &cache));
    if let Err(e) = started {
        tracing::warn!(error = %e, "sessions are read at every request: no listener thread");
    }
}

fn run(url: &str, cache: &Weak<SessionCache>) {
    while cache.strong_count() > 0 {
        match listen(url, cache) {
            Ok(()) => return,
            Err(e) => {
                if let Some(cache) = cache.upgrade() {
                    cache.lapse();
                }
                tracing::warn!(
                    error = %e,
                    "lost the database's change notifications; sessions are read at every request until they are back"
                );
                thread::sleep(RETRY);
            }
        }
    }
}

/// Listens until the pool is gone (`Ok`) or the connection fails.
fn listen(url: &str, cache: &Weak<SessionCache>) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(url)?;
    conn.batch_execute(LISTEN)?;
    let mut checked = Instant::now() - CHECK;
    loop {
        let Some(cache) = cache.upgrade() else {
            return Ok(());
        };
        if checked.elapsed() >= CHECK {
            // Answered: the connection is alive, and every notification sent
            // before the answer has arrived with it (taken in below).
            conn.ping()?;
            checked = Instant::now();
        }
        let mut heard = false;
        for notification in conn.notifications_iter() {
            notification?;
            heard = true;
        }
        if heard {
            cache.changed();
        }
        cache.confirm(TRUSTED.saturating_sub(checked.elapsed()));
        drop(cache);
        thread::sleep(POLL);
    }
}
