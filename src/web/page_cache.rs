//! The page cache: values kept in memory for a few seconds, per instance,
//! that pages show on every view and that rarely change. A change made through this instance is seen
//! at once (its handler forgets what was kept); one made through another
//! instance, once the value is older than its freshness. Rules are never
//! enforced from here: they read the database.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::db::customer_list::{ListFilter, ListRow};
use crate::db::names::Names;
use crate::db::AnyConnection;

/// Entries beyond this are pruned of stale ones, so a platform with many
/// resellers keeps a small map.
const PRUNE_ABOVE: usize = 10_000;

pub struct Kept<K, V> {
    fresh: Duration,
    entries: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    pub fn new(fresh: Duration) -> Self {
        Self {
            fresh,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.fresh)
            .map(|(_, value)| value.clone())
    }

    pub fn put(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > PRUNE_ABOVE {
                entries.retain(|_, (at, _)| at.elapsed() < self.fresh);
            }
            entries.insert(key, (Instant::now(), value));
        }
    }

    pub fn forget(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    /// The value kept for `key`, or else the one `load` reads now, which is
    /// then kept. Only a value just read is kept: putting a kept one back
    /// would keep it fresh for ever.
    pub fn get_or_load<E>(&self, key: K, load: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(value) = self.get(&key) {
            return Ok(value);
        }
        let value = load()?;
        self.put(key, value.clone());
        Ok(value)
    }
}

/// What the customer list reads on every view: its totals past the cap, by
/// filters, and the names of every product and reseller, which its rows
/// show. Forgotten when the catalogue changes. Each is kept because
/// `bench/README.md` shows it gains a quarter of the page's throughput.
pub struct PageCache {
    pub large_totals: Kept<ListFilter, i64>,
    names: Kept<(), Arc<Names>>,
}

impl Default for PageCache {
    fn default() -> Self {
        let fresh = Duration::from_secs(10);
        Self {
            large_totals: Kept::new(fresh),
            names: Kept::new(fresh),
        }
    }
}

impl PageCache {
    pub fn forget(&self) {
        self.large_totals.forget();
        self.names.forget();
    }

    /// The names of the products and resellers of `rows`: those kept, or
    /// all of them read again if `rows` name one they do not hold (added
    /// since, maybe through another instance).
    pub fn names_for(
        &self,
        conn: &mut AnyConnection,
        rows: &[ListRow],
    ) -> diesel::QueryResult<Arc<Names>> {
        let ids = || rows.iter().map(|r| (r.product_id, r.reseller_id));
        if let Some(names) = self.names.get(&()).filter(|n| n.hold(ids())) {
            return Ok(names);
        }
        let names = Arc::new(Names::load(conn)?);
        self.names.put((), names.clone());
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_key_until_stale_or_forgotten() {
        let kept = Kept::new(Duration::from_millis(50));
        assert_eq!(kept.get(&1), None);
        kept.put(1, "one");
        kept.put(2, "two");
        assert_eq!(kept.get(&1), Some("one"));
        assert_eq!(kept.get(&3), None);
        kept.forget();
        assert_eq!(kept.get(&2), None);
        kept.put(1, "again");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(kept.get(&1), None);
    }

    #[test]
    fn loads_only_what_is_not_kept() {
        let kept = Kept::new(Duration::from_secs(60));
        let mut loads = 0;
        let mut load = |value| {
            loads += 1;
            Ok::<_, ()>(value)
        };
        assert_eq!(kept.get_or_load(1, || load("read")), Ok("read"));
        assert_eq!(kept.get_or_load(1, || load("read again")), Ok("read"));
        assert_eq!(loads, 1);
        assert_eq!(kept.get_or_load(2, || Err(())), Err(()));
        assert_eq!(kept.get(&2), None, "a failed read keeps nothing");
    }
}
