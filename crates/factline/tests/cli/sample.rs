//! Scoring against the sample corpus `corpus/sample/gold.jsonl` (skipped when absent).
//! Run alone with `cargo test -p factline --test cli sample_`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::score::{bcubed, cluster_errors, load_jsonl, score_extract};
use crate::util::{Db, Run, factline, workspace_root};

/// Minimum figure F1 on the sample corpus.
const MIN_FIGURE_F1: f64 = 0.95;

fn article_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.starts_with('.') || name == "gold.jsonl" {
        return false;
    }
    let stem = name.strip_suffix(".gz").unwrap_or(&name);
    ["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson"]
        .iter()
        .any(|e| stem.ends_with(&format!(".{e}")))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read corpus dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else if article_file(&p) {
            out.push(p);
        }
    }
}

/// The corpus inputs (every article file, not the gold file) and gold rows, or `None`.
fn sample(test: &str) -> Option<(Vec<String>, Vec<Value>)> {
    let dir = workspace_root().join("corpus/sample");
    let gold = dir.join("gold.jsonl");
    if !gold.is_file() {
        eprintln!("skipping {test}: {} is absent", gold.display());
        return None;
    }
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    let gold = load_jsonl(&gold);
    eprintln!(
        "{test}: {} article file(s), {} gold article(s)",
        files.len(),
        gold.len()
    );
    Some((
        files.iter().map(|f| f.display().to_string()).collect(),
        gold,
    ))
}

fn rejected(run: &Run) -> String {
    let lines = run.error_lines();
    if lines.is_empty() {
        String::new()
    } else {
        format!("\nrejected inputs:\n  {}", lines.join("\n  "))
    }
}

#[test]
fn sample_figures_f1() {
    let Some((inputs, gold)) = sample("sample_figures_f1") else {
        return;
    };
    let mut args = vec!["extract".to_string(), "--json".into()];
    args.extend(inputs);
    let run = factline(&args);
    let score = score_extract(&gold, &run.json_lines());
    eprintln!("sample:\n{}", score.table());
    let f1 = score.figures().2;
    assert!(
        f1 >= MIN_FIGURE_F1 && run.code == 0,
        "sample figures F1 {f1:.4} (need {MIN_FIGURE_F1}), extract exit {}{}\n\
         errors ({}):\n  {}\n{}",
        run.code,
        rejected(&run),
        score.figure_errors.len(),
        score.figure_errors.join("\n  "),
        score.table()
    );
}

fn ingest_sample(inputs: &[String]) -> (Db, Value, Run) {
    let db = Db::new();
    let run = db.ingest(inputs);
    let stories = db.stories(None);
    (db, stories, run)
}

#[test]
fn sample_stories_bcubed() {
    let Some((inputs, gold)) = sample("sample_stories_bcubed") else {
        return;
    };
    let (_db, stories, run) = ingest_sample(&inputs);
    let (p, r, f1) = bcubed(&gold, &stories);
    eprintln!("sample B-cubed: P {p:.4} R {r:.4} F1 {f1:.4}");
    assert!(
        f1 == 1.0 && run.code == 0,
        "sample stories: B-cubed F1 {f1:.4} (P {p:.4}, R {r:.4}), ingest exit {}{}\n  {}",
        run.code,
        rejected(&run),
        cluster_errors(&gold, &stories).join("\n  ")
    );
}

/// The gold current `killed` of each gold story: on the latest date with a (required,
/// non-subset, non-superseded) killed report, the value most articles give (ties: the
/// higher), each article counting its largest such figure.
fn gold_current_killed(gold: &[Value]) -> BTreeMap<String, Option<u64>> {
    let mut reports: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for g in gold {
        let story = g["story"].as_str().unwrap_or("?").to_string();
        let entry = reports.entry(story).or_default();
        let main = g["figures"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| {
                f["kind"] == "killed"
                    && f["subset"].is_null()
                    && f["superseded"] != true
                    && f["optional"] != true
            })
            .filter_map(|f| f["value"].as_u64())
            .max();
        if let Some(v) = main {
            entry.push((g["published"].as_str().unwrap_or("").to_string(), v));
        }
    }
    reports
        .into_iter()
        .map(|(story, reps)| {
            let latest = reps.iter().map(|r| r.0.clone()).max();
            let value = latest.map(|d| {
                let mut votes: BTreeMap<u64, usize> = BTreeMap::new();
                for r in reps.iter().filter(|r| r.0 == d) {
                    *votes.entry(r.1).or_default() += 1;
                }
                votes
                    .into_iter()
                    .max_by_key(|(v, n)| (*n, *v))
                    .map(|(v, _)| v)
                    .expect("a report on the latest date")
            });
            (story, value)
        })
        .collect()
}

#[test]
fn sample_current_killed_matches_gold() {
    let Some((inputs, gold)) = sample("sample_current_killed_matches_gold") else {
        return;
    };
    let (_db, stories, _run) = ingest_sample(&inputs);
    let expected = gold_current_killed(&gold);
    let mut rows = Vec::new();
    let mut failures = 0;
    for (label, want) in &expected {
        let members: Vec<&str> = gold
            .iter()
            .filter(|g| g["story"] == label.as_str())
            .filter_map(|g| g["id"].as_str())
            .collect();
        // The predicted story holding most of the gold story's articles.
        let best = stories
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let n = s["articles"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|a| a.as_str().is_some_and(|a| members.contains(&a)))
                    .count();
                (n, s)
            })
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, s)| s);
        let (pred_id, got) = match best {
            Some(s) => (
                s["id"].as_str().unwrap_or("?").to_string(),
                s["headline_figures"]["killed"].as_u64(),
            ),
            None => ("(no story)".to_string(), None),
        };
        let ok = got == *want && best.is_some();
        failures += usize::from(!ok);
        let show = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
        rows.push(format!(
            "{} {label:40} {pred_id:45} {:>8} {:>8}",
            if ok { " " } else { "✗" },
            show(*want),
            show(got)
        ));
    }
    let table = format!(
        "  {:40} {:45} {:>8} {:>8}\n{}",
        "GOLD STORY",
        "FACTLINE STORY",
        "GOLD",
        "KILLED",
        rows.join("\n")
    );
    eprintln!("{table}");
    assert!(
        failures == 0,
        "{failures} stor(y/ies) with a current killed value that differs from gold:\n{table}"
    );
}

#[test]
fn sample_gold_current_killed_rule() {
    let gold: Vec<Value> = vec![
        serde_json::json!({"id": "a", "story": "s", "published": "2024-01-01",
            "figures": [{"kind": "killed", "value": 5, "subset": null, "superseded": false}]}),
        serde_json::json!({"id": "b", "story": "s", "published": "2024-01-02",
            "figures": [{"kind": "killed", "value": 9, "subset": null, "superseded": false},
                        {"kind": "killed", "value": 5, "subset": null, "superseded": true},
                        {"kind": "killed", "value": 40, "subset": "children", "superseded": false}]}),
        serde_json::json!({"id": "c", "story": "t", "published": "2024-01-02", "figures": []}),
    ];
    let got = gold_current_killed(&gold);
    assert_eq!(got["s"], Some(9));
    assert_eq!(got["t"], None);
}
