//! Event date and places of every dated text file of a directory (` date YYYY-MM-DD ` then the
//! text, as `factline extract` reads them), one JSON line each: the quick loop for tuning
//! `dates` and `places` without building the whole binary.
//!
//!   cargo run --release -p factline-extract --example dates_places -- DIR > PRED.jsonl
//!
//! Only these two facts: the lines score with `scripts/eval/gva_facts.py` and
//! `scripts/eval/date_place_errors.py` as `extract --json` output does.

use factline_extract::dates::{event_date_of, event_date_traced};
use factline_extract::places::Gazetteer;

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: dates_places DIR [--explain ID...]");
    // With --explain, the date expressions weighed in the named files, to stderr.
    let explain: Vec<String> = std::env::args().skip(3).collect();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let gaz = Gazetteer::bundled();
    for p in paths {
        let raw = std::fs::read_to_string(&p).expect("read text");
        let rest = raw.trim_start().trim_start_matches("date").trim_start();
        let (date, body) = rest.split_at(10.min(rest.len()));
        let Ok(published) = factline_model::parse_date(date) else {
            continue;
        };
        let clean = factline_clean::clean(body.trim());
        let an = factline_extract::analysis::Analysis::new(&clean);
        let id = p.file_stem().unwrap().to_string_lossy();
        let date = if explain.iter().any(|x| id.contains(x.as_str())) {
            let mut trace = Vec::new();
            let d = event_date_traced(&an, published, Some(&mut trace));
            eprintln!("== {id} published {published}\n{}", trace.join("\n"));
            d
        } else {
            event_date_of(&an, published)
        };
        let date = date.map_or("null".to_string(), |d| json_str(&d.to_string()));
        let places: Vec<String> = gaz
            .locate_in(&an)
            .into_iter()
            .map(|(n, _)| json_str(&n))
            .collect();
        println!(
            "{{\"id\": {}, \"event_date\": {date}, \"places\": [{}]}}",
            json_str(&id),
            places.join(", ")
        );
    }
}
