//! One sentence → its casualty figures. See the module docs of `figures` for the rules.
//!
//! [`SentenceFigures::run`] applies the passes in this order, one file each:
//! `scan` (quantities and singular persons, and what makes a number no count), `tolls`,
//! `left` and `right` (what ties a number to a casualty word on either side), `markers`
//! (subsets, superseded figures, inherited kinds), `groups` (coordinations, sums, lists,
//! ellipsis), `context` (estimates, lone figures, history) and `attribution` (who a figure is
//! credited to). Victims told one by one are read by `super::victims`, on the same tokens.

use factline_model::{FigureKind, Qualifier};

use super::lexicon::{
    self as lx, AGE, AUX, CHANGE, CODE, CURRENCY, DENY, FUNC, MOD, MODAL, MONEY, MONTH, NEG,
    PERSON, PERSON_SG, PREP, PRON, REPORT, SPECULATIVE, SUP_FILL, SUP_MARK, T_BASE, T_GROUP,
    T_LEFT, T_NOUN, T_OF, T_RIGHT, TIME, TOLL_LINK, Trig,
};
use super::{Cand, is_cap_word, quantities};
use crate::numbers::Toks;

mod attribution;
mod context;
mod groups;
mod left;
mod markers;
mod right;
mod scan;
mod tolls;

const NONE: u32 = u32::MAX;

/// Singular nouns for a perpetrator: "the gunman was arrested" reports one detention.
const SUSPECT_NOUNS: &[&str] = &[
    "suspect",
    "gunman",
    "attacker",
    "assailant",
    "shooter",
    "bomber",
    "perpetrator",
    "culprit",
    "driver",
    "killer",
    "stabber",
    "hijacker",
    "arsonist",
];

/// A candidate: a quantity or singular person phrase, and what the rules made of it.
#[derive(Debug, Clone)]
struct Ph {
    value: u64,
    value_max: Option<u64>,
    qual: Qualifier,
    /// First token (hedge or number).
    first: usize,
    /// Token after the number (or after the noun, for a singular phrase).
    next: usize,
    collective: bool,
    year_like: bool,
    /// "a man", "a 23-year-old woman".
    singular: bool,
    rejected: bool,
    kind: Option<FigureKind>,
    rule: String,
    /// Token index (exclusive) where the figure's text ends.
    text_end: usize,
    subset: Option<String>,
    superseded: bool,
    /// Outdated only if the article also gives a different count of the kind ("earlier said").
    soft_sup: bool,
    /// Marked as elaborating another figure; `Some(rule)` when it should inherit its kind.
    sub_mark: Option<&'static str>,
    /// The subset marker is strong enough to make a figure with its own kind a subset.
    sub_mark_own: bool,
    /// Marked as outdated ("up from 93"); inherits its kind when it has none.
    sup_mark: Option<&'static str>,
    /// Subset words to use if the article has a larger count of the kind before it.
    maybe_sub: Option<String>,
}

/// A right-hand match.
struct Hit {
    kind: FigureKind,
    rule: String,
    text_end: usize,
    /// "were among the dead", "of the dead": a subset of a group.
    group_subset: bool,
    noun: Option<(usize, usize)>,
}

struct NounGroup {
    /// Token after the group (after modifiers even when no person noun was found).
    end: usize,
    /// Token after the person noun, if one was found.
    person_end: Option<usize>,
    /// A casualty adjective before the noun ("40 wounded soldiers").
    adj: Option<(FigureKind, usize)>,
}

pub(crate) struct SentenceFigures<'s, 'a> {
    t: &'s Toks<'a>,
    fl: Vec<u32>,
    tr: Vec<Option<Trig>>,
    ph: Vec<Ph>,
    start_at: Vec<u32>,
    end_at: Vec<u32>,
}

impl<'s, 'a> SentenceFigures<'s, 'a> {
    pub(crate) fn new(t: &'s Toks<'a>) -> Self {
        let n = t.len();
        let mut fl = Vec::with_capacity(n);
        let mut tr = Vec::with_capacity(n);
        for i in 0..n {
            let w = t.lw(i);
            fl.push(lx::flags(w));
            tr.push(lx::trigger(w));
        }
        SentenceFigures {
            t,
            fl,
            tr,
            ph: Vec::new(),
            start_at: vec![NONE; n + 1],
            end_at: vec![NONE; n + 2],
        }
    }

    // ---- token helpers -------------------------------------------------------------------

    fn n(&self) -> usize {
        self.t.len()
    }
    fn lw(&self, i: usize) -> &'a str {
        self.t.lw(i)
    }
    /// The word `d` tokens before `i`, or "".
    fn back(&self, i: usize, d: usize) -> &'a str {
        if i >= d { self.t.lw(i - d) } else { "" }
    }
    fn f(&self, i: usize) -> u32 {
        self.fl.get(i).copied().unwrap_or(0)
    }
    fn has(&self, i: usize, flag: u32) -> bool {
        self.f(i) & flag != 0
    }
    fn trig(&self, i: usize) -> Option<Trig> {
        self.tr.get(i).copied().flatten()
    }
    fn trig_has(&self, i: usize, role: u8) -> bool {
        self.trig(i).is_some_and(|t| t.has(role))
    }
    fn punct(&self, i: usize) -> bool {
        self.t.is_punct(i)
    }
    fn phrase_at(&self, i: usize) -> Option<usize> {
        self.start_at
            .get(i)
            .copied()
            .filter(|&p| p != NONE)
            .map(|p| p as usize)
    }
    fn phrase_ending_at(&self, i: usize) -> Option<usize> {
        self.end_at
            .get(i)
            .copied()
            .filter(|&p| p != NONE)
            .map(|p| p as usize)
    }
    fn month(&self, i: usize) -> bool {
        if !self.has(i, MONTH) {
            return false;
        }
        // "may" and "march" are words too: only capitalised they are months.
        !matches!(self.lw(i), "may" | "march") || is_cap_word(self.t, i)
    }
    /// A noun naming people: "people", "officers", "Palestinians".
    fn person(&self, i: usize) -> bool {
        if self.has(i, PERSON | PERSON_SG) {
            return true;
        }
        let w = self.lw(i);
        is_cap_word(self.t, i)
            && w.len() > 3
            && w.ends_with('s')
            && !w.contains(['\'', '’'])
            && self.f(i) & (DENY | FUNC | MONTH | AUX) == 0
            && self.trig(i).is_none()
    }
    /// A word that may stand between a number and its person noun.
    fn modifier(&self, i: usize) -> bool {
        if !self.t.is_word(i) || self.trig_has(i, T_RIGHT) {
            return false;
        }
        // "12 other people": "other" is a function word that does modify.
        if self.has(i, FUNC | AUX | MONTH) && self.lw(i) != "other" {
            return false;
        }
        self.has(i, MOD) || is_cap_word(self.t, i) || self.lw(i).contains('-')
    }
    /// An unknown lowercase plural, read as a noun for people ("holidaymakers").
    fn unknown_plural(&self, i: usize) -> bool {
        let w = self.lw(i);
        self.t.is_word(i)
            && self.f(i) == 0
            && self.trig(i).is_none()
            && !is_cap_word(self.t, i)
            && w.len() >= 4
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("'s")
            && !w.ends_with("’s")
            && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    }
    fn person_ahead(&self, i: usize) -> bool {
        self.person(i)
            || (self.modifier(i) && self.person(i + 1))
            || (self.modifier(i) && self.modifier(i + 1) && self.person(i + 2))
    }
    fn text_of(&self, from: usize, to: usize) -> Option<String> {
        if from >= to || to > self.n() {
            return None;
        }
        let s = self.t.toks[from].start;
        let e = self.t.toks[to - 1].end;
        // Offsets are into the body; the lowercase copy has the same layout, but we want
        // the body's own casing: rebuild from the tokens' text.
        let mut out = String::with_capacity(e - s);
        let mut last_end = s;
        for tok in &self.t.toks[from..to] {
            if tok.start > last_end && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(tok.text);
            last_end = tok.end;
        }
        Some(out)
    }

    // ---- the pipeline --------------------------------------------------------------------

    /// The figures of the sentence, and the last source it names. `prev_kind` is the kind
    /// of the previous sentence's last main figure, `prev_source` the last source it named
    /// (what "he said" refers to).
    pub(crate) fn run(
        mut self,
        prev_kind: Option<FigureKind>,
        prev_source: Option<&str>,
    ) -> (Vec<Cand>, Option<String>) {
        let sites = self.attribution_sites(prev_source);
        let last_source = sites.last().map(|(_, s)| s.clone());
        self.scan();
        if self.ph.is_empty() {
            return (Vec::new(), last_source);
        }
        for p in 0..self.ph.len() {
            self.ph[p].rejected = self.rejected(p);
        }
        self.tolls();
        for p in 0..self.ph.len() {
            if !self.ph[p].rejected && self.ph[p].kind.is_none() {
                self.own_trigger(p);
            }
        }
        for p in 0..self.ph.len() {
            if !self.ph[p].rejected {
                self.markers(p);
            }
        }
        self.inherit(prev_kind);
        self.alone();
        self.coordination();
        self.sums();
        self.lists();
        self.ellipsis();
        self.historical();
        self.estimates();
        let mut out = Vec::new();
        for p in &self.ph {
            let Some(kind) = p.kind else { continue };
            if p.rejected || p.value == 0 {
                continue;
            }
            if p.singular
                && self.lw(p.first) == "the"
                && (kind != FigureKind::Detained || p.subset.is_some())
            {
                continue;
            }
            let end_tok = p.text_end.clamp(p.first + 1, self.n());
            let start = self.t.toks[p.first].start;
            let end = self.t.toks[end_tok - 1].end;
            let attributed = self.credit(&sites, p.first);
            out.push(Cand {
                kind,
                value: p.value,
                value_max: p.value_max,
                qualifier: p.qual,
                subset: p.subset.clone(),
                superseded: p.superseded,
                soft_superseded: p.soft_sup && !p.superseded,
                maybe_subset: if p.subset.is_none() {
                    p.maybe_sub.clone()
                } else {
                    None
                },
                part_of_larger: if p.subset.is_none() && !p.superseded {
                    self.specific_noun(p)
                } else {
                    None
                },
                attributed_to: attributed,
                start,
                end,
                sentence: 0,
                rule: p.rule.clone(),
                fate_open: false,
            });
        }
        (out, last_source)
    }

    /// The person noun of a figure when it names a kind of people ("miners", "police
    /// officers"), not people in general: such a count is part of a larger count of its kind
    /// when the article gives one.
    fn specific_noun(&self, p: &Ph) -> Option<String> {
        // "The two officers involved were arrested": people already identified, not a share
        // of the count.
        if p.singular
            || matches!(
                self.back(p.first, 1),
                "the" | "those" | "these" | "its" | "their"
            )
            || p.rule.starts_with("toll")
            || p.rule.starts_with("lives")
            || p.rule.starts_with("coordinated")
        {
            return None;
        }
        let ng = self.noun_group(p.next, p.collective);
        let e = ng.person_end?;
        let mut a = p.next;
        if p.collective && self.lw(a) == "of" {
            a += 1;
        }
        if ng.adj.is_some_and(|(_, at)| at == a) {
            a += 1;
        }
        if a >= e {
            return None;
        }
        if self.generic_noun(a, e) {
            return None;
        }
        self.text_of(a, e)
    }

    /// Do the words `a..e` name people in general ("people", "12 other residents")?
    fn generic_noun(&self, a: usize, e: usize) -> bool {
        (a..e).any(|m| {
            matches!(
                self.lw(m),
                "people"
                    | "persons"
                    | "individuals"
                    | "others"
                    | "victims"
                    | "survivors"
                    | "other"
                    | "more"
                    | "additional"
                    | "further"
                    | "new"
                    | "residents"
                    | "inhabitants"
                    | "families"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn phrases(s: &str) -> Vec<(u64, bool)> {
        let lower = s.to_ascii_lowercase();
        let t = Toks::new(tokenize(s, 0, s.len()), &lower);
        let mut sf = SentenceFigures::new(&t);
        sf.scan();
        sf.ph.iter().map(|p| (p.value, p.singular)).collect()
    }

    #[test]
    fn scans_quantities_and_singulars() {
        assert_eq!(phrases("a man and 12 others"), vec![(1, true), (12, false)]);
        assert_eq!(phrases("a 23-year-old was held"), vec![(1, true)]);
        assert_eq!(phrases("a concert hall"), vec![]);
        assert_eq!(phrases("a police officer died"), vec![(1, true)]);
    }
}
