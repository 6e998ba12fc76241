//! Per-IP limits on the doors people knock on: login and *Forgot
//! password*. In memory, per instance (the per-account lock in the database
//! holds across instances).

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct RateLimits {
    pub login: DefaultKeyedRateLimiter<String>,
    pub forgot: DefaultKeyedRateLimiter<String>,
}

impl RateLimits {
    /// `per_minute` requests per IP and minute on each door, with as many
    /// at once.
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).expect("at least one");
        RateLimits {
            login: RateLimiter::keyed(Quota::per_minute(n)),
            forgot: RateLimiter::keyed(Quota::per_minute(n)),
        }
    }
}

/// Whether one more request from `ip` is allowed.
pub fn allow(limiter: &DefaultKeyedRateLimiter<String>, ip: &str) -> bool {
    limiter.check_key(&ip.to_string()).is_ok()
}
