//! For tests that need a real PostgreSQL server: where it is, whether to skip, and a
//! schema of their own that is dropped afterwards.
//!
//! A test calls [`postgres_url`]: `None` means the server is unreachable and the test
//! should return (it has printed why), unless `FACTLINE_REQUIRE_SERVICES=1`, in which case
//! an unreachable server fails the test.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The server tests use when `FACTLINE_TEST_POSTGRES` does not name one.
pub const DEFAULT_TEST_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The URL of the PostgreSQL server for tests (`FACTLINE_TEST_POSTGRES`, or
/// [`DEFAULT_TEST_POSTGRES`]) if it answers. If it does not: panics when
/// `FACTLINE_REQUIRE_SERVICES=1`, else prints that `test` is skipped and returns `None`.
pub fn postgres_url(test: &str) -> Option<String> {
    let url = std::env::var("FACTLINE_TEST_POSTGRES")
        .unwrap_or_else(|_| DEFAULT_TEST_POSTGRES.to_string());
    let reached = url
        .parse::<::postgres::Config>()
        .map_err(|e| e.to_string())
        .and_then(|mut c| {
            c.connect_timeout(Duration::from_secs(3));
            c.connect(::postgres::NoTls).map_err(|e| e.to_string())
        });
    match reached {
        Ok(_) => Some(url),
        Err(e) => {
            let shown = crate::redact_url(&url);
            if std::env::var("FACTLINE_REQUIRE_SERVICES").is_ok_and(|v| v == "1") {
                panic!("{test}: PostgreSQL at {shown} is required but unreachable: {e}");
            }
            eprintln!(
                "SKIPPED {test}: PostgreSQL at {shown} is unreachable ({e}); \
                 set FACTLINE_REQUIRE_SERVICES=1 to fail instead"
            );
            None
        }
    }
}

/// A schema of its own for one test, dropped (with everything in it) when this is
/// dropped.
pub struct TestSchema {
    pub url: String,
    pub name: String,
}

impl TestSchema {
    /// A new, unused schema name on the server at `url` (created by the first store that
    /// opens it).
    pub fn new(url: &str) -> Self {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "factline_test_{}_{}_{}",
            std::process::id(),
            nanos,
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        TestSchema {
            url: url.to_string(),
            name,
        }
    }

    /// `url` with the `schema=` parameter that [`crate::PgStore::open`] reads.
    pub fn store_url(&self) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{sep}schema={}", self.url, self.name)
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = ::postgres::Client::connect(&self.url, ::postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.name));
        }
    }
}
