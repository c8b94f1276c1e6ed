//! A tiny structural checker for the contract's JSON shapes.
//!
//! A path is dot-separated: `figures[].value` visits `value` of every element of `figures`,
//! `figures.*.history` every value of the `figures` object. A missing key is an error; an
//! empty array or object makes the paths below it vacuous (tests check non-emptiness where
//! their fixtures guarantee it).

use serde_json::Value;

pub const FIGURE_KINDS: &[&str] = &[
    "killed",
    "injured",
    "missing",
    "detained",
    "displaced",
    "evacuated",
    "rescued",
];
pub const QUALIFIERS: &[&str] = &[
    "exact",
    "at_least",
    "more_than",
    "about",
    "nearly",
    "up_to",
    "fewer_than",
    "range",
    "vague",
];
pub const CLAIM_KINDS: &[&str] = &["claimed_responsibility", "accused", "denied", "condemned"];

#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Str,
    OptStr,
    UInt,
    OptUInt,
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    OptDate,
    Array,
    Object,
    Enum(&'static [&'static str]),
}

/// `figures[].kind` → the JSON values it names, with concrete paths (`figures[2].kind`).
fn select<'v>(root: &'v Value, path: &str) -> Result<Vec<(String, &'v Value)>, String> {
    let mut cur: Vec<(String, &Value)> = vec![(String::new(), root)];
    for seg in path.split('.') {
        let (key, each) = match seg.strip_suffix("[]") {
            Some(k) => (k, true),
            None => (seg, false),
        };
        let mut next = Vec::new();
        for (p, v) in cur {
            let (p, v) = if key.is_empty() {
                (p, v)
            } else if key == "*" {
                let Some(obj) = v.as_object() else {
                    return Err(format!("{p}: expected an object, got {v}"));
                };
                for (k, x) in obj {
                    next.push((format!("{p}.{k}"), x));
                }
                continue;
            } else {
                let Some(obj) = v.as_object() else {
                    return Err(format!("{p}: expected an object, got {}", short(v)));
                };
                let here = if p.is_empty() {
                    key.to_string()
                } else {
                    format!("{p}.{key}")
                };
                match obj.get(key) {
                    Some(x) => (here, x),
                    None => return Err(format!("{here}: missing")),
                }
            };
            if each {
                let Some(arr) = v.as_array() else {
                    return Err(format!("{p}: expected an array, got {}", short(v)));
                };
                for (i, x) in arr.iter().enumerate() {
                    next.push((format!("{p}[{i}]"), x));
                }
            } else {
                next.push((p, v));
            }
        }
        cur = next;
    }
    Ok(cur)
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn type_ok(v: &Value, ty: Ty) -> bool {
    match ty {
        Ty::Str => v.is_string(),
        Ty::OptStr => v.is_string() || v.is_null(),
        Ty::UInt => v.is_u64(),
        Ty::OptUInt => v.is_u64() || v.is_null(),
        Ty::Bool => v.is_boolean(),
        Ty::Date => v.as_str().is_some_and(is_date),
        Ty::OptDate => v.is_null() || v.as_str().is_some_and(is_date),
        Ty::Array => v.is_array(),
        Ty::Object => v.is_object(),
        Ty::Enum(names) => v.as_str().is_some_and(|s| names.contains(&s)),
    }
}

/// Check every `(path, type)` of `spec` against `v`, collecting all violations.
pub fn check(v: &Value, spec: &[(&str, Ty)], errors: &mut Vec<String>, context: &str) {
    for (path, ty) in spec {
        match select(v, path) {
            Err(e) => errors.push(format!("{context}: {e}")),
            Ok(found) => {
                for (p, x) in found {
                    if !type_ok(x, *ty) {
                        errors.push(format!("{context}: {p}: expected {ty:?}, got {}", short(x)));
                    }
                }
            }
        }
    }
}

/// Fail with every violation listed.
#[track_caller]
pub fn assert_no_errors(errors: &[String]) {
    assert!(
        errors.is_empty(),
        "{} problem(s):\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
}

/// One line of `factline extract --json`.
pub const EXTRACT_LINE: &[(&str, Ty)] = &[
    ("id", Ty::Str),
    ("source", Ty::Str),
    ("published", Ty::Date),
    ("title", Ty::OptStr),
    ("language", Ty::Str),
    ("event_date", Ty::OptDate),
    ("places", Ty::Array),
    ("places[]", Ty::Str),
    ("figures", Ty::Array),
    ("figures[].kind", Ty::Enum(FIGURE_KINDS)),
    ("figures[].value", Ty::UInt),
    ("figures[].value_max", Ty::OptUInt),
    ("figures[].qualifier", Ty::Enum(QUALIFIERS)),
    ("figures[].subset", Ty::OptStr),
    ("figures[].superseded", Ty::Bool),
    ("figures[].attributed_to", Ty::OptStr),
    ("figures[].text", Ty::Str),
    ("figures[].sentence", Ty::UInt),
    ("figures[].start", Ty::UInt),
    ("figures[].end", Ty::UInt),
    ("claims", Ty::Array),
    ("claims[].kind", Ty::Enum(CLAIM_KINDS)),
    ("claims[].actor", Ty::Str),
    ("claims[].target", Ty::OptStr),
    ("claims[].sentence", Ty::UInt),
    ("claims[].start", Ty::UInt),
    ("claims[].end", Ty::UInt),
];

/// `factline stories --json` (the whole array).
pub const STORIES: &[(&str, Ty)] = &[
    ("[]", Ty::Object),
    ("[].id", Ty::Str),
    ("[].title", Ty::OptStr),
    ("[].event_date", Ty::OptDate),
    ("[].first_seen", Ty::Date),
    ("[].last_seen", Ty::Date),
    ("[].articles", Ty::Array),
    ("[].articles[]", Ty::Str),
    ("[].headline_figures", Ty::Object),
    ("[].headline_figures.*", Ty::UInt),
];

/// `factline story ID --json`.
pub const STORY: &[(&str, Ty)] = &[
    ("id", Ty::Str),
    ("title", Ty::OptStr),
    ("event_date", Ty::OptDate),
    ("places", Ty::Array),
    ("places[]", Ty::Str),
    ("as_of", Ty::Date),
    ("articles", Ty::Array),
    ("articles[].id", Ty::Str),
    ("articles[].published", Ty::Date),
    ("articles[].title", Ty::OptStr),
    ("articles[].source", Ty::Str),
    ("articles[].duplicate_of", Ty::OptStr),
    ("figures", Ty::Object),
    ("figures.*.value", Ty::UInt),
    ("figures.*.qualifier", Ty::Enum(QUALIFIERS)),
    ("figures.*.as_of", Ty::Date),
    ("figures.*.sources", Ty::Array),
    ("figures.*.sources[]", Ty::Str),
    ("figures.*.independent_sources", Ty::UInt),
    ("figures.*.low", Ty::UInt),
    ("figures.*.high", Ty::UInt),
    ("figures.*.conflict", Ty::Bool),
    ("figures.*.revised_down", Ty::Bool),
    ("figures.*.history", Ty::Array),
    ("figures.*.history[].date", Ty::Date),
    ("figures.*.history[].value", Ty::UInt),
    ("figures.*.history[].qualifier", Ty::Enum(QUALIFIERS)),
    ("figures.*.history[].sources", Ty::Array),
    ("figures.*.history[].sources[]", Ty::Str),
    ("subsets", Ty::Array),
    ("subsets[].kind", Ty::Enum(FIGURE_KINDS)),
    ("subsets[].subset", Ty::Str),
    ("subsets[].value", Ty::UInt),
    ("subsets[].qualifier", Ty::Enum(QUALIFIERS)),
    ("subsets[].sources", Ty::Array),
    ("subsets[].sources[]", Ty::Str),
    ("claims", Ty::Array),
    ("claims[].kind", Ty::Enum(CLAIM_KINDS)),
    ("claims[].actor", Ty::Str),
    ("claims[].target", Ty::OptStr),
    ("claims[].sources", Ty::Array),
    ("claims[].sources[]", Ty::Str),
    ("claims[].disputed_by", Ty::Array),
    ("claims[].disputed_by[].kind", Ty::Enum(CLAIM_KINDS)),
    ("claims[].disputed_by[].actor", Ty::Str),
    ("claims[].disputed_by[].sources", Ty::Array),
    ("claims[].disputed_by[].sources[]", Ty::Str),
    ("timeline", Ty::Array),
    ("timeline[].date", Ty::Date),
    ("timeline[].text", Ty::Str),
    ("timeline[].sources", Ty::Array),
    ("timeline[].sources[]", Ty::Str),
    ("briefing", Ty::Str),
];

#[test]
fn schema_checker_reports_missing_and_mistyped_fields() {
    let v: Value = serde_json::json!({
        "figures": [{"kind": "killed", "value": 3}, {"kind": "eaten", "value": "3"}],
        "claims": []
    });
    let mut errors = Vec::new();
    check(
        &v,
        &[
            ("figures[].kind", Ty::Enum(FIGURE_KINDS)),
            ("figures[].value", Ty::UInt),
            ("figures[].subset", Ty::OptStr),
            ("claims[].actor", Ty::Str),
            ("briefing", Ty::Str),
        ],
        &mut errors,
        "t",
    );
    let all = errors.join("\n");
    assert!(all.contains("figures[1].kind: expected Enum"), "{all}");
    assert!(all.contains("figures[1].value: expected UInt"), "{all}");
    assert!(all.contains("figures[0].subset: missing"), "{all}");
    assert!(all.contains("briefing: missing"), "{all}");
    assert!(!all.contains("claims"), "empty array is vacuous: {all}");
}
