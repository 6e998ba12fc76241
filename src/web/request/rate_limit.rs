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
    /// Refused *Log in as* attempts, per person: each is audited, and the
    /// audit log is no place for a flood.
    pub refused_logins_as: DefaultKeyedRateLimiter<String>,
}

/// Refused *Log in as* attempts a person may make per minute.
pub const REFUSED_LOGINS_AS_PER_MINUTE: u32 = 10;

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
            refused_logins_as: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(REFUSED_LOGINS_AS_PER_MINUTE).expect("not zero"),
            )),
        }
    }

    /// Forgets the addresses and people whose limit has refilled, so the
    /// maps hold only recent callers and do not grow for ever.
    pub fn forget_idle(&self) {
        for limiter in self.all() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// How many callers are remembered, over all limits.
    pub fn remembered(&self) -> usize {
        self.all().iter().map(|l| l.len()).sum()
    }

    fn all(&self) -> [&DefaultKeyedRateLimiter<String>; 4] {
        [
            &self.login,
            &self.forgot,
            &self.connection_tests,
            &self.refused_logins_as,
        ]
    }

    /// Forgets idle callers once a minute, for as long as the server runs.
    pub fn spawn_forgetting(state: actix_web::web::Data<crate::web::AppState>) {
        actix_web::rt::spawn(async move {
            let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                state.limits.forget_idle();
            }
        });
    }
}

/// Whether one more request from `ip` is allowed.
pub fn allow(limiter: &DefaultKeyedRateLimiter<String>, ip: &str) -> bool {
    limiter.check_key(&ip.to_string()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_callers_are_forgotten_and_busy_ones_kept() {
        // 6,000 a minute: one request's trace is gone after 10 ms.
        let limits = RateLimits::new(6_000);
        for n in 0..50 {
            assert!(allow(&limits.login, &format!("192.0.2.{n}")));
        }
        assert_eq!(limits.remembered(), 50);
        std::thread::sleep(std::time::Duration::from_millis(30));
        limits.forget_idle();
        assert_eq!(limits.remembered(), 0);
        // A caller who spent the whole quota is remembered until it refills.
        let limits = RateLimits::new(1);
        assert!(allow(&limits.login, "198.51.100.1"));
        assert!(!allow(&limits.login, "198.51.100.1"));
        limits.forget_idle();
        assert_eq!(limits.remembered(), 1);
        assert!(!allow(&limits.login, "198.51.100.1"));
    }
}
