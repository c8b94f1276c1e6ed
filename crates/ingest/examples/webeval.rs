//! Predictions for `../shared/tools/webeval.py` on the public web-extraction corpora.
//!
//! ```text
//! cargo run --release -p factline-ingest --example webeval -- aeb|snippets|dates OUT.jsonl [DATA]
//! ```
//! Reads `DATA/<set>/html/<id>.html.gz` for every id of the set's gold file (DATA defaults
//! to `../shared/data` from the workspace root), writes `{"id","text"}` (aeb, snippets) or
//! `{"id","date"}` (dates) lines to OUT, and prints to stderr how many pages per second
//! `read_page` (text and date together) handled on this one thread, by the wall clock and
//! by the thread's own CPU time. Only the page bytes
//! are given to the extractor: never the gold URL.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(set), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: webeval aeb|snippets|dates OUT.jsonl [DATA]");
        std::process::exit(2);
    };
    let data = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let (dir, gold) = match set.as_str() {
        "aeb" => ("aeb", "ground-truth.jsonl"),
        "snippets" => ("trafilatura-eval", "gold.jsonl"),
        "dates" => ("htmldate", "gold.jsonl"),
        _ => {
            eprintln!("unknown set {set:?}: aeb, snippets or dates");
            std::process::exit(2);
        }
    };
    let dir = data.join(dir);
    let gold = std::fs::File::open(dir.join(gold)).expect("gold file");
    let mut out = std::io::BufWriter::new(std::fs::File::create(out).expect("output file"));
    let mut spent = Duration::ZERO;
    let mut cpu = Duration::ZERO;
    let mut pages = 0usize;
    let mut bytes_total = 0usize;
    for line in BufReader::new(gold).lines() {
        let line = line.expect("gold line");
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = serde_json::from_str(&line).expect("gold json");
        let id = row["id"].as_str().expect("id").to_string();
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path).expect("page"))
            .read_to_end(&mut bytes)
            .expect("gunzip page");
        let cpu0 = thread_cpu();
        let t = Instant::now();
        let page = factline_ingest::read_page(&bytes);
        spent += t.elapsed();
        if let (Some(a), Some(b)) = (cpu0, thread_cpu()) {
            cpu += b.saturating_sub(a);
        }
        pages += 1;
        bytes_total += bytes.len();
        let rec = if set == "dates" {
            serde_json::json!({"id": id, "date": page.published.map(|d| d.to_string())})
        } else {
            serde_json::json!({"id": id, "text": page.text})
        };
        writeln!(out, "{rec}").expect("write");
    }
    out.flush().expect("flush");
    let secs = spent.as_secs_f64().max(1e-9);
    let cpu_secs = cpu.as_secs_f64();
    let on_cpu = if cpu_secs > 0.0 {
        format!(
            "; {:.0} pages/s of this thread's CPU time",
            pages as f64 / cpu_secs
        )
    } else {
        String::new()
    };
    eprintln!(
        "{set}: {pages} pages, {:.0} pages/s wall ({:.1} MB/s) for text + date on one thread{on_cpu}",
        pages as f64 / secs,
        bytes_total as f64 / secs / 1e6
    );
}

/// CPU time this thread has run (Linux `schedstat`; `None` elsewhere), so that pages/s
/// does not depend on what else the machine is doing.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}
