//! Test support shared by the crates' tests: whether a test may skip when a server it needs
//! (NATS, PostgreSQL) is not running.
//!
//! Tests against real servers skip with a message when the server cannot be reached, so a
//! plain `cargo test` works on a machine without them; CI sets `FACTLINE_REQUIRE_SERVICES=1`
//! (`.ci/run`), and there an unreachable server fails the test instead.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Is the server `what` listening at `addr` (`host:port`)? When it is not, a test should
/// return early: this prints why, or panics when `FACTLINE_REQUIRE_SERVICES=1`.
#[track_caller]
pub fn service_available(what: &str, addr: &str) -> bool {
    let reachable = addr.to_socket_addrs().ok().is_some_and(|mut addrs| {
        addrs.any(|a| TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok())
    });
    if reachable {
        return true;
    }
    if services_required() {
        panic!("{what} is not reachable at {addr}, and FACTLINE_REQUIRE_SERVICES=1 requires it");
    }
    eprintln!(
        "skipped: {what} is not reachable at {addr} (set FACTLINE_REQUIRE_SERVICES=1 to fail instead)"
    );
    false
}

/// Must tests that need servers run (CI)?
pub fn services_required() -> bool {
    std::env::var("FACTLINE_REQUIRE_SERVICES").is_ok_and(|v| v == "1")
}
