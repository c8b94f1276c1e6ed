//! The scoring rules of `../shared/tools/score.py`, reimplemented: figures match on kind,
//! value and subset-or-not (required gold figures first; an optional one matches whatever its
//! subset-ness and counts neither as a hit nor a miss); claims match on kind and actor alias
//! (and target alias when both name one); stories are scored with B-cubed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// Load a JSON Lines file.
pub fn load_jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}:{}: invalid JSON: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Precision, recall, F1 (0 when undefined), as score.py computes them.
pub fn prf(tp: usize, n_pred: usize, n_gold: usize) -> (f64, f64, f64) {
    let p = if n_pred > 0 {
        tp as f64 / n_pred as f64
    } else {
        0.0
    };
    let r = if n_gold > 0 {
        tp as f64 / n_gold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Lowercased aliases of a gold `actor`/`target` (a string, a list, or null).
pub fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.to_lowercase()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_lowercase))
            .collect(),
        _ => Vec::new(),
    }
}

/// score.py's `alias_match`: equal, or (alias longer than 2) one contains the other.
pub fn alias_match(pred: Option<&str>, gold_aliases: &[String]) -> bool {
    let p = pred.unwrap_or("").to_lowercase();
    gold_aliases.iter().any(|a| {
        *a == p || (a.chars().count() > 2 && (p.contains(a.as_str()) || a.contains(p.as_str())))
    })
}

/// Python truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn optional(v: &Value) -> bool {
    v.get("optional").is_some_and(truthy)
}

fn is_subset(v: &Value) -> bool {
    v.get("subset").is_some_and(|s| !s.is_null())
}

/// Greedy one-to-one matching (gold index, predicted index).
pub fn match_figures(gold: &[Value], pred: &[Value]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&gi| optional(&gold[gi])); // stable: required first
    let mut used = BTreeSet::new();
    let mut pairs = Vec::new();
    for gi in order {
        let g = &gold[gi];
        for (pi, p) in pred.iter().enumerate() {
            if used.contains(&pi)
                || p.get("kind") != g.get("kind")
                || p.get("value") != g.get("value")
            {
                continue;
            }
            if !optional(g) && is_subset(p) != is_subset(g) {
                continue;
            }
            used.insert(pi);
            pairs.push((gi, pi));
            break;
        }
    }
    pairs
}

/// Totals of `score.py extract`, with its error lines.
#[derive(Debug, Default)]
pub struct ExtractScore {
    pub fig_tp: usize,
    pub fig_pred: usize,
    pub fig_gold: usize,
    pub qual_ok: usize,
    pub sup_ok: usize,
    pub cl_tp: usize,
    pub cl_pred: usize,
    pub cl_gold: usize,
    /// Gold ids the output lacks.
    pub missing: Vec<String>,
    /// `id: missed …` / `id: spurious …` figure errors.
    pub figure_errors: Vec<String>,
    /// Required gold claims no predicted claim matched.
    pub missed_claims: Vec<String>,
}

impl ExtractScore {
    pub fn figures(&self) -> (f64, f64, f64) {
        prf(self.fig_tp, self.fig_pred, self.fig_gold)
    }
    pub fn claims(&self) -> (f64, f64, f64) {
        prf(self.cl_tp, self.cl_pred, self.cl_gold)
    }
    pub fn table(&self) -> String {
        let f = |t: (f64, f64, f64)| format!("P {:.4}  R {:.4}  F1 {:.4}", t.0, t.1, t.2);
        let m = self.fig_tp.max(1) as f64;
        format!(
            "figures  {}  (tp {} / pred {} / gold {})\n\
             qualifier accuracy {:.4}, superseded accuracy {:.4}\n\
             claims   {}  (tp {} / pred {} / gold {})\n\
             articles missing from output: {:?}",
            f(self.figures()),
            self.fig_tp,
            self.fig_pred,
            self.fig_gold,
            self.qual_ok as f64 / m,
            self.sup_ok as f64 / m,
            f(self.claims()),
            self.cl_tp,
            self.cl_pred,
            self.cl_gold,
            self.missing
        )
    }
}

fn arr(v: &Value, key: &str) -> Vec<Value> {
    v.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// `score.py extract GOLD PRED`.
pub fn score_extract(gold_rows: &[Value], pred_rows: &[Value]) -> ExtractScore {
    let preds: BTreeMap<&str, &Value> = pred_rows
        .iter()
        .filter_map(|p| Some((p.get("id")?.as_str()?, p)))
        .collect();
    let empty = Value::Object(Default::default());
    let mut t = ExtractScore::default();
    for g in gold_rows {
        let id = g["id"].as_str().unwrap_or("?");
        let p = match preds.get(id) {
            Some(p) => *p,
            None => {
                t.missing.push(id.to_string());
                &empty
            }
        };
        let gf = arr(g, "figures");
        let pf = arr(p, "figures");
        let pairs = match_figures(&gf, &pf);
        let matched_g: BTreeSet<usize> = pairs.iter().map(|x| x.0).collect();
        let matched_p: BTreeSet<usize> = pairs.iter().map(|x| x.1).collect();
        let optional_p = pairs.iter().filter(|(gi, _)| optional(&gf[*gi])).count();
        t.fig_tp += pairs.len() - optional_p;
        t.fig_gold += gf.iter().filter(|x| !optional(x)).count();
        t.fig_pred += pf.len() - optional_p;
        for (gi, pi) in &pairs {
            if optional(&gf[*gi]) {
                continue;
            }
            t.qual_ok += usize::from(gf[*gi].get("qualifier") == pf[*pi].get("qualifier"));
            let sup = |v: &Value| v.get("superseded").is_some_and(truthy);
            t.sup_ok += usize::from(sup(&gf[*gi]) == sup(&pf[*pi]));
        }
        for (gi, x) in gf.iter().enumerate() {
            if !matched_g.contains(&gi) && !optional(x) {
                t.figure_errors.push(format!(
                    "{id}: missed {} {} subset={}",
                    x["kind"].as_str().unwrap_or("?"),
                    x["value"],
                    x.get("subset").unwrap_or(&Value::Null)
                ));
            }
        }
        for (pi, x) in pf.iter().enumerate() {
            if !matched_p.contains(&pi) {
                t.figure_errors.push(format!(
                    "{id}: spurious {} {} «{}»",
                    x["kind"].as_str().unwrap_or("?"),
                    x["value"],
                    x["text"].as_str().unwrap_or("")
                ));
            }
        }
        // Claims: kind + actor alias (+ target alias when both name one).
        let gc = arr(g, "claims");
        let pc = arr(p, "claims");
        let mut used = BTreeSet::new();
        let mut used_optional = 0;
        for x in &gc {
            let mut hit = false;
            for (pi, y) in pc.iter().enumerate() {
                if used.contains(&pi)
                    || y.get("kind") != x.get("kind")
                    || !alias_match(y["actor"].as_str(), &names(&x["actor"]))
                {
                    continue;
                }
                let gold_target = x.get("target").is_some_and(truthy);
                let pred_target = y.get("target").is_some_and(truthy);
                if gold_target
                    && pred_target
                    && !alias_match(y["target"].as_str(), &names(&x["target"]))
                {
                    continue;
                }
                used.insert(pi);
                if optional(x) {
                    used_optional += 1;
                } else {
                    t.cl_tp += 1;
                }
                hit = true;
                break;
            }
            if !hit && !optional(x) {
                t.missed_claims.push(format!(
                    "{id}: missed claim {} actor={} target={}",
                    x["kind"].as_str().unwrap_or("?"),
                    x["actor"],
                    x.get("target").unwrap_or(&Value::Null)
                ));
            }
        }
        t.cl_gold += gc.iter().filter(|x| !optional(x)).count();
        t.cl_pred += pc.len() - used_optional;
    }
    t
}

/// B-cubed precision, recall and F1 of `stories --json` against the gold `story` labels,
/// over the gold articles (an article no story lists is alone).
pub fn bcubed(gold_rows: &[Value], stories: &Value) -> (f64, f64, f64) {
    let gold: BTreeMap<&str, &str> = gold_rows
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap_or("?"),
                g["story"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    let mut pred: BTreeMap<String, String> = BTreeMap::new();
    for s in stories.as_array().into_iter().flatten() {
        for a in s["articles"].as_array().into_iter().flatten() {
            let id = a
                .as_str()
                .map(String::from)
                .or_else(|| a["id"].as_str().map(String::from))
                .unwrap_or_default();
            pred.insert(id, s["id"].as_str().unwrap_or("?").to_string());
        }
    }
    let ids: Vec<&str> = gold.keys().copied().collect();
    if ids.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let pred_of = |i: &str| {
        pred.get(i)
            .cloned()
            .unwrap_or_else(|| format!("__alone__{i}"))
    };
    let (mut p_sum, mut r_sum) = (0.0, 0.0);
    for &i in &ids {
        let same_pred: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|j| pred_of(j) == pred_of(i))
            .collect();
        let same_gold = ids.iter().filter(|j| gold[*j] == gold[i]).count();
        let both = same_pred.iter().filter(|j| gold[**j] == gold[i]).count();
        p_sum += both as f64 / same_pred.len() as f64;
        r_sum += both as f64 / same_gold as f64;
    }
    let (p, r) = (p_sum / ids.len() as f64, r_sum / ids.len() as f64);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Where the predicted grouping differs from gold: one line per gold story that is split,
/// and per predicted story that mixes gold stories.
pub fn cluster_errors(gold_rows: &[Value], stories: &Value) -> Vec<String> {
    let mut pred: BTreeMap<String, String> = BTreeMap::new();
    for s in stories.as_array().into_iter().flatten() {
        for a in s["articles"].as_array().into_iter().flatten() {
            if let Some(a) = a.as_str() {
                pred.insert(a.to_string(), s["id"].as_str().unwrap_or("?").to_string());
            }
        }
    }
    let mut by_gold: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut by_pred: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for g in gold_rows {
        let id = g["id"].as_str().unwrap_or("?").to_string();
        let label = g["story"].as_str().unwrap_or("?").to_string();
        let p = pred
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "(not stored)".to_string());
        by_gold
            .entry(label.clone())
            .or_default()
            .entry(p.clone())
            .or_default()
            .push(id.clone());
        by_pred
            .entry(p)
            .or_default()
            .entry(label)
            .or_default()
            .push(id);
    }
    let mut out = Vec::new();
    for (label, parts) in &by_gold {
        if parts.len() > 1 {
            out.push(format!("gold story {label} split over {parts:?}"));
        }
    }
    for (p, parts) in &by_pred {
        if parts.len() > 1 {
            out.push(format!("story {p} mixes gold stories {parts:?}"));
        }
    }
    out
}

#[test]
fn score_rules_match_score_py() {
    use serde_json::json;
    let gold = vec![json!({
        "id": "a", "story": "s",
        "figures": [
            {"kind": "killed", "value": 10, "subset": null},
            {"kind": "killed", "value": 3, "subset": "children"},
            {"kind": "injured", "value": 5, "subset": null, "optional": true}
        ],
        "claims": [{"kind": "accused", "actor": ["Nowhere Front", "NF"], "target": ["Elsewhere"]}]
    })];
    let pred = vec![json!({
        "id": "a",
        "figures": [
            {"kind": "killed", "value": 3, "subset": null, "text": "3 people"},
            {"kind": "killed", "value": 10, "subset": null},
            {"kind": "injured", "value": 5, "subset": "workers"}
        ],
        "claims": [{"kind": "accused", "actor": "the Nowhere Front", "target": "Elsewhere"}]
    })];
    let s = score_extract(&gold, &pred);
    // killed 10 hits; killed 3 is a subset in gold but not in the prediction: missed and
    // spurious; the optional injured figure matches whatever its subset-ness, uncounted.
    assert_eq!((s.fig_tp, s.fig_pred, s.fig_gold), (1, 2, 2), "{s:?}");
    assert_eq!(s.figure_errors.len(), 2, "{s:?}");
    assert_eq!((s.cl_tp, s.cl_pred, s.cl_gold), (1, 1, 1));
    let stories = json!([{"id": "x", "articles": ["a"]}]);
    assert_eq!(bcubed(&gold, &stories).2, 1.0);
}
