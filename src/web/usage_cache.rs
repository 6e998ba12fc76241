//! Reseller-wide usage (customers, seats in use) for display on overviews,
//! kept for 30 seconds: counting a large reseller's subscriptions on every
//! page view costs more than the page. Limits are always enforced with
//! exact counts, inside the transaction that would exceed them.

use std::time::Duration;

use crate::web::page_cache::Kept;

const FRESH: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResellerUsage {
    pub customers: i64,
    pub seats: i64,
}

pub struct UsageCache {
    resellers: Kept<i64, ResellerUsage>,
}

impl Default for UsageCache {
    fn default() -> Self {
        Self {
            resellers: Kept::new(FRESH),
        }
    }
}

impl UsageCache {
    /// The reseller's kept usage, or else the one `count` reads now.
    pub fn reseller<E>(
        &self,
        reseller_id: i64,
        count: impl FnOnce() -> Result<ResellerUsage, E>,
    ) -> Result<ResellerUsage, E> {
        self.resellers.get_or_load(reseller_id, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_per_reseller() {
        let cache = UsageCache::default();
        let usage = |customers| ResellerUsage {
            customers,
            seats: 12,
        };
        let counted = cache.reseller(1, || Ok::<_, ()>(usage(3)));
        assert_eq!(counted, Ok(usage(3)));
        let kept = cache.reseller(1, || Ok::<_, ()>(usage(4)));
        assert_eq!(kept, Ok(usage(3)));
        let other = cache.reseller(2, || Ok::<_, ()>(usage(5)));
        assert_eq!(other, Ok(usage(5)));
    }
}
