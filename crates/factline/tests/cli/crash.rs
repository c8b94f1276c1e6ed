//! Crash safety: `factline ingest` killed with SIGKILL at random moments leaves a sound
//! database holding whole batches, the search index is told apart and repaired, and a re-run
//! completes to the same stories as one uninterrupted ingest.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::util::{BIN, Db, Rng, factline, fixtures, memberships, stored_ids, summary};

/// Kills per run of this test: each at a different moment of an ingest.
const TRIALS: usize = 20;
/// Articles in the generated corpus: several store batches, so kills land inside and
/// between transactions.
const ARTICLES: usize = 1600;

/// Every row of `SELECT id FROM articles`, read with SQLite itself (not through factline),
/// and the database's own integrity verdict.
fn stored_by_sqlite(db: &Path) -> (String, BTreeSet<String>) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
            .expect("open the killed database");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    let mut q = conn.prepare("SELECT id FROM articles").expect("prepare");
    let ids = q
        .query_map([], |r| r.get::<_, String>(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    (verdict, ids)
}

/// `factline search --json WORD --limit N`: the stderr (which tells when the index is out
/// of date) and the number of hits.
fn search(db: &Db, word: &str) -> (String, usize) {
    let run = factline([
        "search",
        word,
        "--json",
        "--limit",
        "100000",
        "--db",
        db.path.to_str().expect("utf-8 path"),
    ]);
    run.ok();
    let hits = run.json().as_array().map_or(0, Vec::len);
    (run.stderr.clone(), hits)
}

#[test]
fn crash_sigkill_during_ingest_loses_nothing_committed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus.jsonl");
    let from = fixtures().join("two_stories");
    factline([
        "gen".as_ref(),
        "-n".as_ref(),
        ARTICLES.to_string().as_ref(),
        "--seed".as_ref(),
        "11".as_ref(),
        "--from".as_ref(),
        from.as_os_str(),
        "-o".as_ref(),
        corpus.as_os_str(),
    ])
    .ok();
    let corpus = corpus.to_str().expect("utf-8 path").to_string();

    // The uninterrupted ingest: what every killed-and-resumed one must end as, and how long
    // an ingest takes (the kills are spread over that time).
    let reference = Db::new();
    let started = Instant::now();
    let run = reference.ingest(&[&corpus]);
    run.ok();
    let full = started.elapsed();
    let expected = memberships(&reference.stories(None));
    // Generated articles can repeat one another's text: those are stored once, under the
    // first one's id. What a run that committed its first k batches holds is the reference's
    // articles among the first k batches of lines.
    let (_, reference_ids) = stored_by_sqlite(&reference.path);
    let stored = reference_ids.len();
    assert_eq!(summary(&run).new, stored, "{}", run.stderr);
    assert!(stored > ARTICLES / 2, "{}", run.stderr);
    let line_ids: Vec<String> = std::fs::read_to_string(&corpus)
        .expect("corpus")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v["id"]
                .as_str()
                .expect("generated articles have ids")
                .to_string()
        })
        .collect();
    let after_batches: Vec<BTreeSet<String>> = (0..=line_ids.len().div_ceil(factline_app::BATCH))
        .map(|k| {
            line_ids[..(k * factline_app::BATCH).min(line_ids.len())]
                .iter()
                .filter(|id| reference_ids.contains(*id))
                .cloned()
                .collect()
        })
        .collect();

    let mut rng = Rng(0xC2A5_4001);
    let mut killed_mid_way = 0;
    for trial in 0..TRIALS {
        let db = Db::new();
        // Most kills land inside the run; a few just after start or near its end.
        let delay = full.mul_f64((rng.next() % 1000) as f64 / 1000.0 * 1.1);
        let mut child = Command::new(BIN)
            .args(["ingest", "--db", db.path.to_str().expect("utf-8"), &corpus])
            .current_dir(fixtures())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn ingest");
        std::thread::sleep(delay);
        // SIGKILL: no destructor, no commit, no flush runs.
        let _ = child.kill();
        let status = child.wait().expect("wait for the killed ingest");
        if status.code().is_none() {
            killed_mid_way += 1;
        }

        let ctx = format!("trial {trial}, killed after {delay:?} of {full:?}");
        let before: BTreeSet<String> = if db.path.exists() {
            let (verdict, ids) = stored_by_sqlite(&db.path);
            assert_eq!(verdict, "ok", "{ctx}: integrity_check");
            // Every stored article is in exactly one story: no half-regrouped batch.
            let listed = stored_ids(&db.stories(None));
            assert_eq!(listed, ids, "{ctx}: stories do not list what is stored");
            // Whole batches or nothing: what survives is what some number of committed
            // batches stores.
            assert!(
                after_batches.contains(&ids),
                "{ctx}: {} articles stored, not those of whole batches",
                ids.len()
            );
            ids
        } else {
            BTreeSet::new()
        };

        // The re-run stores exactly what was missing and ends as the reference.
        let rerun = db.ingest(&[&corpus]);
        rerun.ok();
        assert_eq!(
            summary(&rerun).new,
            stored - before.len(),
            "{ctx}: the re-run after {} stored: {}",
            before.len(),
            rerun.stderr
        );
        assert_eq!(
            memberships(&db.stories(None)),
            expected,
            "{ctx}: stories after the re-run differ from one uninterrupted ingest"
        );

        // The search index never claims more than the store; a lagging one is reported and
        // `reindex` repairs it.
        let (stderr, hits) = search(&db, "said");
        assert!(hits <= stored, "{ctx}: {hits} hits for {stored} articles");
        if stderr.contains("out of date") || rerun.stderr.contains("does not cover") {
            factline(["reindex", "--db", db.path.to_str().expect("utf-8")]).ok();
            let (stderr, _) = search(&db, "said");
            assert!(
                !stderr.contains("out of date"),
                "{ctx}: still out of date after reindex: {stderr}"
            );
        }
        let (_, after) = search(&db, "said");
        let (_, reference_hits) = search(&reference, "said");
        assert_eq!(after, reference_hits, "{ctx}: search hits differ");
    }
    // The trials must have tested something: most kills interrupted a running ingest.
    assert!(
        killed_mid_way >= TRIALS / 2,
        "only {killed_mid_way} of {TRIALS} kills caught the ingest running (it took {full:?})"
    );
}
