//! Sessions read recently, kept in memory on PostgreSQL, so that a page
//! needs one round trip to the database instead of two.
//!
//! Every page reads its session and the person logged in (about a quarter of
//! a list page's CPU, on both sides, on PostgreSQL). A kept session is served
//! only while nothing it was read from may have changed since:
//!
//! - **On this instance**, every statement that may write, on any pooled
//!   connection, counts as a change the moment it ends
//!   ([`SessionCache::changed`], from the pool's instrumentation): a page
//!   requested after a change's response always reads again.
//! - **On other instances** (or by hand), the database says so: triggers on
//!   the tables a session is read from (sessions, users, memberships,
//!   resellers, customers) notify a channel, which each instance listens to
//!   ([`super::change_listener`]). Such a change reaches
//!   this instance within [`super::change_listener::POLL`].
//! - While that listener is not known to be connected (at start, after a
//!   lost connection, or a check that did not answer in time), nothing is
//!   kept or served.
//!
//! A read records the generation of changes when it starts ([`Ticket`]); its
//! result is kept only if no change happened meanwhile, so a read that raced
//! a change is never kept.
//!
//! SQLite reads in process, in microseconds, and has no such cache.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use super::sessions::Loaded;

/// At most this many sessions are kept; past it, the stale ones are dropped,
/// then all of them.
const CAPACITY: usize = 10_000;

pub struct SessionCache {
    /// Bumped at every change that may concern a session.
    generation: AtomicU64,
    /// Milliseconds since `epoch` until which the listener is known to be
    /// connected; 0 when it is not.
    live_until: AtomicU64,
    epoch: Instant,
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    generation: u64,
    loaded: Loaded,
}

/// The generation of changes when a read started.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl Default for SessionCache {
    fn default() -> Self {
        Self {
            generation: AtomicU64::new(0),
            live_until: AtomicU64::new(0),
            epoch: Instant::now(),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionCache")
            .field("generation", &self.generation)
            .field("kept", &self.len())
            .finish()
    }
}

impl SessionCache {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn live(&self) -> bool {
        self.now_ms() < self.live_until.load(Ordering::Acquire)
    }

    /// The session kept under `key_hash`, if nothing changed since it was
    /// read and it has not expired at `now`.
    pub fn get(&self, key_hash: &str, now: NaiveDateTime) -> Option<Loaded> {
        if !self.live() {
            return None;
        }
        let generation = self.generation.load(Ordering::Acquire);
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(key_hash)?;
        (entry.generation == generation && entry.loaded.expires_at > now)
            .then(|| entry.loaded.clone())
    }

    /// Taken before a read whose result may be kept; `None` while the
    /// listener is not known to be connected.
    pub fn ticket(&self) -> Option<Ticket> {
        let ticket = Ticket(self.generation.load(Ordering::Acquire));
        self.live().then_some(ticket)
    }

    /// Keeps a session read under `ticket`, unless something changed since.
    pub fn put(&self, ticket: Ticket, key_hash: &str, loaded: Loaded) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        // Checked under the lock: `changed` bumps before it takes the lock,
        // so a change after this check finds the entry there and outdated.
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= CAPACITY {
            entries.retain(|_, e| e.generation == ticket.0);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(
            key_hash.to_owned(),
            Entry {
                generation: ticket.0,
                loaded,
            },
        );
    }

    /// Something a session is read from may have changed: nothing kept
    /// before is served again.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The listener is connected and has heard every change up to now: kept
    /// sessions may be served for `period`. After a lapse, nothing kept
    /// before it is served (changes may have been missed meanwhile).
    pub fn confirm(&self, period: Duration) {
        if !self.live() {
            self.changed();
        }
        let until = self.now_ms() + u64::try_from(period.as_millis()).unwrap_or(u64::MAX);
        self.live_until.store(until, Ordering::Release);
    }

    /// The listener lost its connection: nothing is kept or served until it
    /// confirms again.
    pub fn lapse(&self) {
        self.live_until.store(0, Ordering::Release);
        self.changed();
    }

    /// How many sessions are kept (stale ones included until replaced).
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a statement (its SQL text, from its start) may do to the rows a
/// session is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// A read, a setting, the start of a transaction.
    Reads,
    /// A plain write to a table no session is read from, or a new session
    /// (whose key no one has read yet).
    WritesElsewhere,
    /// A plain write to a table a session is read from.
    Writes,
    /// The end of a transaction, which may have written.
    Commits,
    /// Anything else, such as a `WITH`, which may hold a write: counted as a
    /// write, so a statement of an unforeseen kind is never missed.
    Unknown,
}

/// The tables a session is read from ([`super::sessions::load`]).
const SESSION_TABLES: [&str; 5] = ["sessions", "users", "memberships", "resellers", "customers"];

impl Effect {
    /// The effect of a statement, from the start of its text (its values
    /// are never written out).
    pub fn of_statement(query: &dyn std::fmt::Display) -> Self {
        Self::of(StatementStart::of(query).as_str())
    }

    fn of(sql: &str) -> Self {
        const READS: [&str; 6] = ["SELECT", "SET ", "RESET ", "SHOW ", "BEGIN", "SAVEPOINT"];
        let sql = sql.trim_start();
        let after = |p: &str| {
            sql.get(..p.len())
                .filter(|start| start.eq_ignore_ascii_case(p))
                .map(|_| &sql[p.len()..])
        };
        if READS.iter().any(|p| after(p).is_some()) {
            return Self::Reads;
        }
        if after("COMMIT").is_some() {
            return Self::Commits;
        }
        let (rest, inserts) = if let Some(rest) = after("INSERT INTO ") {
            (rest, true)
        } else if let Some(rest) = after("UPDATE ").or_else(|| after("DELETE FROM ")) {
            (rest, false)
        } else {
            return Self::Unknown;
        };
        match table_name(rest) {
            None => Self::Unknown,
            Some("sessions") if inserts => Self::WritesElsewhere,
            Some(t) if SESSION_TABLES.iter().any(|s| t.eq_ignore_ascii_case(s)) => Self::Writes,
            Some(_) => Self::WritesElsewhere,
        }
    }
}

/// The table a write names first, quoted or not; `None` unless it is a
/// plain name followed by a space (a schema-qualified name, or one cut off
/// by [`StatementStart`], is not known).
fn table_name(rest: &str) -> Option<&str> {
    let (name, ends) = match rest.strip_prefix('"') {
        Some(quoted) => {
            let (name, after) = quoted.split_once('"')?;
            (name, after.starts_with(' '))
        }
        None => (rest.split_once(' ')?.0, true),
    };
    let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (plain && ends).then_some(name)
}

/// The first bytes of a statement's text, as [`Effect::of`] needs them: the
/// query's text is written into this and cut off there (its values are
/// never written out).
#[derive(Default)]
struct StatementStart {
    text: String,
}

/// Long enough for every prefix [`Effect::of`] looks for.
const START_LEN: usize = 32;

impl StatementStart {
    fn of(query: &dyn std::fmt::Display) -> Self {
        use std::fmt::Write;
        let mut start = Self::default();
        // Stops with an error once full: the rest is not needed.
        let _ = write!(start, "{query}");
        start
    }

    fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Write for StatementStart {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let room = START_LEN.saturating_sub(self.text.len());
        let cut = (0..=room.min(s.len()))
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        self.text.push_str(&s[..cut]);
        if cut < s.len() {
            Err(std::fmt::Error)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(expires_at: NaiveDateTime) -> Loaded {
        Loaded {
            state: "{}".into(),
            user_id: Some(7),
            person: None,
            expires_at,
        }
    }

    fn later() -> NaiveDateTime {
        crate::db::now() + chrono::Duration::hours(1)
    }

    fn live_cache() -> SessionCache {
        let cache = SessionCache::default();
        cache.confirm(Duration::from_secs(60));
        cache
    }

    #[test]
    fn a_session_read_is_served_until_something_changes() {
        let cache = live_cache();
        let ticket = cache.ticket().unwrap();
        cache.put(ticket, "k", loaded(later()));
        let kept = cache.get("k", crate::db::now()).expect("kept");
        assert_eq!(kept.user_id, Some(7));
        assert!(cache.get("other", crate::db::now()).is_none());
        cache.changed();
        assert!(cache.get("k", crate::db::now()).is_none());
    }

    #[test]
    fn a_read_that_raced_a_change_is_not_kept() {
        let cache = live_cache();
        let ticket = cache.ticket().unwrap();
        cache.changed();
        cache.put(ticket, "k", loaded(later()));
        assert!(cache.get("k", crate::db::now()).is_none());
        assert!(cache.is_empty());
    }

    #[test]
    fn an_expired_session_is_not_served() {
        let cache = live_cache();
        let expires = crate::db::now() + chrono::Duration::seconds(1);
        cache.put(cache.ticket().unwrap(), "k", loaded(expires));
        assert!(cache
            .get("k", expires - chrono::Duration::seconds(1))
            .is_some());
        assert!(cache.get("k", expires).is_none());
    }

    #[test]
    fn nothing_is_kept_or_served_without_the_listener() {
        let cache = SessionCache::default();
        assert!(cache.ticket().is_none(), "not confirmed yet");
        cache.confirm(Duration::from_secs(60));
        cache.put(cache.ticket().unwrap(), "k", loaded(later()));
        cache.lapse();
        assert!(cache.ticket().is_none());
        assert!(cache.get("k", crate::db::now()).is_none());
        // Confirmed again: what was kept before the lapse stays unserved.
        cache.confirm(Duration::from_secs(60));
        assert!(cache.get("k", crate::db::now()).is_none());
    }

    #[test]
    fn a_confirmation_runs_out() {
        let cache = SessionCache::default();
        cache.confirm(Duration::from_millis(30));
        let ticket = cache.ticket().unwrap();
        cache.put(ticket, "k", loaded(later()));
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get("k", crate::db::now()).is_none());
        assert!(cache.ticket().is_none());
    }

    #[test]
    fn the_cache_stays_within_its_capacity() {
        let cache = live_cache();
        for i in 0..CAPACITY + 5 {
            cache.put(cache.ticket().unwrap(), &i.to_string(), loaded(later()));
        }
        assert!(cache.len() <= CAPACITY);
        let last = (CAPACITY + 4).to_string();
        assert!(cache.get(&last, crate::db::now()).is_some());
    }

    #[test]
    fn statements_are_told_apart_by_what_they_may_change() {
        for (sql, effect) in [
            ("UPDATE \"users\" SET \"status\" = $1", Effect::Writes),
            ("DELETE FROM \"sessions\" WHERE", Effect::Writes),
            ("UPDATE \"sessions\" SET", Effect::Writes),
            ("INSERT INTO \"memberships\" (\"user_id\")", Effect::Writes),
            ("insert into customers values (1)", Effect::Writes),
            ("UPDATE resellers SET status = $1", Effect::Writes),
            (
                "INSERT INTO \"sessions\" (\"key_hash\")",
                Effect::WritesElsewhere,
            ),
            (
                "UPDATE outbox SET status = 'sending'",
                Effect::WritesElsewhere,
            ),
            (
                "INSERT INTO \"audit_log\" (\"action\")",
                Effect::WritesElsewhere,
            ),
            ("UPDATE \"public\".\"users\" SET", Effect::Unknown),
            ("UPDATE public.users SET", Effect::Unknown),
            ("DELETE FROM \"customer_import_", Effect::Unknown),
            (
                "WITH x AS (UPDATE customers SET status = 'suspended')",
                Effect::Unknown,
            ),
            ("TRUNCATE users", Effect::Unknown),
            ("ALTER TABLE sessions DISABLE TRIGGER", Effect::Unknown),
            ("", Effect::Unknown),
            ("COMMIT", Effect::Commits),
            ("SELECT \"users\".\"id\" FROM \"users\"", Effect::Reads),
            ("  select 1", Effect::Reads),
            ("SET plan_cache_mode = force_generic_plan", Effect::Reads),
            ("RESET plan_cache_mode", Effect::Reads),
            ("BEGIN", Effect::Reads),
            ("SAVEPOINT diesel_savepoint_1", Effect::Reads),
        ] {
            assert_eq!(Effect::of(sql), effect, "{sql}");
        }
    }

    #[test]
    fn a_statement_start_is_cut_after_its_prefix() {
        struct Long;
        impl std::fmt::Display for Long {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("UPDATE \"users\" SET \"status\" = $1 WHERE \"id\" = $2")?;
                f.write_str(" -- binds: [\"a secret\"]")
            }
        }
        let start = StatementStart::of(&Long);
        assert_eq!(start.as_str(), "UPDATE \"users\" SET \"status\" = $1");
        assert_eq!(Effect::of(start.as_str()), Effect::Writes);
        // A multibyte character at the cut is left out whole.
        let start = StatementStart::of(&"SELECT 'ééééééééééééééééééééééééé'");
        assert!(start.as_str().len() <= START_LEN);
        assert!(start.as_str().starts_with("SELECT 'é"));
    }
}
