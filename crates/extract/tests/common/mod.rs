//! Helpers shared by the extract test binaries: golden case files and the seed articles.
#![allow(dead_code)] // each test binary uses a different part

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

/// The string value of `"key": "…"` in one JSON line (enough for gold.jsonl's flat fields).
pub fn json_str(line: &str, key: &str) -> Option<String> {
    let k = format!("\"{key}\": ");
    let rest = &line[line.find(&k)? + k.len()..];
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// The seed gold, or `None` when `../shared` is absent — which fails the test where the data
/// must be there (CI, or `FACTLINE_REQUIRE_SHARED=1`) instead of letting it pass unseen.
pub fn seed_gold() -> Option<String> {
    let path = seeds_dir().join("gold.jsonl");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e)
            if std::env::var_os("CI").is_some()
                || std::env::var_os("FACTLINE_REQUIRE_SHARED").is_some() =>
        {
            panic!(
                "{}: {e} (../shared must be beside the repository)",
                path.display()
            )
        }
        Err(_) => {
            eprintln!("skipping: {} is absent", path.display());
            None
        }
    }
}

/// (gold line, id, published, cleaned text) of every seed article; None when absent.
pub fn seeds() -> Option<Vec<(String, String, Date, CleanText)>> {
    let dir = seeds_dir();
    let gold = seed_gold()?;
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
