//! Scoring against the five seed reports of `../shared/seeds/` (skipped when `../shared` is
//! absent). Run alone with `cargo test -p factline --test cli seeds_`.

use std::path::PathBuf;

use serde_json::Value;

use crate::score::{bcubed, cluster_errors, load_jsonl, score_extract};
use crate::util::{Db, factline, shared_dir};

/// The seed articles (`*.txt`, sorted) and gold rows, or `None` (with a message) to skip.
fn seeds(test: &str) -> Option<(Vec<PathBuf>, Vec<Value>)> {
    let required =
        std::env::var_os("CI").is_some() || std::env::var_os("FACTLINE_REQUIRE_SHARED").is_some();
    let Some(shared) = shared_dir() else {
        // Where the data must be there (CI), its absence fails instead of passing unseen.
        assert!(
            !required,
            "{test}: ../shared is absent (CARGO_MANIFEST_DIR/../../../shared)"
        );
        eprintln!("skipping {test}: ../shared (CARGO_MANIFEST_DIR/../../../shared) is absent");
        return None;
    };
    let dir = shared.join("seeds");
    let gold = dir.join("gold.jsonl");
    if !gold.is_file() {
        assert!(!required, "{test}: {} is absent", gold.display());
        eprintln!("skipping {test}: {} is absent", gold.display());
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    Some((files, load_jsonl(&gold)))
}

fn extract(files: &[PathBuf]) -> Vec<Value> {
    let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), "--json".into()];
    args.extend(files.iter().map(|f| f.as_os_str().to_owned()));
    let run = factline(&args);
    run.ok();
    run.json_lines()
}

#[test]
fn seeds_figures_match_gold() {
    let Some((files, gold)) = seeds("seeds_figures_match_gold") else {
        return;
    };
    let score = score_extract(&gold, &extract(&files));
    eprintln!("seeds:\n{}", score.table());
    assert!(
        score.missing.is_empty(),
        "articles missing: {:?}",
        score.missing
    );
    assert!(
        score.figure_errors.is_empty(),
        "seed figures differ from gold ({} error(s)):\n  {}\n{}",
        score.figure_errors.len(),
        score.figure_errors.join("\n  "),
        score.table()
    );
    assert_eq!(score.fig_tp, score.fig_gold);
    assert_eq!(score.fig_pred, score.fig_tp);
}

#[test]
fn seeds_claims_found() {
    let Some((files, gold)) = seeds("seeds_claims_found") else {
        return;
    };
    let score = score_extract(&gold, &extract(&files));
    eprintln!("seeds:\n{}", score.table());
    assert!(
        score.missed_claims.is_empty(),
        "gold claims not found ({}):\n  {}\n{}",
        score.missed_claims.len(),
        score.missed_claims.join("\n  "),
        score.table()
    );
}

#[test]
fn seeds_form_one_story() {
    let Some((files, gold)) = seeds("seeds_form_one_story") else {
        return;
    };
    let db = Db::new();
    let inputs: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    db.ingest(&inputs).ok();
    let stories = db.stories(None);
    let (p, r, f1) = bcubed(&gold, &stories);
    eprintln!("seeds B-cubed: P {p:.4} R {r:.4} F1 {f1:.4}");
    assert!(
        f1 == 1.0,
        "seed stories: B-cubed F1 {f1:.4} (P {p:.4}, R {r:.4}):\n  {}\n{}",
        cluster_errors(&gold, &stories).join("\n  "),
        crate::util::memberships(&stories)
            .into_iter()
            .map(|(k, v)| format!("{k}: {v:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
