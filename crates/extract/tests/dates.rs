//! Event dates: golden case files (`tests/cases/dates/*.txt`) and the seed articles.
//!
//! Case files hold `> YYYY-MM-DD text` lines (publication date, then the article text), each
//! followed by the expected event date or `none`. `UPDATE_EXPECT=1` rewrites the expectations.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use factline_extract::dates::event_date;
use factline_model::{CleanText, Date};

/// Run every case file of `dir` through `eval` (text → expected lines); rewrite them when
/// UPDATE_EXPECT is set. Returns the number of cases.
pub fn run_cases(dir: &Path, eval: &dyn Fn(&str) -> Vec<String>) -> usize {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("cases dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut failures = String::new();
    let mut n = 0;
    for file in files {
        let src = std::fs::read_to_string(&file).expect("read case file");
        let mut out = String::new();
        let mut lines = src.lines().peekable();
        while let Some(line) = lines.next() {
            let Some(input) = line.strip_prefix("> ") else {
                out.push_str(line);
                out.push('\n');
                continue;
            };
            n += 1;
            let mut expected = Vec::new();
            while let Some(next) = lines.peek() {
                if next.starts_with("> ") || next.starts_with('#') || next.trim().is_empty() {
                    break;
                }
                expected.push(next.trim().to_string());
                lines.next();
            }
            let actual = eval(input);
            if actual != expected {
                let _ = writeln!(
                    failures,
                    "{}:\n  > {input}\n  expected: {expected:?}\n  actual:   {actual:?}",
                    file.display()
                );
            }
            out.push_str(line);
            out.push('\n');
            for a in if update { &actual } else { &expected } {
                out.push_str(a);
                out.push('\n');
            }
        }
        if update && out != src {
            std::fs::write(&file, out).expect("rewrite case file");
        }
    }
    if !update && !failures.is_empty() {
        panic!("case mismatches (UPDATE_EXPECT=1 rewrites them):\n{failures}");
    }
    n
}

#[test]
fn date_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/dates");
    let n = run_cases(&dir, &|input| {
        let (published, text) = input.split_at(input.find(' ').unwrap_or(0));
        let published = factline_model::parse_date(published).expect("case date");
        let d = event_date(&factline_clean::clean(text.trim()), published);
        vec![d.map_or_else(|| "none".to_string(), |d| d.to_string())]
    });
    assert!(n >= 40, "only {n} date cases");
}

#[test]
fn never_panics_on_odd_input() {
    let p = factline_model::parse_date("2024-03-01").unwrap();
    for s in [
        "",
        "on Friday",
        "March 32",
        "2024-13-45 attack",
        "Feb 29 attack struck",
        "31 February 2023 the quake struck",
        "Ünïcödé Friday’s attack",
        "the attack on 0 March",
    ] {
        let _ = event_date(&factline_clean::clean(s), p);
    }
}

/// The string value of `"key": "…"` in one JSON line (enough for gold.jsonl's flat fields).
fn json_str(line: &str, key: &str) -> Option<String> {
    let k = format!("\"{key}\": ");
    let rest = &line[line.find(&k)? + k.len()..];
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// (gold line, id, published, cleaned text) of every seed article; None when absent.
fn seeds() -> Option<Vec<(String, String, Date, CleanText)>> {
    let dir = seeds_dir();
    let gold = std::fs::read_to_string(dir.join("gold.jsonl")).ok()?;
    let mut out = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let id = json_str(line, "id").expect("id");
        let raw = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("seed text");
        let rest = raw
            .trim_start()
            .strip_prefix("date")
            .expect("date header")
            .trim_start();
        let (date, body) = rest.split_at(10);
        let published = factline_model::parse_date(date).expect("seed date");
        out.push((line.to_string(), id, published, factline_clean::clean(body)));
    }
    Some(out)
}

#[test]
fn seed_event_dates() {
    let Some(seeds) = seeds() else {
        println!("seeds not found at {}; skipping", seeds_dir().display());
        return;
    };
    let mut wrong = Vec::new();
    for (line, id, published, text) in &seeds {
        let gold = json_str(line, "event_date");
        let got = event_date(text, *published).map(|d| d.to_string());
        println!("{id}: gold {gold:?} got {got:?}");
        if got != gold {
            wrong.push(id.clone());
        }
    }
    assert!(wrong.is_empty(), "event dates differ from gold: {wrong:?}");
}
