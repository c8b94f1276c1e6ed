//! Clean + extract throughput on one core, excluding input parsing and output:
//!
//!   cargo run --release -p factline --example extract_throughput -- corpus.jsonl
//!
//! Reads every article first, then times `clean` + `extract` over all of them (best of 3).
use std::time::Instant;

/// Time of `signature` (clustering summary) over already extracted articles.
fn signature_rate(raws: &[factline_model::RawArticle]) -> f64 {
    let articles: Vec<factline_model::Article> = raws
        .iter()
        .map(|r| {
            let clean = factline_clean::clean(&r.body);
            let facts = factline_extract::extract(&clean, r.published);
            factline_model::Article {
                id: r.id.clone(),
                source: r.source.clone(),
                url: None,
                published: r.published,
                title: r.title.clone(),
                content_hash: String::new(),
                clean,
                facts,
                duplicate_of: None,
            }
        })
        .collect();
    let _ = factline_cluster::signature(&articles[0]);
    let start = Instant::now();
    for a in &articles {
        std::hint::black_box(factline_cluster::signature(a));
    }
    articles.len() as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let raws: Vec<_> = factline_ingest::expand_inputs(&args)
        .into_iter()
        .filter_map(Result::ok)
        .flat_map(|i| factline_ingest::read_input(&i))
        .filter_map(Result::ok)
        .collect();
    let bytes: usize = raws.iter().map(|r| r.body.len()).sum();
    // Build the gazetteer and rule tables outside the timed runs.
    let warm = factline_clean::clean("Warm up: 3 people were killed on Friday in Moscow.");
    let _ = factline_extract::extract(&warm, factline_model::Date::constant(2024, 1, 1));
    let mut best = f64::MAX;
    let mut figures = 0;
    for _ in 0..3 {
        let start = Instant::now();
        figures = 0;
        for r in &raws {
            let clean = factline_clean::clean(&r.body);
            figures += factline_extract::extract(&clean, r.published).figures.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} articles, {:.1} MB, {} figures: {:.3} s → {:.0} articles/s, {:.1} MB/s (one core)",
        raws.len(),
        bytes as f64 / 1e6,
        figures,
        best,
        raws.len() as f64 / best,
        bytes as f64 / 1e6 / best
    );
    if !raws.is_empty() {
        println!(
            "cluster signature: {:.0} articles/s (one core)",
            signature_rate(&raws)
        );
    }
}
