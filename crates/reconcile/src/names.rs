//! One actor or authority under several names: "the UN", "U.N." and "United Nations"; "Health
//! Ministry" and "the health ministry". Reports credit figures and claims to whichever name
//! the writer used; a reader counts one authority.

use std::collections::BTreeMap;

/// Words an acronym skips ("Ministry of Health" → "MH", "Department for Transport" → "DT").
const ACRONYM_SKIPS: &[&str] = &["of", "the", "for", "and", "on", "in", "de", "du", "la", "&"];

/// The names a story's reports use, with the one key each stands for.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Plain form (see [`plain`]) → key.
    keys: BTreeMap<String, String>,
    /// Key → the spelling shown: the longest one seen (ties: first in order).
    shown: BTreeMap<String, String>,
}

/// Lowercase, without a leading "the", dots, a possessive "'s" or doubled spaces.
fn plain(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('.', "");
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(lower);
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The initials of a name of two or more words ("united nations" → "un").
fn initials(plain: &str) -> Option<String> {
    let words: Vec<&str> = plain
        .split_whitespace()
        .filter(|w| !ACRONYM_SKIPS.contains(w))
        .collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

impl Names {
    /// The names of one story, in a fixed order (the result does not depend on it beyond
    /// which of two equally long spellings is shown).
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let names: Vec<&str> = names.into_iter().collect();
        let plains: Vec<String> = names.iter().map(|n| plain(n)).collect();
        // An acronym stands for a longer name when exactly one longer name has its initials.
        let mut by_initials: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for p in &plains {
            if let Some(i) = initials(p) {
                let v = by_initials.entry(i).or_default();
                if !v.contains(&p.as_str()) {
                    v.push(p);
                }
            }
        }
        let mut out = Names::default();
        for (name, p) in names.iter().zip(&plains) {
            let key = match by_initials.get(p.as_str()) {
                Some(long) if long.len() == 1 && !p.contains(' ') => long[0].to_string(),
                _ => p.clone(),
            };
            out.keys.insert(p.clone(), key.clone());
            let shown = out.shown.entry(key).or_insert_with(|| name.to_string());
            if name.chars().count() > shown.chars().count() {
                *shown = name.to_string();
            }
        }
        out
    }

    /// The key `name` stands for (names not given to [`Names::new`] key as themselves).
    pub(crate) fn key(&self, name: &str) -> String {
        let p = plain(name);
        self.keys.get(&p).cloned().unwrap_or(p)
    }

    /// The spelling shown for a key.
    pub(crate) fn shown<'a>(&'a self, key: &'a str) -> &'a str {
        self.shown.get(key).map(String::as_str).unwrap_or(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_spellings_meet() {
        let n = Names::new([
            "UN",
            "the United Nations",
            "U.N.",
            "Health Ministry",
            "the health ministry",
            "WHO",
            "World Health Organization",
        ]);
        assert_eq!(n.key("UN"), n.key("United Nations"));
        assert_eq!(n.key("U.N."), n.key("the United Nations"));
        assert_eq!(n.shown(&n.key("UN")), "the United Nations");
        assert_eq!(n.key("Health Ministry"), n.key("the health ministry"));
        assert_eq!(n.key("WHO"), n.key("World Health Organization"));
        assert_ne!(n.key("WHO"), n.key("UN"));
    }

    #[test]
    fn an_acronym_of_two_names_stays_apart() {
        // "NP" could be either: it is left alone.
        let n = Names::new(["NP", "National Police", "New Party"]);
        assert_ne!(n.key("NP"), n.key("National Police"));
        assert_ne!(n.key("National Police"), n.key("New Party"));
    }
}
