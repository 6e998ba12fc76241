//! Per-IP limits on the doors people knock on: login and *Forgot
//! password*. In memory, per instance (the per-account lock in the database
//! holds across instances).

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct RateLimits {
    pub login: DefaultKeyedRateLimiter<String>,
    pub forgot: DefaultKeyedRateLimiter<String>,
    /// *Test connection*, per user.
    pub connection_tests: DefaultKeyedRateLimiter<String>,
}

/// *Test connection* attempts a user may make per minute.
pub const CONNECTION_TESTS_PER_MINUTE: u32 = 10;

impl RateLimits {
    /// `per_minute` requests per IP and minute on each door, with as many
    /// at once.
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).expect("at least one");
        RateLimits {
            login: RateLimiter::keyed(Quota::per_minute(n)),
            forgot: RateLimiter::keyed(Quota::per_minute(n)),
            connection_tests: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(CONNECTION_TESTS_PER_MINUTE).expect("not zero"),
            )),
        }
    }
}

/// Whether one more request from `ip` is allowed.
pub fn allow(limiter: &DefaultKeyedRateLimiter<String>, ip: &str) -> bool {
    limiter.check_key(&ip.to_string()).is_ok()
}
