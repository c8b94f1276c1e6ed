//! `factline watch`: poll feeds and pages, ingest what is new, round after round.
//!
//! One [`Fetcher`] lives as long as the watch: it remembers each URL's `ETag` and
//! `Last-Modified` (conditional GETs: an unchanged feed costs a 304) and the feed items
//! already read. Each round is the `ingest` use case ([`ingest_into`]) over the sources;
//! a failing source, or a failing round, is reported and the watch goes on. What the
//! fetcher remembers of the sources is saved in the database after each round
//! (`meta` key [`STATE_KEY`]) and taken up by the next watch of the same database, so
//! `watch --once` from a scheduler sends conditional GETs too.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use factline_app::IngestTotals;
use factline_fetch::{Fetcher, Options};
use factline_store::SqliteStore;

use crate::commands::{ingest_into, outcome};
use crate::database::Database;
use crate::inputs::Sources;
use crate::{Outcome, render};

/// Where the fetch state lives in the database.
pub const STATE_KEY: &str = "watch.state";

pub fn run(
    db: &Path,
    sources: &[String],
    fetcher: &Fetcher,
    opts: Options,
    interval: Duration,
    rounds: Option<u64>,
) -> Result<Outcome> {
    let src = Sources {
        opts,
        fetcher: Some(fetcher),
        log: true,
    };
    let mut round = 0u64;
    let mut rejected_total = 0usize;
    match SqliteStore::open(db).map(|s| s.setting(STATE_KEY)) {
        Ok(Ok(Some(json))) => {
            if let Err(e) = fetcher.load_state(&json) {
                eprintln!("watch: {e}; starting afresh");
            }
        }
        Ok(Ok(None)) => {}
        Ok(Err(e)) | Err(e) => eprintln!("factline: {e}"),
    }
    loop {
        round += 1;
        let started = Instant::now();
        eprintln!("watch: round {round}: polling {} sources", sources.len());
        let result = (|| -> Result<IngestTotals> {
            let mut store = SqliteStore::open(db)?;
            let totals = ingest_into(&mut store, &Database::sqlite(db), sources, src)?;
            let state = fetcher.state(|k| sources.iter().any(|s| s == k));
            store.put_setting(STATE_KEY, &state)?;
            Ok(totals)
        })();
        let rejected = match result {
            Ok(totals) => {
                eprintln!("watch: round {round}: {}", render::totals_line(&totals));
                totals.rejected
            }
            Err(e) => {
                eprintln!("factline: watch round {round}: {e:#}");
                1
            }
        };
        rejected_total += rejected;
        if rounds.is_some_and(|n| round >= n) {
            return Ok(outcome(rejected_total));
        }
        let next = interval.saturating_sub(started.elapsed());
        eprintln!("watch: next round in {:.1}s", next.as_secs_f64());
        std::thread::sleep(next);
    }
}
