//! Clustering evaluation: B-cubed P/R/F1 of factline's grouping (links among all pairs,
//! cut by average linkage as the store cuts a block) against gold story labels, over a
//! grid of thresholds, beside a plain TF-IDF cosine-threshold baseline (connected
//! components) on the same articles. `CLUSTER_DIAG=1` lists predicted stories that mix
//! gold ones; `CLUSTER_PAIRS=1` prints each article's anchors and every linked pair's
//! cosine, agreement and resemblance (for a handful of articles).
//!
//!   cargo run --release -p factline --example cluster_eval -- GOLD.jsonl INPUT...
//!
//! GOLD lines need `id` and `story` (or `cluster`, as in ECB+).
use std::collections::{BTreeMap, HashMap};

use factline_cluster::{Link, Linkage};
use factline_model::Article;

fn bcubed(gold: &HashMap<String, String>, ids: &[String], comp: &[usize]) -> (f64, f64, f64) {
    let n = ids.len();
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let same_pred: Vec<usize> = (0..n).filter(|&j| comp[j] == comp[i]).collect();
        let same_gold = (0..n).filter(|&j| gold[&ids[j]] == gold[&ids[i]]).count();
        let both = same_pred
            .iter()
            .filter(|&&j| gold[&ids[j]] == gold[&ids[i]])
            .count();
        p += both as f64 / same_pred.len() as f64;
        r += both as f64 / same_gold as f64;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    (
        p,
        r,
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    )
}

fn components(n: usize, linked: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    for i in 0..n {
        for j in i + 1..n {
            if linked(i, j) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    (0..n).map(|i| find(&mut parent, i)).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: cluster_eval GOLD.jsonl INPUT...");
        std::process::exit(2);
    }
    let mut gold: HashMap<String, String> = HashMap::new();
    let mut topic: HashMap<String, String> = HashMap::new();
    for l in std::fs::read_to_string(&args[0])
        .expect("gold file")
        .lines()
    {
        let v: serde_json::Value = serde_json::from_str(l).expect("gold json");
        let id = v["id"].as_str().unwrap().to_string();
        let label = v
            .get("story")
            .or_else(|| v.get("cluster"))
            .and_then(|s| s.as_str())
            .unwrap();
        if let Some(t) = v.get("topic") {
            topic.insert(id.clone(), t.to_string());
        }
        gold.insert(id, label.to_string());
    }
    let mut arts: Vec<Article> = Vec::new();
    for input in factline_ingest::expand_inputs(&args[1..]) {
        for raw in factline_ingest::read_input(&input.expect("input")) {
            let Ok(raw) = raw else { continue };
            if !gold.contains_key(&raw.id) {
                continue;
            }
            let clean = factline_clean::clean(&raw.body);
            let facts = factline_extract::extract(&clean, raw.published);
            arts.push(Article {
                id: raw.id.clone(),
                source: raw.source,
                url: None,
                published: raw.published,
                title: raw.title,
                content_hash: String::new(),
                clean,
                facts,
                duplicate_of: None,
            });
        }
    }
    let ids: Vec<String> = arts.iter().map(|a| a.id.clone()).collect();
    let sigs: Vec<_> = arts.iter().map(factline_cluster::signature).collect();
    println!("{} articles, {} gold stories", ids.len(), {
        let mut s: Vec<&String> = ids.iter().map(|i| &gold[i]).collect();
        s.sort();
        s.dedup();
        s.len()
    });
    // factline: links above the floor among all pairs, grouped as the store groups them.
    let n = ids.len();
    let mut links = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let s = factline_cluster::similarity(&sigs[i], &sigs[j]);
            if s >= factline_cluster::LINK_FLOOR {
                links.push(Link {
                    a: i,
                    b: j,
                    similarity: s,
                });
            }
        }
    }
    if std::env::var_os("CLUSTER_PAIRS").is_some() {
        for (id, s) in ids.iter().zip(&sigs) {
            let anchors: Vec<String> = s
                .anchors
                .iter()
                .map(|(a, w)| format!("{a} {w:.2}"))
                .collect();
            println!(
                "{id} day {:?} dated {}: {}",
                s.day,
                s.dated,
                anchors.join(", ")
            );
        }
        for i in 0..n {
            for j in i + 1..n {
                println!(
                    "{} ~ {}: similarity {:.3} = cosine {:.3} x agreement {:.3}; resemblance {:.2}",
                    ids[i],
                    ids[j],
                    factline_cluster::similarity(&sigs[i], &sigs[j]),
                    factline_cluster::cosine(&sigs[i], &sigs[j]),
                    factline_cluster::agreement(&sigs[i], &sigs[j]),
                    factline_cluster::resemblance(&sigs[i], &sigs[j]),
                );
            }
        }
    }
    let current = factline_cluster::LINKAGE;
    for average in [0.10f32, 0.12, 0.15, 0.18, 0.20, 0.25] {
        let linkage = Linkage { average, ..current };
        let comp = factline_cluster::group(n, &links, linkage);
        let (p, r, f) = bcubed(&gold, &ids, &comp);
        let mark = if linkage == current {
            " <- current"
        } else {
            ""
        };
        println!("factline  average>={average:.2}: B3 P {p:.4} R {r:.4} F1 {f:.4}{mark}");
        if !topic.is_empty() {
            let (p, r, f) = bcubed(&topic, &ids, &comp);
            println!("          topic-level:      P {p:.4} R {r:.4} F1 {f:.4}");
        }
        if !mark.is_empty() && std::env::var_os("CLUSTER_DIAG").is_some() {
            let mut groups: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
            for (i, c) in comp.iter().enumerate() {
                *groups
                    .entry(*c)
                    .or_default()
                    .entry(gold[&ids[i]].as_str())
                    .or_default() += 1;
            }
            for g in groups.values().filter(|g| g.len() > 1) {
                println!("  mixed {g:?}");
            }
        }
    }
    // Baseline: TF-IDF over all words of title + body, cosine threshold, same components.
    let docs: Vec<BTreeMap<String, f32>> = arts
        .iter()
        .map(|a| {
            let mut tf = BTreeMap::new();
            let text = format!("{} {}", a.title.clone().unwrap_or_default(), a.clean.body);
            for w in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
            {
                *tf.entry(w.to_lowercase()).or_insert(0.0) += 1.0;
            }
            tf
        })
        .collect();
    let mut df: HashMap<&str, f32> = HashMap::new();
    for d in &docs {
        for w in d.keys() {
            *df.entry(w).or_default() += 1.0;
        }
    }
    let n = docs.len() as f32;
    let vecs: Vec<BTreeMap<String, f32>> = docs
        .iter()
        .map(|d| {
            let mut v: BTreeMap<String, f32> = d
                .iter()
                .map(|(w, tf)| (w.clone(), (1.0 + tf.ln()) * (n / df[w.as_str()]).ln()))
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
            v.values_mut().for_each(|x| *x /= norm);
            v
        })
        .collect();
    let cos = |a: &BTreeMap<String, f32>, b: &BTreeMap<String, f32>| -> f32 {
        a.iter().filter_map(|(w, x)| b.get(w).map(|y| x * y)).sum()
    };
    for th in [0.2f32, 0.3, 0.4, 0.5] {
        let comp = components(ids.len(), |i, j| cos(&vecs[i], &vecs[j]) >= th);
        let (p, r, f) = bcubed(&gold, &ids, &comp);
        println!("tfidf     cos>={th:.2}: B3 P {p:.4} R {r:.4} F1 {f:.4}");
    }
}
