//! Test families that need a service this machine may lack (PostgreSQL,
//! Redis, Chromium). On a bare machine `cargo test` stays green and says, at
//! the end, how many tests of each family were skipped, why, and how to run
//! them. Under CI (`CI=true` or `PARTNERDESK_REQUIRE_ALL_TESTS=1`) a missing
//! service fails the test instead: a CI run never passes on skipped tests.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

pub struct Family {
    pub name: &'static str,
    pub why: &'static str,
    pub how: &'static str,
    skipped: AtomicUsize,
}

pub static POSTGRES: Family = Family {
    name: "PostgreSQL",
    why: "TEST_DATABASE_URL is not set",
    how: "TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test",
    skipped: AtomicUsize::new(0),
};

pub static REDIS: Family = Family {
    name: "Redis session store",
    why: "TEST_REDIS_URL is not set",
    how: "TEST_REDIS_URL=redis://127.0.0.1:6379 cargo test",
    skipped: AtomicUsize::new(0),
};

pub static BROWSER: Family = Family {
    name: "Browser",
    why: "chromedriver or Chromium is not installed",
    how: "apt-get install chromium chromium-driver, then cargo test",
    skipped: AtomicUsize::new(0),
};

pub static AXE: Family = Family {
    name: "Accessibility (axe-core)",
    why: "AXE_CORE_JS does not name axe-core's axe.min.js",
    how: "npm install axe-core, then AXE_CORE_JS=$PWD/node_modules/axe-core/axe.min.js cargo test",
    skipped: AtomicUsize::new(0),
};

/// Whether every family must run (CI).
pub fn required() -> bool {
    let on = |name: &str| {
        std::env::var(name)
            .map(|v| !v.is_empty() && v != "0" && v != "false")
            .unwrap_or(false)
    };
    on("CI") || on("PARTNERDESK_REQUIRE_ALL_TESTS")
}

extern "C" {
    fn atexit(callback: extern "C" fn()) -> i32;
}

extern "C" fn report() {
    for family in [&POSTGRES, &REDIS, &BROWSER, &AXE] {
        let n = family.skipped.load(Ordering::SeqCst);
        if n > 0 {
            // Straight to the stderr handle: the harness captures print macros.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {n} {} test(s): {}. Run them with: {}",
                family.name,
                family.why,
                family.how
            );
        }
    }
}

impl Family {
    /// Notes one skipped test of this family; under CI, fails it.
    pub fn skip(&self) {
        if required() {
            panic!(
                "{} tests cannot run under CI: {}. ({})",
                self.name, self.why, self.how
            );
        }
        static REGISTER: Once = Once::new();
        // SAFETY: atexit only stores the pointer of a function that lives as
        // long as the process.
        REGISTER.call_once(|| unsafe {
            atexit(report);
        });
        self.skipped.fetch_add(1, Ordering::SeqCst);
    }
}
