//! Casualty-figure extraction: data-driven cases, the seed articles against their gold, and
//! span invariants.
//!
//! Case files (`tests/cases/figures/*.txt`):
//!
//! ```text
//! # comment
//! > At least 12 people were killed and 40 injured when the bus overturned.
//! killed 12 at_least
//! injured 40 exact
//! > Hundreds queued to give blood.
//! (none)
//! ```
//!
//! Consecutive `>` lines form one text (joined by newlines; an empty `>` line separates
//! paragraphs). Each expected line is `kind value qualifier` followed by optional
//! `value_max=N`, `subset=WORDS` (`subset=*` accepts any subset), `superseded` and
//! `attributed_to=WORDS` (`attributed_to=*` accepts any source; when the field is absent the
//! source is not compared). Figures are compared in order of appearance.
//!
//! `UPDATE_EXPECT=1 cargo test -p factline-extract --test figures` rewrites the expected lines
//! of failing cases with what the extractor produces (golden-file style).
//! `FIGDEBUG="some text" cargo test -p factline-extract --test figures debug -- --nocapture`
//! prints what the extractor makes of a text.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use factline_clean::clean;
use factline_extract::figures::extract_figures;
use factline_model::{CleanText, Figure};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Spans lie on char boundaries, cover the figure's words, and point at the right sentence.
fn check_spans(clean: &CleanText, figs: &[Figure], what: &str) {
    for f in figs {
        assert!(f.start < f.end, "{what}: empty span {f:?}");
        assert!(f.end <= clean.body.len(), "{what}: span past end {f:?}");
        assert!(
            clean.body.is_char_boundary(f.start) && clean.body.is_char_boundary(f.end),
            "{what}: span not on char boundaries {f:?}"
        );
        assert_eq!(
            &clean.body[f.start..f.end],
            f.text,
            "{what}: text is not body[start..end]"
        );
        assert_eq!(
            clean.sentence_of(f.start),
            Some(f.sentence),
            "{what}: sentence index wrong for {f:?}"
        );
        assert!(!f.rule.is_empty(), "{what}: no rule named for {f:?}");
        assert!(f.value > 0, "{what}: zero figure {f:?}");
        if let Some(m) = f.value_max {
            assert!(m > f.value, "{what}: value_max not above value {f:?}");
        }
    }
}

/// The canonical one-line rendering of a figure, as case files write it.
fn render(f: &Figure) -> String {
    let mut s = format!("{} {} {}", f.kind, f.value, f.qualifier);
    if let Some(m) = f.value_max {
        write!(s, " value_max={m}").unwrap();
    }
    if let Some(sub) = &f.subset {
        write!(s, " subset={sub}").unwrap();
    }
    if f.superseded {
        s.push_str(" superseded");
    }
    if let Some(a) = &f.attributed_to {
        write!(s, " attributed_to={a}").unwrap();
    }
    s
}

#[derive(Debug, Default, Clone)]
struct Expect {
    head: String, // "kind value qualifier"
    value_max: Option<String>,
    subset: Option<String>,
    superseded: bool,
    attributed_to: Option<String>,
}

fn parse_expect(line: &str) -> Expect {
    let mut e = Expect::default();
    let toks: Vec<&str> = line.split_whitespace().collect();
    e.head = toks.iter().take(3).copied().collect::<Vec<_>>().join(" ");
    let mut field: Option<(&str, Vec<&str>)> = None;
    let flush = |field: &mut Option<(&str, Vec<&str>)>, e: &mut Expect| {
        if let Some((k, v)) = field.take() {
            let v = v.join(" ");
            match k {
                "value_max" => e.value_max = Some(v),
                "subset" => e.subset = Some(v),
                "attributed_to" => e.attributed_to = Some(v),
                _ => panic!("unknown field {k} in {line:?}"),
            }
        }
    };
    for tok in toks.iter().skip(3) {
        if *tok == "superseded" {
            flush(&mut field, &mut e);
            e.superseded = true;
        } else if let Some((k, v)) = tok.split_once('=')
            && matches!(k, "value_max" | "subset" | "attributed_to")
        {
            flush(&mut field, &mut e);
            field = Some((k, vec![v]));
        } else if let Some((_, v)) = field.as_mut() {
            v.push(tok);
        } else {
            panic!("unexpected token {tok:?} in expected line {line:?}");
        }
    }
    flush(&mut field, &mut e);
    e
}

fn matches(e: &Expect, f: &Figure) -> bool {
    let head = format!("{} {} {}", f.kind, f.value, f.qualifier);
    if e.head != head {
        return false;
    }
    if e.value_max.as_deref() != f.value_max.map(|m| m.to_string()).as_deref() {
        return false;
    }
    match (&e.subset, &f.subset) {
        (None, None) => {}
        (Some(w), Some(_)) if w == "*" => {}
        (Some(w), Some(s)) if w == s => {}
        _ => return false,
    }
    if e.superseded != f.superseded {
        return false;
    }
    match (&e.attributed_to, &f.attributed_to) {
        (None, _) => true,
        (Some(w), Some(_)) if w == "*" => true,
        (Some(w), Some(a)) => w == a,
        (Some(_), None) => false,
    }
}

struct Case {
    /// Line index (0-based) of the first `>` line.
    line: usize,
    text: String,
    expect_lines: Vec<String>,
    /// Line range of the expected lines in the file.
    expect_range: (usize, usize),
}

fn parse_cases(src: &str) -> Vec<Case> {
    let lines: Vec<&str> = src.lines().collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.starts_with('>') {
            let start = i;
            let mut text = Vec::new();
            while i < lines.len() && lines[i].starts_with('>') {
                text.push(lines[i][1..].strip_prefix(' ').unwrap_or(&lines[i][1..]));
                i += 1;
            }
            let es = i;
            let mut expect = Vec::new();
            while i < lines.len()
                && !lines[i].starts_with('>')
                && !lines[i].starts_with('#')
                && !lines[i].trim().is_empty()
            {
                expect.push(lines[i].trim().to_string());
                i += 1;
            }
            cases.push(Case {
                line: start,
                text: text.join("\n"),
                expect_lines: expect,
                expect_range: (es, i),
            });
        } else {
            i += 1;
        }
    }
    cases
}

fn case_files() -> Vec<PathBuf> {
    let dir = manifest().join("tests/cases/figures");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn figure_cases() {
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1");
    let mut total = 0;
    let mut traps = 0;
    let mut failures = Vec::new();
    for path in case_files() {
        let src = fs::read_to_string(&path).unwrap();
        let cases = parse_cases(&src);
        let mut rewrites: BTreeMap<usize, (usize, Vec<String>)> = BTreeMap::new();
        for c in &cases {
            total += 1;
            let cleaned = clean(&c.text);
            let figs = extract_figures(&cleaned);
            let what = format!("{}:{}", path.display(), c.line + 1);
            check_spans(&cleaned, &figs, &what);
            let none = c.expect_lines.len() == 1 && c.expect_lines[0] == "(none)";
            if none {
                traps += 1;
            }
            let expects: Vec<Expect> = if none || c.expect_lines.is_empty() {
                Vec::new()
            } else {
                c.expect_lines.iter().map(|l| parse_expect(l)).collect()
            };
            let ok = !c.expect_lines.is_empty()
                && expects.len() == figs.len()
                && expects.iter().zip(&figs).all(|(e, f)| matches(e, f));
            if !ok {
                let got: Vec<String> = if figs.is_empty() {
                    vec!["(none)".to_string()]
                } else {
                    figs.iter().map(render).collect()
                };
                let detail: Vec<String> = figs
                    .iter()
                    .map(|f| format!("    «{}» rule={}", f.text, f.rule))
                    .collect();
                failures.push(format!(
                    "{what}\n  text: {}\n  expected: {}\n  got:      {}\n{}",
                    c.text.replace('\n', " / "),
                    c.expect_lines.join(" | "),
                    got.join(" | "),
                    detail.join("\n")
                ));
                rewrites.insert(c.expect_range.0, (c.expect_range.1, got));
            }
        }
        if update && !rewrites.is_empty() {
            let lines: Vec<&str> = src.lines().collect();
            let mut out = String::new();
            let mut i = 0;
            while i <= lines.len() {
                if let Some((end, got)) = rewrites.get(&i) {
                    for g in got {
                        out.push_str(g);
                        out.push('\n');
                    }
                    i = (*end).max(i);
                }
                if i < lines.len() {
                    out.push_str(lines[i]);
                    out.push('\n');
                }
                i += 1;
            }
            fs::write(&path, out).unwrap();
        }
    }
    eprintln!(
        "figure cases: {total} ({traps} expecting none), {} failing",
        failures.len()
    );
    if !update {
        assert!(total >= 250, "only {total} cases");
        assert!(
            failures.is_empty(),
            "{} failing cases:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

// ---- seeds -------------------------------------------------------------------------------

#[derive(Debug)]
struct GoldFig {
    kind: String,
    value: u64,
    qualifier: String,
    subset: bool,
    superseded: bool,
    optional: bool,
}

/// Minimal reader for the seeds' gold.jsonl: only the `id` and `figures` fields are needed,
/// and the file's shape is fixed (see GOLD.md), so a small scanner does instead of a JSON crate.
fn gold_figures(line: &str) -> (String, Vec<GoldFig>) {
    let id = string_field(line, "id").unwrap_or_default();
    let mut figs = Vec::new();
    if let Some(p) = line.find("\"figures\": [") {
        let rest = &line[p + "\"figures\": [".len()..];
        let end = matching_bracket(rest);
        let arr = &rest[..end];
        for obj in split_objects(arr) {
            figs.push(GoldFig {
                kind: string_field(obj, "kind").unwrap_or_default(),
                value: raw_field(obj, "value")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
                qualifier: string_field(obj, "qualifier").unwrap_or_default(),
                subset: raw_field(obj, "subset").is_some_and(|v| v != "null"),
                superseded: raw_field(obj, "superseded").is_some_and(|v| v == "true"),
                optional: raw_field(obj, "optional").is_some_and(|v| v == "true"),
            });
        }
    }
    (id, figs)
}

fn matching_bracket(s: &str) -> usize {
    let mut depth = 0i32;
    let mut in_str = false;
    let mut esc = false;
    for (i, c) in s.char_indices() {
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => depth += 1,
            ']' | '}' => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    s.len()
}

fn split_objects(arr: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = arr;
    while let Some(p) = rest.find('{') {
        let body = &rest[p + 1..];
        let e = matching_bracket(body);
        out.push(&body[..e]);
        rest = &body[(e + 1).min(body.len())..];
    }
    out
}

fn raw_field<'a>(obj: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("\"{key}\": ");
    let p = obj.find(&pat)? + pat.len();
    let rest = &obj[p..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

fn string_field(obj: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\": \"");
    let p = obj.find(&pat)? + pat.len();
    let rest = &obj[p..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The seeds' ` date YYYY-MM-DD body` format.
fn seed_body(raw: &str) -> &str {
    let s = raw.trim_start();
    let s = s.strip_prefix("date").unwrap_or(s).trim_start();
    let s = if s.len() >= 10 && s.as_bytes()[4] == b'-' {
        &s[10..]
    } else {
        s
    };
    s.trim_start()
}

#[test]
fn seeds_match_gold() {
    let dir = manifest().join("../../../shared/seeds");
    let Some(gold_src) = common::seed_gold() else {
        return;
    };
    let mut tp = 0;
    let mut n_pred = 0;
    let mut n_gold = 0;
    let mut qual_ok = 0;
    let mut sup_ok = 0;
    let mut errors = Vec::new();
    for line in gold_src.lines().filter(|l| !l.trim().is_empty()) {
        let (id, gold) = gold_figures(line);
        let path = dir.join(format!("{id}.txt"));
        let raw = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cleaned = clean(seed_body(&raw));
        let pred = extract_figures(&cleaned);
        check_spans(&cleaned, &pred, &id);
        // score.py's matching: required gold first, then optional; kind + value + subset-ness.
        let mut used = vec![false; pred.len()];
        let mut pairs = Vec::new();
        let mut order: Vec<usize> = (0..gold.len()).collect();
        order.sort_by_key(|&g| gold[g].optional);
        for gi in order {
            let g = &gold[gi];
            let hit = pred.iter().enumerate().position(|(pi, p)| {
                !used[pi]
                    && p.kind.as_str() == g.kind
                    && p.value == g.value
                    && (g.optional || p.subset.is_some() == g.subset)
            });
            if let Some(pi) = hit {
                used[pi] = true;
                pairs.push((gi, pi));
            }
        }
        let optional_pred = pairs.iter().filter(|(g, _)| gold[*g].optional).count();
        n_gold += gold.iter().filter(|g| !g.optional).count();
        n_pred += pred.len() - optional_pred;
        for &(gi, pi) in &pairs {
            let g = &gold[gi];
            if g.optional {
                continue;
            }
            tp += 1;
            let p = &pred[pi];
            if p.qualifier.as_str() == g.qualifier {
                qual_ok += 1;
            } else {
                errors.push(format!(
                    "{id}: qualifier of {} {}: {} vs gold {}",
                    g.kind, g.value, p.qualifier, g.qualifier
                ));
            }
            if p.superseded == g.superseded {
                sup_ok += 1;
            } else {
                errors.push(format!("{id}: superseded of {} {}", g.kind, g.value));
            }
        }
        for (gi, g) in gold.iter().enumerate() {
            if !g.optional && !pairs.iter().any(|(x, _)| *x == gi) {
                errors.push(format!(
                    "{id}: missed {} {} subset={}",
                    g.kind, g.value, g.subset
                ));
            }
        }
        for (pi, p) in pred.iter().enumerate() {
            if !pairs.iter().any(|(_, x)| *x == pi) {
                errors.push(format!(
                    "{id}: spurious {} «{}» rule={}",
                    render(p),
                    p.text,
                    p.rule
                ));
            }
        }
        for p in &pred {
            println!("{id}: {}  «{}»  [{}]", render(p), p.text, p.rule);
        }
    }
    let prec = if n_pred > 0 {
        tp as f64 / n_pred as f64
    } else {
        0.0
    };
    let rec = if n_gold > 0 {
        tp as f64 / n_gold as f64
    } else {
        0.0
    };
    let f1 = if prec + rec > 0.0 {
        2.0 * prec * rec / (prec + rec)
    } else {
        0.0
    };
    println!(
        "seeds: P={prec:.3} R={rec:.3} F1={f1:.3} qualifier {qual_ok}/{tp} superseded {sup_ok}/{tp}"
    );
    assert!(errors.is_empty(), "seed errors:\n{}", errors.join("\n"));
    assert_eq!(f1, 1.0);
}

// ---- robustness --------------------------------------------------------------------------

#[test]
fn odd_inputs_do_not_panic() {
    let long_digits = "9".repeat(400);
    let inputs = [
        String::new(),
        " ".to_string(),
        "killed".to_string(),
        "12".to_string(),
        "At least".to_string(),
        format!("{long_digits} people were killed."),
        "Ünïcödé 12 людей погибли, 12 people were killed — «12» ✓ 😀 killed 12.".to_string(),
        "between 1 and".to_string(),
        "killed 12-".to_string(),
        "the toll rose from".to_string(),
        "including".to_string(),
        "a".to_string(),
        "toll toll toll to to 12 12 of of them".to_string(),
        "Of the 40, 12 of them, including 3 of whom, with 4 alone in alone.".to_string(),
        "killed 1.2.3.4 people and 1,2,3 and 99,999,999,999,999 and 12 000 000 000 000".to_string(),
        "‑‑12‑‑ —12— 12‑60 killed".to_string(),
        "A 23‑year‑old man was killed.".to_string(),
    ];
    for s in &inputs {
        let c = clean(s);
        let figs = extract_figures(&c);
        check_spans(&c, &figs, s);
        for f in &figs {
            assert!(f.value <= 10_000_000_000);
        }
    }
    // Hand-made CleanText with sentence spans that do not fit the body: no panic.
    let bad = CleanText {
        body: "é killed 12".to_string(),
        sentences: vec![
            factline_model::Span::new(1, 5),
            factline_model::Span::new(3, 400),
        ],
    };
    let _ = extract_figures(&bad);
}

#[test]
fn dedupes_and_keeps_most_specific_qualifier() {
    let c = clean(
        "Twelve people were killed in the blast. Officials later said at least 12 people were killed. \
         The blast killed 12 people.",
    );
    let figs = extract_figures(&c);
    assert_eq!(figs.len(), 1, "{figs:?}");
    assert_eq!(figs[0].qualifier.as_str(), "at_least");
    assert_eq!(figs[0].sentence, 0);
}

#[test]
fn singular_dropped_when_a_larger_count_exists() {
    let c = clean("A man was shot and killed. Police said 12 people were killed in the attack.");
    let figs = extract_figures(&c);
    assert_eq!(figs.len(), 1, "{figs:?}");
    assert_eq!(figs[0].value, 12);
    let c = clean("A man was shot and killed outside the bar on Friday.");
    let figs = extract_figures(&c);
    assert_eq!(figs.len(), 1, "{figs:?}");
    assert_eq!((figs[0].value, figs[0].text.as_str()), (1, "A man"));
}

#[test]
fn debug() {
    if let Ok(text) = std::env::var("FIGDEBUG") {
        let c = clean(&text);
        for f in extract_figures(&c) {
            println!("{}  «{}» s{} [{}]", render(&f), f.text, f.sentence, f.rule);
        }
    }
}

/// Throughput check: `cargo test --release -p factline-extract --test figures throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let mut texts = Vec::new();
    let dir = manifest().join("../../../shared/seeds");
    if let Ok(rd) = fs::read_dir(&dir) {
        for e in rd.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                texts.push(seed_body(&fs::read_to_string(e.path()).unwrap()).to_string());
            }
        }
    }
    if std::env::var("THROUGHPUT_CASES").is_ok() {
        for path in case_files() {
            let src = fs::read_to_string(&path).unwrap();
            let all: Vec<String> = parse_cases(&src).into_iter().map(|c| c.text).collect();
            for chunk in all.chunks(8) {
                texts.push(chunk.join("\n\n"));
            }
        }
    }
    let cleaned: Vec<CleanText> = texts.iter().map(|t| clean(t)).collect();
    let bytes: usize = cleaned.iter().map(|c| c.body.len()).sum();
    let rounds: usize = std::env::var("THROUGHPUT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let start = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for c in &cleaned {
            n += extract_figures(c).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let docs = (cleaned.len() * rounds) as f64;
    println!(
        "{} docs of avg {} bytes: {:.0} docs/s, {:.1} MB/s ({n} figures)",
        cleaned.len(),
        bytes / cleaned.len().max(1),
        docs / secs,
        (bytes * rounds) as f64 / secs / 1e6
    );
}

/// Random soup of the words the rules look at: no panic, spans always valid.
#[test]
fn token_soup_never_panics() {
    const WORDS: &[&str] = &[
        "killed",
        "killing",
        "dead",
        "died",
        "injured",
        "wounded",
        "missing",
        "arrested",
        "detained",
        "evacuated",
        "rescued",
        "displaced",
        "homeless",
        "toll",
        "death",
        "rose",
        "to",
        "from",
        "up",
        "at",
        "least",
        "more",
        "than",
        "over",
        "nearly",
        "about",
        "between",
        "and",
        "or",
        "of",
        "the",
        "a",
        "an",
        "them",
        "whom",
        "including",
        "among",
        "with",
        "were",
        "was",
        "have",
        "been",
        "people",
        "others",
        "children",
        "man",
        "police",
        "said",
        "according",
        "lives",
        "loss",
        "claimed",
        "in",
        "alone",
        "Derna",
        "previously",
        "earlier",
        "reported",
        "one",
        "twelve",
        "hundred",
        "dozen",
        "dozens",
        "hundreds",
        "tens",
        "thousands",
        "million",
        "12",
        "1,200",
        "1.2",
        "40-60",
        "2004",
        "3.40",
        "9pm",
        "23-year-old",
        "$",
        "%",
        ",",
        ".",
        ";",
        ":",
        "(",
        ")",
        "-",
        "—",
        "“",
        "”",
        "'",
        "é",
        "😀",
        "Ω",
        "number",
        "count",
        "bodies",
        "no",
        "not",
        "could",
        "aged",
        "Flight",
        "March",
        "was",
        "shot",
        "and",
        "later",
        "hospital",
        "taken",
        "custody",
        "pulled",
        "alive",
        "forced",
        "homes",
        "since",
        "last",
        "year",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..len {
            let w = WORDS[(next() % WORDS.len() as u64) as usize];
            match next() % 7 {
                0 => s.push_str(w),
                1 => {
                    s.push_str(w);
                    s.push('\n');
                }
                _ => {
                    s.push_str(w);
                    s.push(' ');
                }
            }
        }
        let c = clean(&s);
        let figs = extract_figures(&c);
        check_spans(&c, &figs, &s);
    }
}
