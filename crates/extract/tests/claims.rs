//! Claims: golden case files (`tests/cases/claims/*.txt`) and the seed articles.
//!
//! Case files hold `> text` lines, each followed by the expected claims, one per line as
//! `kind: actor` or `kind: actor -> target`, or `none`. Run with `UPDATE_EXPECT=1` to rewrite the
//! expected lines from the current output (then review the diff).

use std::path::{Path, PathBuf};

mod common;
use common::run_cases;

use factline_extract::claims::extract_claims;
use factline_model::CleanText;

fn render(text: &CleanText) -> Vec<String> {
    let claims = extract_claims(text);
    for c in &claims {
        assert!(text.body.is_char_boundary(c.start) && text.body.is_char_boundary(c.end));
        assert_eq!(&text.body[c.start..c.end], c.text, "span text");
        assert!(c.sentence < text.sentences.len());
    }
    let mut v: Vec<String> = claims
        .into_iter()
        .map(|c| match c.target {
            Some(t) => format!("{}: {} -> {}", c.kind, c.actor, t),
            None => format!("{}: {}", c.kind, c.actor),
        })
        .collect();
    if v.is_empty() {
        v.push("none".to_string());
    }
    v
}

#[test]
fn claim_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/claims");
    let n = run_cases(&dir, &|input| render(&factline_clean::clean(input)));
    assert!(n >= 60, "only {n} claim cases");
}

#[test]
fn never_panics_on_odd_input() {
    for s in [
        "",
        "claimed responsibility",
        "X claimed",
        "denied",
        "’s condemned",
        "condemned by",
        "Ärger über Ümit: IS claimed responsibility for the attack’s",
        "The attack was condemned by",
        "accusations from",
        "He denied. She condemned the attack. It claimed responsibility.",
        "((( ,,, IS's claim of",
    ] {
        let _ = render(&factline_clean::clean(s));
    }
}

// ---- seeds ------------------------------------------------------------------------------------

/// A minimal JSON value, enough for gold.jsonl.
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    Num,
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn get(&self, k: &str) -> Option<&J> {
        match self {
            J::Obj(v) => v.iter().find(|(kk, _)| kk == k).map(|(_, v)| v),
            _ => None,
        }
    }
    fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }
    fn names(&self) -> Vec<String> {
        match self {
            J::Str(s) => vec![s.to_lowercase()],
            J::Arr(v) => v.iter().filter_map(J::str).map(str::to_lowercase).collect(),
            _ => Vec::new(),
        }
    }
    fn truthy(&self) -> bool {
        match self {
            J::Null => false,
            J::Bool(b) => *b,
            J::Str(s) => !s.is_empty(),
            J::Arr(v) => !v.is_empty(),
            _ => true,
        }
    }
}

fn parse_json(s: &str) -> J {
    fn ws(b: &[u8], i: &mut usize) {
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
    }
    fn val(s: &str, i: &mut usize) -> J {
        let b = s.as_bytes();
        ws(b, i);
        match b[*i] {
            b'{' => {
                *i += 1;
                let mut v = Vec::new();
                loop {
                    ws(b, i);
                    if b[*i] == b'}' {
                        *i += 1;
                        return J::Obj(v);
                    }
                    let J::Str(k) = val(s, i) else { panic!("key") };
                    ws(b, i);
                    *i += 1; // ':'
                    let x = val(s, i);
                    v.push((k, x));
                    ws(b, i);
                    if b[*i] == b',' {
                        *i += 1;
                    }
                }
            }
            b'[' => {
                *i += 1;
                let mut v = Vec::new();
                loop {
                    ws(b, i);
                    if b[*i] == b']' {
                        *i += 1;
                        return J::Arr(v);
                    }
                    v.push(val(s, i));
                    ws(b, i);
                    if b[*i] == b',' {
                        *i += 1;
                    }
                }
            }
            b'"' => {
                *i += 1;
                let mut out = String::new();
                let mut chars = s[*i..].char_indices();
                while let Some((k, c)) = chars.next() {
                    match c {
                        '"' => {
                            *i += k + 1;
                            return J::Str(out);
                        }
                        '\\' => {
                            let (_, e) = chars.next().expect("escape");
                            match e {
                                'n' => out.push('\n'),
                                't' => out.push('\t'),
                                'u' => {
                                    let hex: String =
                                        (0..4).filter_map(|_| chars.next().map(|x| x.1)).collect();
                                    let cp = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                                    out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                }
                                other => out.push(other),
                            }
                        }
                        c => out.push(c),
                    }
                }
                panic!("unterminated string")
            }
            b'n' => {
                *i += 4;
                J::Null
            }
            b't' => {
                *i += 4;
                J::Bool(true)
            }
            b'f' => {
                *i += 5;
                J::Bool(false)
            }
            _ => {
                while *i < b.len()
                    && (b[*i].is_ascii_digit() || matches!(b[*i], b'-' | b'.' | b'e' | b'E' | b'+'))
                {
                    *i += 1;
                }
                J::Num
            }
        }
    }
    let mut i = 0;
    val(s, &mut i)
}

fn alias_match(pred: &str, gold: &[String]) -> bool {
    let p = pred.to_lowercase();
    gold.iter()
        .any(|a| *a == p || (a.chars().count() > 2 && (a.contains(&p) || p.contains(a.as_str()))))
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// (gold row, published, cleaned text) for every seed article.
fn seeds() -> Option<Vec<(J, String, CleanText)>> {
    let dir = seeds_dir();
    let gold = common::seed_gold()?;
    let mut out = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g = parse_json(line);
        let id = g.get("id").and_then(J::str).expect("id").to_string();
        let raw = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("seed text");
        let rest = raw
            .trim_start()
            .strip_prefix("date")
            .expect("date header")
            .trim_start();
        let (date, body) = rest.split_at(10);
        out.push((g, date.to_string(), factline_clean::clean(body)));
    }
    Some(out)
}

#[test]
fn seed_claims_f1() {
    let Some(seeds) = seeds() else {
        println!("seeds not found at {}; skipping", seeds_dir().display());
        return;
    };
    let (mut tp, mut n_pred, mut n_gold) = (0usize, 0usize, 0usize);
    for (g, _, text) in &seeds {
        let id = g.get("id").and_then(J::str).unwrap_or("?");
        let pred = extract_claims(text);
        let gold = match g.get("claims") {
            Some(J::Arr(v)) => v.clone(),
            _ => Vec::new(),
        };
        let mut used = vec![false; pred.len()];
        let mut used_optional = 0;
        for x in &gold {
            let kind = x.get("kind").and_then(J::str).unwrap_or("");
            let actors = x.get("actor").map(J::names).unwrap_or_default();
            let targets = x.get("target").map(J::names).unwrap_or_default();
            let optional = x.get("optional").is_some_and(J::truthy);
            let hit = pred.iter().enumerate().position(|(pi, y)| {
                !used[pi]
                    && y.kind.as_str() == kind
                    && alias_match(&y.actor, &actors)
                    && (targets.is_empty()
                        || y.target.as_ref().is_none_or(|t| alias_match(t, &targets)))
            });
            match hit {
                Some(pi) => {
                    used[pi] = true;
                    if optional {
                        used_optional += 1;
                    } else {
                        tp += 1;
                    }
                }
                None if !optional => println!("{id}: missed {kind} {actors:?} -> {targets:?}"),
                None => {}
            }
        }
        n_gold += gold
            .iter()
            .filter(|x| !x.get("optional").is_some_and(J::truthy))
            .count();
        n_pred += pred.len() - used_optional;
        for (pi, y) in pred.iter().enumerate() {
            if !used[pi] {
                println!(
                    "{id}: spurious {} {} -> {:?} «{}» [{}]",
                    y.kind, y.actor, y.target, y.text, y.rule
                );
            }
        }
    }
    let p = tp as f64 / n_pred.max(1) as f64;
    let r = tp as f64 / n_gold.max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!("seed claims: tp={tp} pred={n_pred} gold={n_gold} P={p:.3} R={r:.3} F1={f1:.3}");
    assert!(f1 >= 0.9, "seed claims F1 {f1:.3} < 0.9");
}
