//! One sentence → its casualty figures. See the module docs of `figures` for the rules.

use factline_model::{FigureKind, Qualifier};

use super::lexicon::{
    self as lx, AGE, AUX, CHANGE, CODE, CURRENCY, DENY, FUNC, MOD, MODAL, MONEY, MONTH, NEG,
    PERSON, PERSON_SG, PREP, PRON, REPORT, SPECULATIVE, SUP_FILL, SUP_MARK, T_BASE, T_GROUP,
    T_LEFT, T_NOUN, T_OF, T_RIGHT, TIME, TOLL_LINK, Trig,
};
use super::{Cand, is_cap_word, quantities};
use crate::numbers::Toks;

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

    /// Read quantities and singular person phrases.
    fn scan(&mut self) {
        let qs = quantities(self.t);
        let mut covered = vec![false; self.n() + 1];
        for q in &qs {
            for c in covered.iter_mut().take(q.next).skip(q.first) {
                *c = true;
            }
            self.ph.push(Ph {
                value: q.value,
                value_max: q.value_max,
                qual: q.qualifier,
                first: q.first,
                next: q.next,
                collective: q.card.collective,
                year_like: q.card.year_like,
                singular: false,
                rejected: false,
                kind: None,
                rule: String::new(),
                text_end: q.next,
                subset: None,
                superseded: false,
                soft_sup: false,
                sub_mark: None,
                sub_mark_own: false,
                sup_mark: None,
                maybe_sub: None,
            });
        }
        for (i, _) in covered
            .iter()
            .enumerate()
            .take(self.n())
            .filter(|(_, c)| !**c)
        {
            if let Some(end) = self.singular_at(i) {
                self.ph.push(Ph {
                    value: 1,
                    value_max: None,
                    qual: Qualifier::Exact,
                    first: i,
                    next: end,
                    collective: false,
                    year_like: false,
                    singular: true,
                    rejected: false,
                    kind: None,
                    rule: String::new(),
                    text_end: end,
                    subset: None,
                    superseded: false,
                    soft_sup: false,
                    sub_mark: None,
                    sub_mark_own: false,
                    sup_mark: None,
                    maybe_sub: None,
                });
            }
        }
        self.ph.sort_by_key(|p| p.first);
        for (k, p) in self.ph.iter().enumerate() {
            self.start_at[p.first] = k as u32;
            if p.next < self.end_at.len() {
                self.end_at[p.next] = k as u32;
            }
        }
    }

    /// An age adjective at `k` ("23-year-old", "23 years old", "nine-year-old"): the token
    /// after it.
    fn age_at(&self, k: usize) -> Option<usize> {
        if self.t.is_number(k)
            && matches!(self.lw(k + 1), "-" | "‑")
            && ["year", "month", "week", "day"]
                .iter()
                .any(|u| self.lw(k + 2).starts_with(u))
        {
            return Some(k + 3);
        }
        if self.t.is_number(k)
            && matches!(self.lw(k + 1), "year" | "years")
            && self.lw(k + 2) == "old"
        {
            return Some(k + 3);
        }
        let w = self.lw(k);
        (w.contains("-year-old") || w.contains("-month-old") || w.contains("‑year‑old"))
            .then_some(k + 1)
    }

    /// A lowercase word the tables do not know, read as part of a noun phrase ("coast").
    fn plain_word(&self, k: usize) -> bool {
        self.t.is_word(k) && self.f(k) == 0 && self.trig(k).is_none() && !is_cap_word(self.t, k)
    }

    /// "a man", "an elderly woman", "a 23-year-old", "a police officer": token after the phrase.
    fn singular_at(&self, i: usize) -> Option<usize> {
        if self.lw(i) == "the" {
            // "the gunman was arrested": a definite suspect counts for detentions only.
            let k = if self.modifier(i + 1) && !self.has(i + 1, PERSON_SG) {
                i + 2
            } else {
                i + 1
            };
            if SUSPECT_NOUNS.contains(&self.lw(k)) {
                return Some(k + 1);
            }
            // "the 58-year-old signalman detained on Friday": so does anyone described by
            // age and detained.
            let k = self.age_at(i + 1)?;
            // "the 19-year-old detained last week", "the 34-year-old lorry driver detained".
            let noun = |m: usize| {
                self.t.is_word(m)
                    && self.trig(m).is_none()
                    && self.f(m) & (FUNC | AUX | NEG | MODAL | REPORT) == 0
            };
            let k = if self.trig(k).is_some() {
                k
            } else if noun(k) && noun(k + 1) {
                k + 2
            } else if noun(k) {
                k + 1
            } else {
                return None;
            };
            let held = self
                .trig(k)
                .is_some_and(|t| t.kind == FigureKind::Detained && t.has(T_RIGHT));
            return held.then_some(k);
        }
        if !matches!(self.lw(i), "a" | "an") {
            return None;
        }
        let mut k = i + 1;
        let mut mods = 0;
        let mut age = false;
        while mods < 4 {
            if let Some(e) = self.age_at(k) {
                k = e;
                age = true;
                mods += 1;
                continue;
            }
            // "a coast guard diver", "a security guard".
            if self.has(k, PERSON_SG) && self.has(k + 1, PERSON_SG) && !self.has(k, PERSON) {
                k += 1;
                mods += 1;
                continue;
            }
            if self.plain_word(k)
                && (self.has(k + 1, PERSON_SG)
                    || (self.plain_word(k + 1) || self.has(k + 1, MOD))
                        && self.has(k + 2, PERSON_SG))
            {
                k += 1;
                mods += 1;
                continue;
            }
            if self.has(k, PERSON_SG) {
                return Some(k + 1);
            }
            if self.has(k, PERSON) && self.has(k + 1, PERSON_SG) {
                // "a police officer", "a crew member".
                k += 1;
                mods += 1;
                continue;
            }
            if self.modifier(k) && !self.has(k, PERSON) {
                k += 1;
                mods += 1;
                continue;
            }
            break;
        }
        age.then_some(k)
    }

    /// Filters that make a number no count of people, whatever triggers surround it.
    fn rejected(&self, pi: usize) -> bool {
        let p = &self.ph[pi];
        if p.singular {
            return false;
        }
        let a = p.first;
        let nx = p.next;
        let prev = self.back(a, 1);
        if p.value == 0 {
            return true;
        }
        // Money, percentages.
        if a > 0 && self.has(a - 1, CURRENCY) {
            return true;
        }
        if matches!(self.lw(nx), "%" | "percent" | "pc" | "pct" | "per") || self.has(nx, MONEY) {
            return true;
        }
        // Ages: "aged 34", "(34)", "children under 12", "34 years old".
        if a > 0 && self.has(a - 1, AGE) {
            return true;
        }
        if prev == "(" && self.lw(nx) == ")" {
            return true;
        }
        if matches!(self.lw(nx), "year" | "years" | "month" | "months")
            && matches!(self.lw(nx + 1), "old" | "of" | "-")
        {
            return true;
        }
        // "a mother of 12 killed in crossfire", "father to two boys": children, not victims.
        if matches!(prev, "of" | "to")
            && a >= 2
            && matches!(
                self.back(a, 2),
                "mother" | "father" | "parent" | "mom" | "dad" | "grandmother" | "grandfather"
            )
        {
            return true;
        }
        // "November 28, 2005 Ten people were killed": a date's year, then the count.
        if p.year_like
            && (self.t.is_number(nx) || crate::numbers::number_word(self.lw(nx)).is_some())
        {
            return true;
        }
        // Ages written loosely: "15 year-old Jordan", "a 17 year-old girl".
        let after = if matches!(self.lw(nx), "-" | "‑") {
            nx + 1
        } else {
            nx
        };
        if ["year-old", "years-old", "month-old", "week-old", "yr-old"]
            .iter()
            .any(|u| self.lw(after).starts_with(u))
        {
            return true;
        }
        // An age in commas after a name or a person: "Laprida Shears, 25, of Tyler",
        // "the driver, 41, and ...".
        if p.qual == Qualifier::Exact
            && p.value <= 120
            && prev == ","
            && a >= 2
            && (is_cap_word(self.t, a - 2) || self.has(a - 2, PERSON_SG))
            && (matches!(self.lw(nx), "," | "." | ")" | ";" | "and" | "of") || nx >= self.n())
        {
            return true;
        }
        if matches!(p.qual, Qualifier::MoreThan | Qualifier::FewerThan)
            && matches!(self.lw(a), "over" | "under" | "above" | "below")
            && a > 0
            && (self.person(a - 1) || matches!(prev, "those" | "anyone" | "everyone" | "aged"))
        {
            return true;
        }
        // Dates and times.
        if a > 0 && self.month(a - 1) {
            return true;
        }
        if self.month(nx) || (self.lw(nx) == "of" && self.month(nx + 1)) {
            return true;
        }
        if self.has(nx, TIME) || (matches!(self.lw(nx), "a" | "p") && self.lw(nx + 1) == ".") {
            return true;
        }
        if p.year_like && !(self.person_ahead(nx) || self.trig(nx).is_some()) {
            return true;
        }
        // "an earthquake in 2015 killed", "the floods of 1998 displaced": a year after a
        // preposition, even with a casualty word next; only a person noun makes it a count.
        if p.year_like
            && p.qual == Qualifier::Exact
            && matches!(
                prev,
                "in" | "since" | "during" | "until" | "till" | "before" | "after" | "by" | "of"
            )
            && !self.person_ahead(nx)
        {
            return true;
        }
        // Labels: "Flight 302", "Route 9", "No. 5".
        if a > 0 && self.has(a - 1, CODE) && self.trig(a - 1).is_none() {
            return true;
        }
        if prev == "." && matches!(self.back(a, 2), "no" | "nos") {
            return true;
        }
        if prev == "#" {
            return true;
        }
        // Ratios: "one in five".
        if self.lw(nx) == "in"
            && (self.t.is_number(nx + 1) || crate::numbers::number_word(self.lw(nx + 1)).is_some())
        {
            return true;
        }
        // Negation shortly before: "none of the 40", "no one among the 12".
        for k in (a.saturating_sub(3)..a).rev() {
            if self.punct(k) {
                break;
            }
            if self.has(k, NEG) {
                return true;
            }
        }
        // Partitive totals: "12 of the 40 passengers", "one of 40", "out of 40".
        let of_at = if prev == "of" {
            Some(a - 1)
        } else if matches!(prev, "the" | "those" | "these") && self.back(a, 2) == "of" {
            Some(a - 2)
        } else {
            None
        };
        if let Some(o) = of_at
            && o > 0
            && (self.phrase_ending_at(o).is_some()
                || matches!(
                    self.lw(o - 1),
                    "none"
                        | "one"
                        | "all"
                        | "most"
                        | "some"
                        | "many"
                        | "half"
                        | "both"
                        | "each"
                        | "any"
                        | "several"
                        | "out"
                        | "majority"
                        | "few"
                        | "two-thirds"
                        | "third"
                        | "quarter"
                        | "dozens"
                        | "hundreds"
                        | "thousands"
                ))
        {
            // "one of 12 people killed": the total is itself a casualty count when the
            // casualty word follows its noun directly; "12 of the 40 passengers were killed"
            // is not.
            let e = self.noun_group(nx, p.collective).person_end.unwrap_or(nx);
            let direct = self.trig_has(e, T_RIGHT) && self.lw(o - 1) != "out";
            if !direct {
                return true;
            }
        }
        self.deny_after(nx, p.collective)
    }

    /// Does a non-person noun follow the number ("300 homes", "two decades", "12 residential
    /// buildings")?
    fn deny_after(&self, j: usize, collective: bool) -> bool {
        let mut k = j;
        if collective && self.lw(k) == "of" {
            k += 1;
        }
        for _ in 0..3 {
            // "25 rescued dogs": a casualty adjective on a non-person noun.
            if self.trig_has(k, T_RIGHT) && self.has(k + 1, DENY) && !self.person_ahead(k + 2) {
                return true;
            }
            if self.person(k) || self.trig(k).is_some() {
                return false;
            }
            if self.has(k, DENY) {
                return !self.person_ahead(k + 1);
            }
            if self.has(k, MONEY | TIME) {
                return true;
            }
            let unknown = self.t.is_word(k) && self.f(k) == 0 && !is_cap_word(self.t, k);
            if self.modifier(k) || unknown {
                k += 1;
                continue;
            }
            return false;
        }
        false
    }

    fn set(&mut self, p: usize, kind: FigureKind, rule: String, text_end: usize) {
        let ph = &mut self.ph[p];
        ph.kind = Some(kind);
        ph.rule = rule;
        ph.text_end = text_end.max(ph.next.min(text_end.max(ph.first + 1)));
    }

    // ---- tolls ---------------------------------------------------------------------------

    /// "toll", "death toll", "the number of dead", "the tally of injured", "deaths rose".
    fn toll_head(&self, h: usize) -> Option<(FigureKind, usize, &'static str)> {
        let w = self.lw(h);
        match w {
            "toll" | "tolls" => {
                let kind = if matches!(self.back(h, 1), "injury" | "injuries") {
                    FigureKind::Injured
                } else {
                    FigureKind::Killed
                };
                if self.lw(h + 1) == "on" {
                    return None;
                }
                Some((kind, h + 1, "toll"))
            }
            "count" if matches!(self.back(h, 1), "death" | "body" | "casualty") => {
                Some((FigureKind::Killed, h + 1, "toll"))
            }
            "number" | "tally" | "count" | "total" if self.lw(h + 1) == "of" => {
                let mut k = h + 2;
                let mut skipped = 0;
                while skipped < 3
                    && matches!(
                        self.lw(k),
                        "people"
                            | "those"
                            | "persons"
                            | "civilians"
                            | "confirmed"
                            | "reported"
                            | "the"
                            | "individuals"
                            | "residents"
                            | "children"
                            | "officially"
                    )
                {
                    k += 1;
                    skipped += 1;
                }
                let kind = match self.lw(k) {
                    "casualties" => FigureKind::Killed,
                    "homeless" => FigureKind::Displaced,
                    _ => {
                        let t = self.trig(k)?;
                        if !(t.has(T_GROUP) || t.has(T_NOUN) || t.has(T_RIGHT)) {
                            return None;
                        }
                        t.kind
                    }
                };
                Some((kind, k + 1, "toll_number"))
            }
            "deaths" | "fatalities" | "injuries" | "arrests" => {
                let t = self.trig(h)?;
                if self.has(h + 1, CHANGE) || (self.has(h + 1, AUX) && self.has(h + 2, CHANGE)) {
                    Some((t.kind, h + 1, "toll_noun"))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn tolls(&mut self) {
        let n = self.n();
        for h in 0..n {
            let Some((kind, head_end, _name)) = self.toll_head(h) else {
                continue;
            };
            let limit = (head_end + 16).min(n);
            let mut k = head_end;
            let mut estimated = false;
            while k < limit {
                let w = self.lw(k);
                if w == ";" || self.has(k, SPECULATIVE) && !matches!(w, "may" | "march") {
                    break;
                }
                if matches!(w, "estimated" | "estimate" | "estimates") {
                    estimated = true;
                }
                if k > head_end && self.toll_head(k).is_some() {
                    break;
                }
                if let Some(pi) = self.phrase_at(k) {
                    let p = &self.ph[pi];
                    let first = p.first;
                    let next = p.next;
                    if p.rejected || p.singular || p.kind.is_some() {
                        k = next.max(k + 1);
                        continue;
                    }
                    let first = self.anchor(first);
                    let link = self.back(first, 1);
                    if link == "from" && first > 0 {
                        self.set(pi, kind, "toll_from".to_string(), next);
                        self.ph[pi].superseded = true;
                        k = next;
                        continue;
                    }
                    let linked =
                        first > 0 && (self.has(first - 1, TOLL_LINK) || first - 1 < head_end);
                    if linked && first > 0 {
                        // "An earlier statement had put the number of dead at 9."
                        // "The death toll, which stood at 17 on Monday, ...": a past value.
                        if (head_end..first).any(|m| {
                            matches!(self.lw(m), "which" | "that") && self.back(m, 1) == ","
                        }) && (head_end..first)
                            .any(|m| matches!(self.lw(m), "stood" | "was" | "had"))
                        {
                            self.ph[pi].soft_sup = true;
                        }
                        if (h.saturating_sub(8)..first).any(|m| {
                            self.has(m, SUP_MARK) && (m..first).all(|x| self.phrase_at(x).is_none())
                        }) {
                            self.ph[pi].soft_sup = true;
                        }
                        let ng = self.noun_group(next, self.ph[pi].collective);
                        let text_end = ng.person_end.unwrap_or(next);
                        self.set(
                            pi,
                            kind,
                            format!("toll_{}", if link == ":" { "colon" } else { link }),
                            text_end,
                        );
                        let q = &mut self.ph[pi].qual;
                        if *q == Qualifier::Exact {
                            if matches!(
                                link,
                                "topped"
                                    | "tops"
                                    | "passed"
                                    | "passes"
                                    | "surpassed"
                                    | "surpasses"
                                    | "exceeded"
                                    | "exceeds"
                                    | "crossed"
                                    | "crosses"
                            ) {
                                *q = Qualifier::MoreThan;
                            } else if matches!(
                                link,
                                "neared"
                                    | "nears"
                                    | "nearing"
                                    | "approached"
                                    | "approaches"
                                    | "approaching"
                            ) {
                                *q = Qualifier::Nearly;
                            } else if estimated {
                                *q = Qualifier::About;
                            }
                        }
                        break;
                    }
                    k = next.max(k + 1);
                    continue;
                }
                k += 1;
            }
        }
    }

    // ---- own triggers --------------------------------------------------------------------

    fn own_trigger(&mut self, p: usize) {
        if let Some((kind, rule, end)) = self.lives(p) {
            self.set(p, kind, rule, end);
            return;
        }
        if let Some((kind, rule, end)) = self.left(p) {
            self.set(p, kind, rule, end);
            return;
        }
        if let Some(hit) = self.right(p) {
            let noun = hit.noun;
            if let Some(c) = hit
                .rule
                .find("in ")
                .filter(|_| hit.rule.ends_with(" condition") || hit.rule.ends_with("in hospital"))
            {
                // "four were in critical condition": part of the injured when a count precedes.
                self.ph[p].maybe_sub = Some(hit.rule[c..].to_string());
            }
            self.set(p, hit.kind, hit.rule, hit.text_end);
            if hit.group_subset {
                let words = noun
                    .and_then(|(a, b)| self.text_of(a, b))
                    .unwrap_or_else(|| "part".to_string());
                self.ph[p].subset = Some(words);
            }
        }
    }

    /// Where a quantity's left context starts, looking through an article and adjectives:
    /// "reached a staggering 133", "claimed a grim total of"... Returns `a` when there are none.
    fn anchor(&self, a: usize) -> usize {
        let adj = |i: usize| {
            matches!(self.lw(i), "reported" | "confirmed" | "official")
                || self.t.is_word(i)
                    && !is_cap_word(self.t, i)
                    && self.f(i) & (FUNC | AUX | PERSON | PERSON_SG | DENY) == 0
                    && self.trig(i).is_none()
                    && self.phrase_ending_at(i + 1).is_none()
        };
        if a >= 2 && adj(a - 1) {
            if matches!(self.back(a, 2), "a" | "an") {
                return a - 2;
            }
            if a >= 3 && adj(a - 2) && matches!(self.back(a, 3), "a" | "an") {
                return a - 3;
            }
        }
        a
    }

    /// Modal or negation just before a verb at `v`: "could have killed", "did not kill".
    fn hypothetical_before(&self, v: usize) -> bool {
        for d in 1..=3 {
            if v < d || self.punct(v - d) {
                break;
            }
            let f = self.f(v - d);
            if f & (MODAL | NEG) != 0 && !self.month(v - d) {
                return true;
            }
            if f & AUX == 0 && !matches!(self.lw(v - d), "to" | "have" | "be" | "been") {
                break;
            }
        }
        false
    }

    /// "the loss of 93 lives", "claimed 40 lives", "40 lives were lost", "the lives of 133".
    fn lives(&self, p: usize) -> Option<(FigureKind, String, usize)> {
        let ph = &self.ph[p];
        let a = self.anchor(ph.first);
        let l1 = self.back(a, 1);
        let l2 = self.back(a, 2);
        let verb = |w: &str| {
            matches!(
                w,
                "claimed"
                    | "claiming"
                    | "claims"
                    | "claim"
                    | "took"
                    | "taking"
                    | "takes"
                    | "take"
                    | "cost"
                    | "costing"
                    | "costs"
                    | "ended"
                    | "ending"
                    | "snuffed"
                    | "lost"
            )
        };
        if matches!(self.lw(ph.next), "lives" | "life") {
            let left_ok = (verb(l1) && !self.hypothetical_before(a - 1))
                || (l1 == "of" && matches!(l2, "loss" | "losses"));
            let mut k = ph.next + 1;
            while k < ph.next + 4
                && matches!(
                    self.lw(k),
                    "were" | "was" | "have" | "had" | "has" | "been" | "are"
                )
            {
                k += 1;
            }
            let right_ok = self.lw(k) == "lost";
            if left_ok || right_ok {
                return Some((FigureKind::Killed, "lives".to_string(), ph.next + 1));
            }
        }
        if l1 == "of" && l2 == "lives" && a >= 3 {
            let v = if matches!(self.back(a, 3), "the" | "their") {
                a.saturating_sub(4)
            } else {
                a - 3
            };
            let ng = self.noun_group(ph.next, ph.collective);
            // "the lives of 40 people were lost".
            let mut k = ng.end;
            while k < ng.end + 3 && matches!(self.lw(k), "were" | "was" | "have" | "had" | "been") {
                k += 1;
            }
            let lost = self.lw(k) == "lost" && k > ng.end;
            if ((verb(self.lw(v)) || self.lw(v) == "loss") && !self.hypothetical_before(v)) || lost
            {
                return Some((
                    FigureKind::Killed,
                    "lives_of".to_string(),
                    ng.person_end.unwrap_or(ph.next),
                ));
            }
        }
        None
    }

    /// A casualty verb or "noun of" just before the quantity.
    fn left(&self, p: usize) -> Option<(FigureKind, String, usize)> {
        let ph = &self.ph[p];
        let a = self.anchor(ph.first);
        if a == 0 {
            return None;
        }
        let l = a - 1;
        let ng = || self.noun_group(ph.next, ph.collective);
        if let Some(t) = self.trig(l)
            && t.has(T_LEFT)
        {
            if t.has(T_BASE)
                && (self.back(l, 1) == "to" || self.has(l.wrapping_sub(1), MODAL | NEG))
            {
                return None;
            }
            if self.hypothetical_before(l) {
                return None;
            }
            // "killing or injuring 40": which is which is unknown.
            if matches!(self.back(l, 1), "or" | "and" | "and/or")
                && l >= 2
                && self
                    .trig(l - 2)
                    .is_some_and(|t2| t2.has(T_LEFT) && t2.kind != t.kind)
            {
                return None;
            }
            // "saved 30 lives" is no rescue count.
            if matches!(self.lw(ph.next), "lives" | "life") {
                return None;
            }
            let g = ng();
            // "pulled 12 people alive" is a rescue whatever the verb.
            return Some((
                t.kind,
                format!("verb_before:{}", self.lw(l)),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        if self.lw(l) == "of"
            && l > 0
            && let Some(t) = self.trig(l - 1)
            && t.has(T_OF)
        {
            let g = ng();
            return Some((
                t.kind,
                format!("noun_of:{}", self.lw(l - 1)),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        // "forced tens of thousands to flee", "drove 3,000 people from their homes".
        if matches!(
            self.lw(l),
            "forced" | "forcing" | "forces" | "force" | "driven" | "driving" | "drove" | "drives"
        ) && !self.hypothetical_before(l)
        {
            let g = ng();
            let e = g.end;
            let flee = self.lw(e) == "to"
                && matches!(self.lw(e + 1), "flee" | "leave" | "abandon" | "evacuate");
            let from = matches!(self.lw(e), "from" | "out")
                && (e + 1..e + 4)
                    .any(|m| matches!(self.lw(m), "homes" | "home" | "houses" | "villages"));
            if flee || from {
                let kind = if self.lw(e + 1) == "evacuate" {
                    FigureKind::Evacuated
                } else {
                    FigureKind::Displaced
                };
                return Some((
                    kind,
                    format!("verb_before:{}", self.lw(l)),
                    g.person_end.unwrap_or(ph.next),
                ));
            }
        }
        // "left dozens of others with burns", "leaving 40 people with serious injuries".
        if matches!(self.lw(l), "left" | "leaving" | "leaves" | "leave")
            && !self.hypothetical_before(l)
        {
            let g = ng();
            if (g.person_end.is_some() || g.end == ph.next) && self.lw(g.end) == "with" {
                let hurt = (g.end + 1..g.end + 5)
                    .take_while(|&m| !self.punct(m))
                    .any(|m| {
                        matches!(
                            self.lw(m),
                            "burns" | "injuries" | "injury" | "wounds" | "fractures"
                        )
                    });
                if hurt {
                    return Some((
                        FigureKind::Injured,
                        format!("verb_before:{} with", self.lw(l)),
                        g.person_end.unwrap_or(ph.next),
                    ));
                }
            }
        }
        // "took two men into custody", "placed 12 people under arrest".
        if matches!(
            self.lw(l),
            "taken" | "took" | "taking" | "takes" | "placed" | "placing" | "put" | "putting"
        ) && !self.hypothetical_before(l)
        {
            let g = ng();
            let e = g.end;
            let custody = matches!(self.lw(e), "into" | "in") && self.lw(e + 1) == "custody";
            let arrest = self.lw(e) == "under" && self.lw(e + 1) == "arrest";
            if custody || arrest {
                return Some((
                    FigureKind::Detained,
                    format!("verb_before:{}", self.lw(l)),
                    g.person_end.unwrap_or(ph.next),
                ));
            }
        }
        // "Dead: 12", "Injured: 40" (lists and tables).
        if self.lw(l) == ":"
            && l > 0
            && let Some(t) = self.trig(l - 1)
            && (t.has(T_GROUP) || t.has(T_RIGHT) || t.has(T_NOUN))
            && (l == 1 || self.punct(l - 2) || is_cap_word(self.t, l - 1) || self.has(l - 2, FUNC))
        {
            let g = ng();
            return Some((
                t.kind,
                format!("label:{}", self.lw(l - 1)),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        // "rounded up 37 people".
        if self.lw(l) == "up" && self.back(l, 1) == "rounded" && !self.hypothetical_before(l - 1) {
            let g = ng();
            return Some((
                FigureKind::Detained,
                "verb_before:rounded up".to_string(),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        // "pulled 12 people alive from the rubble".
        if matches!(
            self.lw(l),
            "pulled"
                | "pulling"
                | "dug"
                | "digging"
                | "brought"
                | "plucked"
                | "freed"
                | "extracted"
        ) {
            let g = ng();
            if self.lw(g.end) == "alive" {
                return Some((
                    FigureKind::Rescued,
                    format!("verb_before:{}", self.lw(l)),
                    g.person_end.unwrap_or(ph.next),
                ));
            }
        }
        None
    }

    /// Modifiers and person noun after a number: "other people", "Israeli soldiers",
    /// "passengers and crew", "dozens of residents", "40 wounded soldiers".
    fn noun_group(&self, j: usize, collective: bool) -> NounGroup {
        let mut k = j;
        let mut adj = None;
        if let Some(t) = self.trig(k)
            && t.has(T_RIGHT)
            && self.person_ahead(k + 1)
        {
            adj = Some((t.kind, k));
            k += 1;
        }
        if collective
            && self.lw(k) == "of"
            && !matches!(
                self.lw(k + 1),
                "them" | "whom" | "the" | "those" | "these" | "which"
            )
            && self.person_ahead(k + 1)
        {
            k += 1;
        }
        let mut person_end = None;
        let mut mods = 0;
        let quote = |i: usize| matches!(self.lw(i), "\"" | "“" | "”" | "'" | "‘" | "’");
        while k < self.n() {
            if person_end.is_none() && quote(k) && self.person_ahead(k + 1) {
                k += 1;
                continue;
            }
            if self.person(k) && !self.trig_has(k, T_RIGHT) {
                k += 1;
                if quote(k) && self.t.glued(k) {
                    k += 1;
                }
                person_end = Some(k);
                if matches!(self.lw(k), "and" | "or" | "&")
                    && self.person_ahead(k + 1)
                    && self.phrase_at(k + 1).is_none()
                {
                    k += 1;
                }
                continue;
            }
            if person_end.is_some() {
                break;
            }
            if mods < 3 && self.modifier(k) {
                mods += 1;
                k += 1;
                continue;
            }
            if self.unknown_plural(k) {
                k += 1;
                person_end = Some(k);
                continue;
            }
            break;
        }
        NounGroup {
            end: k,
            person_end,
            adj,
        }
    }

    /// ", including three children," / ", police said," between a subject and its verb.
    fn paren_end(&self, k: usize) -> Option<usize> {
        let close = match self.lw(k) {
            "," => ",",
            "(" => ")",
            "–" | "—" => self.lw(k),
            "-" if !self.t.glued(k) => "-",
            _ => return None,
        };
        for m in k + 2..(k + 14).min(self.n()) {
            let w = self.lw(m);
            if w == close {
                if self.finite(m + 1) || self.trig_has(m + 1, T_RIGHT) {
                    return Some(m + 1);
                }
                return None;
            }
            if matches!(w, "." | ";" | ":" | "(" | ")") {
                return None;
            }
        }
        None
    }

    /// The casualty predicate at `k`, if any: (kind, token after it, name).
    fn predicate(&self, k: usize) -> Option<(FigureKind, usize, String)> {
        let w = self.lw(k);
        let w1 = self.lw(k + 1);
        let name = |n: usize| {
            self.text_of(k, n)
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_default()
        };
        let hospital = |from: usize| {
            (from..from + 3).find(|&m| matches!(self.lw(m), "hospital" | "hospitals"))
        };
        match w {
            "lost" if matches!(w1, "their" | "his" | "her" | "its") => {
                return match self.lw(k + 2) {
                    "lives" | "life" => Some((FigureKind::Killed, k + 3, name(k + 3))),
                    "homes" | "home" | "houses" | "house" => {
                        Some((FigureKind::Displaced, k + 3, name(k + 3)))
                    }
                    _ => None,
                };
            }
            "shot" | "found" | "confirmed" | "declared" | "pronounced" if w1 == "dead" => {
                return Some((FigureKind::Killed, k + 2, name(k + 2)));
            }
            "gunned" | "mowed" if w1 == "down" => {
                return Some((FigureKind::Killed, k + 2, name(k + 2)));
            }
            "fatally"
                if matches!(
                    w1,
                    "shot"
                        | "wounded"
                        | "injured"
                        | "stabbed"
                        | "hurt"
                        | "struck"
                        | "hit"
                        | "burned"
                        | "beaten"
                        | "crushed"
                ) =>
            {
                return Some((FigureKind::Killed, k + 2, name(k + 2)));
            }
            "succumbed" => return Some((FigureKind::Killed, k + 1, name(k + 1))),
            "taken" | "rushed" | "admitted" | "airlifted" | "transported" | "sent" | "brought"
            | "flown"
                if matches!(w1, "to" | "into") =>
            {
                if let Some(h) = hospital(k + 2) {
                    return Some((FigureKind::Injured, h + 1, name(h + 1)));
                }
                if w == "taken" && w1 == "into" && self.lw(k + 2) == "custody" {
                    return Some((FigureKind::Detained, k + 3, name(k + 3)));
                }
            }
            "hospitalised" | "hospitalized" => {
                return Some((FigureKind::Injured, k + 1, name(k + 1)));
            }
            "treated" if matches!(w1, "for" | "in" | "at") => {
                return Some((FigureKind::Injured, k + 1, name(k + 1)));
            }
            "in" if w1 == "hospital" => return Some((FigureKind::Injured, k + 2, name(k + 2))),
            "in" if w1 == "custody" => return Some((FigureKind::Detained, k + 2, name(k + 2))),
            // "1,000 people remain in relief camps" (reached only through a verb before it).
            "in" if k > 0 && self.has(k - 1, AUX) && self.shelter_after(k + 1).is_some() => {
                let e = self.shelter_after(k + 1).unwrap_or(k + 1);
                return Some((FigureKind::Displaced, e, name(e)));
            }
            "in" if matches!(w1, "critical" | "serious" | "stable" | "grave")
                && self.lw(k + 2) == "condition" =>
            {
                return Some((FigureKind::Injured, k + 3, name(k + 3)));
            }
            "in" if matches!(w1, "a" | "an")
                && matches!(self.lw(k + 2), "critical" | "serious" | "stable" | "grave")
                && self.lw(k + 3) == "condition" =>
            {
                return Some((FigureKind::Injured, k + 4, name(k + 4)));
            }
            "suffered" | "sustained" | "received" | "suffering" | "sustaining" | "receiving" => {
                for m in k + 1..k + 5 {
                    if matches!(
                        self.lw(m),
                        "injuries" | "injury" | "wounds" | "wound" | "burns" | "fractures"
                    ) {
                        return Some((FigureKind::Injured, m + 1, name(m + 1)));
                    }
                    if self.punct(m) {
                        break;
                    }
                }
            }
            "held" | "remanded" | "placed" | "kept"
                if matches!(w1, "in" | "into") && self.lw(k + 2) == "custody" =>
            {
                return Some((FigureKind::Detained, k + 3, name(k + 3)));
            }
            "placed" | "put" if w1 == "under" && self.lw(k + 2) == "arrest" => {
                return Some((FigureKind::Detained, k + 3, name(k + 3)));
            }
            "under" if w1 == "arrest" => return Some((FigureKind::Detained, k + 2, name(k + 2))),
            "rounded" if w1 == "up" => return Some((FigureKind::Detained, k + 2, name(k + 2))),
            "forced" | "driven" | "chased" if matches!(w1, "from" | "out") => {
                for m in k + 2..k + 6 {
                    if matches!(
                        self.lw(m),
                        "homes" | "home" | "houses" | "villages" | "village"
                    ) {
                        return Some((FigureKind::Displaced, m + 1, name(m + 1)));
                    }
                }
            }
            "forced" if w1 == "to" && self.lw(k + 2) == "flee" => {
                return Some((FigureKind::Displaced, k + 3, name(k + 3)));
            }
            "fled" | "abandoned" | "left" => {
                for m in k + 1..k + 4 {
                    if matches!(self.lw(m), "homes" | "home" | "houses" | "villages") {
                        return Some((FigureKind::Displaced, m + 1, name(m + 1)));
                    }
                    if self.punct(m) {
                        break;
                    }
                }
            }
            // "50,000 people are living in tents", "sheltering in evacuation centres".
            "living" | "sleeping" | "sheltering" | "staying" | "housed" | "camped" | "camping"
                if matches!(w1, "in" | "at") =>
            {
                if let Some(e) = self.shelter_after(k + 2) {
                    return Some((FigureKind::Displaced, e, name(e)));
                }
            }
            "made" | "rendered" if w1 == "homeless" => {
                return Some((FigureKind::Displaced, k + 2, name(k + 2)));
            }
            "pulled" | "dug" | "brought" | "plucked" | "freed" | "extracted" | "recovered" => {
                for m in k + 1..k + 7 {
                    if self.lw(m) == "alive" {
                        return Some((FigureKind::Rescued, m + 1, name(m + 1)));
                    }
                    if self.punct(m) {
                        break;
                    }
                }
            }
            "moved" | "relocated" | "taken" | "transferred"
                if w1 == "to"
                    && (k + 2..k + 5).any(|m| {
                        matches!(
                            self.lw(m),
                            "shelters"
                                | "shelter"
                                | "safety"
                                | "safer"
                                | "camps"
                                | "evacuation"
                                | "relief"
                        )
                    }) =>
            {
                return Some((FigureKind::Evacuated, k + 1, name(k + 1)));
            }
            "relocated" => return Some((FigureKind::Evacuated, k + 1, name(k + 1))),
            "unaccounted" => {
                let e = if w1 == "for" { k + 2 } else { k + 1 };
                return Some((FigureKind::Missing, e, name(e)));
            }
            _ => {}
        }
        // "burned to death", "crushed to death".
        if self.t.is_word(k)
            && w1 == "to"
            && self.lw(k + 2) == "death"
            && !self.has(k, AUX | FUNC)
            && !matches!(
                w,
                "sentenced" | "condemned" | "scared" | "frightened" | "bored" | "worried" | "put"
            )
        {
            return Some((FigureKind::Killed, k + 3, name(k + 3)));
        }
        let t = self.trig(k)?;
        if t.has(T_RIGHT) {
            return Some((t.kind, k + 1, w.to_string()));
        }
        None
    }

    /// Tents or shelters for the homeless within a few words from `k` ("tents or temporary
    /// shelters", "evacuation centres"; not "detention centres"): the token after them.
    fn shelter_after(&self, k: usize) -> Option<usize> {
        for m in k..k + 5 {
            let place = match self.lw(m) {
                "tents" | "tent" | "shelters" | "tarpaulins" => true,
                "camps" | "camp" | "centres" | "centers" | "centre" | "center" => matches!(
                    self.back(m, 1),
                    "evacuation"
                        | "relief"
                        | "displacement"
                        | "refugee"
                        | "temporary"
                        | "emergency"
                        | "makeshift"
                        | "transit"
                        | "tent"
                ),
                _ => false,
            };
            if place {
                return Some(m + 1);
            }
            if self.punct(m) && self.lw(m) != "-" || self.phrase_at(m).is_some() {
                return None;
            }
        }
        None
    }

    /// A finite verb that may follow a subject: "were", "have", "remain".
    fn finite(&self, i: usize) -> bool {
        matches!(
            self.lw(i),
            "were"
                | "was"
                | "are"
                | "is"
                | "have"
                | "has"
                | "had"
                | "remain"
                | "remained"
                | "remains"
        )
    }

    /// A casualty predicate, adjective or noun after the quantity (and its person noun).
    fn right(&self, p: usize) -> Option<Hit> {
        let ph = &self.ph[p];
        let j = ph.next;
        // "12 deaths", "40 bodies", "11 arrests", "12 more deaths".
        let mut k = j;
        if !ph.singular {
            let pre = matches!(
                self.lw(k),
                "confirmed" | "reported" | "recorded" | "registered" | "known" | "official"
            );
            if (self.modifier(k) || pre) && self.trig_has(k + 1, T_NOUN) {
                k += 1;
            }
            if let Some(t) = self.trig(k)
                && t.has(T_NOUN)
                && !(matches!(self.lw(k), "death" | "body" | "injury" | "arrest") && ph.value != 1)
                && !(self.lw(k) == "arrest" && self.lw(k + 1) == "warrants")
            {
                return Some(Hit {
                    kind: t.kind,
                    rule: format!("noun_after:{}", self.lw(k)),
                    text_end: k + 1,
                    group_subset: false,
                    noun: None,
                });
            }
        }
        let ng = if ph.singular {
            NounGroup {
                end: j,
                person_end: Some(j),
                adj: None,
            }
        } else {
            self.noun_group(j, ph.collective)
        };
        let has_noun = ng.person_end.is_some();
        let text_end = if ph.singular {
            j
        } else {
            ng.person_end.unwrap_or(j)
        };
        let noun_span = if ph.singular {
            Some((ph.first + 1, j))
        } else {
            ng.person_end.map(|e| (j, e))
        };
        let mut k = ng.end;
        // "A man suspected of shooting two coworkers was arrested": a count is not the
        // subject of a singular verb.
        if !ph.singular && ph.value > 1 && matches!(self.lw(k), "was" | "is" | "has") {
            return None;
        }
        let mut partitive_of = false;
        // Partitive: "12 of the 40 passengers", "12 of the dead", "two of those killed"; but
        // "a friend of the dead woman" is no victim.
        if self.lw(k) == "of"
            && !ph.singular
            && matches!(
                self.lw(k + 1),
                "the" | "those" | "these" | "its" | "their" | "our" | "his" | "her" | "my" | "your"
            )
        {
            let mut m = k + 2;
            if let Some(pi) = self.phrase_at(m) {
                m = self.ph[pi].next;
            }
            if self.trig_has(m, T_GROUP) && !self.person_ahead(m + 1) {
                let t = self.trig(m)?;
                // "Six of the injured later died": the predicate decides.
                if let Some((kind, _, name, _)) = self.chain_predicate(m + 1, j)
                    && kind != t.kind
                {
                    return Some(Hit {
                        kind,
                        rule: format!("verb_after:{name}"),
                        text_end,
                        group_subset: false,
                        noun: None,
                    });
                }
                let words_from = if self.has(m + 1, AUX) { m + 2 } else { m + 1 };
                let words = self.subset_words(words_from);
                return Some(Hit {
                    kind: t.kind,
                    rule: format!("group_of:{}", self.lw(m)),
                    text_end,
                    group_subset: true,
                    noun: words.or(noun_span).or(Some((k, m + 1))),
                });
            }
            let g2 = self.noun_group(m, false);
            match g2.person_end {
                Some(e) => {
                    // "12 of the 40 people injured were children": part of a casualty group.
                    if let Some(t) = self.trig(e)
                        && t.has(T_RIGHT)
                        && self.finite(e + 1)
                    {
                        let words = self.subset_words(e + 1);
                        return Some(Hit {
                            kind: t.kind,
                            rule: format!("group_of:{}", self.lw(e)),
                            text_end,
                            group_subset: true,
                            noun: words.or(noun_span).or(Some((k, e + 1))),
                        });
                    }
                    k = e;
                }
                None => partitive_of = true,
            }
        }
        if self.lw(k) == "of" && matches!(self.lw(k + 1), "them" | "whom") {
            k += 2;
        }
        let after_noun = k;
        // A phrase between the noun and its verb: "12 people in the building were killed",
        // "43 people trapped in the tunnel were rescued", "five members of the same family".
        let opens = (self.has(k, PREP) && (self.lw(k) != "of" || partitive_of || has_noun))
            || (self.t.is_word(k) && self.trig(k).is_none() && self.f(k) & (AUX | FUNC) == 0 && {
                let w = self.lw(k);
                w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
            });
        if (has_noun || partitive_of) && opens {
            let mut m = k + 1;
            while m < (k + 8).min(self.n()) {
                // "600 residents of Yauca, a valley south of Lima, were evacuated".
                if let Some(e) = self.paren_end(m).filter(|_| self.lw(m) == ",") {
                    k = e;
                    break;
                }
                // A number that counts no people ("in 21 cities") does not end the phrase.
                if self.punct(m)
                    || self.phrase_at(m).is_some_and(|x| !self.ph[x].rejected)
                    || matches!(self.lw(m), "and" | "or" | "but")
                {
                    break;
                }
                let finite = matches!(
                    self.lw(m),
                    "were"
                        | "was"
                        | "are"
                        | "is"
                        | "have"
                        | "has"
                        | "had"
                        | "remain"
                        | "remained"
                        | "remains"
                        | "died"
                        | "perished"
                        | "drowned"
                );
                if finite && !matches!(self.back(m, 1), "the" | "those" | "these" | "a" | "an") {
                    k = m;
                    break;
                }
                m += 1;
            }
        }
        if let Some(e) = self.paren_end(k) {
            k = e;
        }
        let hit = self.chain_predicate(k, j);
        let Some((kind, end, name, at)) = hit else {
            return self.right_fallback(k, &ng, text_end, noun_span);
        };
        let direct = at == j;
        let rule = if direct || (at == after_noun && has_noun && !ph.singular) {
            format!("noun_after:{name}")
        } else {
            format!("verb_after:{name}")
        };
        let text_end = if direct && !ph.singular {
            end
        } else {
            text_end
        };
        Some(Hit {
            kind,
            rule,
            text_end,
            group_subset: false,
            noun: None,
        })
    }

    /// After a predicate search failed: "were among the dead", or "40 wounded soldiers".
    fn right_fallback(
        &self,
        k: usize,
        ng: &NounGroup,
        text_end: usize,
        noun_span: Option<(usize, usize)>,
    ) -> Option<Hit> {
        let mut k = k;
        while matches!(
            self.lw(k),
            "were" | "are" | "was" | "is" | "also" | "reportedly"
        ) {
            k += 1;
        }
        // "3 children were among the dead": a subset of a group.
        if self.lw(k) == "among"
            && matches!(self.lw(k + 1), "the" | "those")
            && self.trig_has(k + 2, T_GROUP)
        {
            let t = self.trig(k + 2)?;
            return Some(Hit {
                kind: t.kind,
                rule: format!("group_among:{}", self.lw(k + 2)),
                text_end,
                group_subset: true,
                noun: noun_span,
            });
        }
        // "40 wounded soldiers" with no predicate of their own.
        if let Some((kind, at)) = ng.adj {
            return Some(Hit {
                kind,
                rule: format!("noun_after:{}", self.lw(at)),
                text_end,
                group_subset: false,
                noun: None,
            });
        }
        None
    }

    /// Auxiliaries and adverbs from `k`, then a casualty predicate: (kind, token after it,
    /// name, token where it starts). `j` is where the subject's number phrase ends.
    /// A relative clause is looked through to the main verb: "a woman who was injured in the
    /// attack died", "two suspects who killed 5 people were arrested".
    fn chain_predicate(&self, k0: usize, j: usize) -> Option<(FigureKind, usize, String, usize)> {
        let mut k = k0;
        let mut passive = false;
        let mut relative = false;
        let mut steps = 0;
        while steps < 8 && k < self.n() {
            let w = self.lw(k);
            if self.has(k, NEG) {
                return None;
            }
            if self.has(k, MODAL) && !self.month(k) {
                // "Up to 30 people may still be missing": an estimate of the missing, not a
                // hypothetical.
                let mut m = k + 1;
                while matches!(self.lw(m), "still" | "also" | "yet") {
                    m += 1;
                }
                let missing = matches!(self.lw(k), "may" | "might" | "could")
                    && self.lw(m) == "be"
                    && matches!(self.lw(m + 1), "missing" | "unaccounted");
                if !missing {
                    return None;
                }
                k = m + 1;
                steps += 1;
                continue;
            }
            if matches!(
                w,
                "shot" | "stabbed" | "beaten" | "attacked" | "struck" | "hit" | "run" | "trapped"
            ) && self.lw(k + 1) == "and"
            {
                // "were shot and killed" (passive from "were") or "two officers shot and
                // killed a teen" (active): the voice is the next verb's.
                k += 2;
                steps += 2;
                continue;
            }
            if w == "to"
                && matches!(
                    self.back(k, 1),
                    "believed"
                        | "thought"
                        | "said"
                        | "known"
                        | "feared"
                        | "reported"
                        | "confirmed"
                        | "presumed"
                        | "understood"
                        | "estimated"
                )
            {
                k += 1;
                steps += 1;
                continue;
            }
            if self.has(k, AUX) {
                if matches!(
                    w,
                    "were"
                        | "was"
                        | "are"
                        | "is"
                        | "be"
                        | "been"
                        | "being"
                        | "got"
                        | "get"
                        | "gets"
                        | "left"
                        | "found"
                        | "reported"
                        | "confirmed"
                        | "declared"
                        | "feared"
                        | "believed"
                        | "listed"
                        | "remain"
                        | "remained"
                        | "remains"
                        | "went"
                        | "gone"
                        | "made"
                        | "became"
                ) {
                    passive = true;
                }
                if matches!(w, "who" | "that") {
                    relative = true;
                    passive = false;
                }
                k += 1;
                steps += 1;
                continue;
            }
            break;
        }
        let found = self.predicate(k);
        if relative {
            // Look for the main clause's verb after the relative clause.
            let mut m = found.as_ref().map_or(k + 1, |f| f.1);
            while m < (k + 12).min(self.n()) {
                if self.punct(m) || matches!(self.lw(m), "and" | "but") {
                    break;
                }
                if matches!(
                    self.lw(m),
                    "were"
                        | "was"
                        | "are"
                        | "is"
                        | "have"
                        | "has"
                        | "had"
                        | "died"
                        | "remain"
                        | "remains"
                        | "succumbed"
                ) && self.phrase_ending_at(m).is_none()
                {
                    if let Some(main) = self.chain_predicate_simple(m) {
                        return Some(main);
                    }
                    break;
                }
                m += 1;
            }
        }
        let (kind, end, name) = found?;
        // "killed or injured", "dead or missing", "died or gone missing": the count mixes kinds.
        if matches!(self.lw(end), "or" | "and" | "and/or") {
            let mut m = end + 1;
            while m < end + 4 && self.has(m, AUX) {
                m += 1;
            }
            if self.predicate(m).is_some_and(|(k2, _, _)| k2 != kind) {
                return None;
            }
        }
        // Active voice with an object: "3 gunmen killed 12 people", "a man who killed 12".
        let transitive =
            (self.trig_has(k, T_LEFT) && end == k + 1) || (self.lw(k) == "fatally" && end == k + 2);
        if transitive && !passive && k > j {
            let obj = self.lw(end);
            // "fatally shot 16-year-old Kenny Ward": an age or a full name is an object too.
            let full_name = is_cap_word(self.t, end)
                && is_cap_word(self.t, end + 1)
                && self.f(end) & (FUNC | MONTH | TIME) == 0;
            let object_follows = self.phrase_at(end).is_some()
                || matches!(
                    obj,
                    "a" | "an" | "the" | "his" | "her" | "their" | "him" | "them" | "its"
                )
                || self.person(end)
                || self.age_at(end).is_some()
                || full_name;
            if object_follows || relative {
                return None;
            }
        }
        Some((kind, end, name, k))
    }

    /// A main-clause predicate after a relative clause: aux chain then a predicate, no
    /// further relative clauses.
    fn chain_predicate_simple(&self, k0: usize) -> Option<(FigureKind, usize, String, usize)> {
        let mut k = k0;
        let mut steps = 0;
        while steps < 6 && self.has(k, AUX) && !matches!(self.lw(k), "who" | "that") {
            if self.has(k, NEG) {
                return None;
            }
            k += 1;
            steps += 1;
        }
        if self.has(k, NEG | MODAL) {
            return None;
        }
        let (kind, end, name) = self.predicate(k)?;
        if self.trig_has(k, T_LEFT) && end == k + 1 && k == k0 {
            // Active transitive main verb ("who ... killed 5"): not about the subject.
            if self.phrase_at(end).is_some()
                || matches!(self.lw(end), "a" | "an" | "the" | "his" | "her" | "their")
            {
                return None;
            }
        }
        Some((kind, end, name, k))
    }

    // ---- subset and superseded markers ---------------------------------------------------

    /// "the dead", "those killed", "the victims" ending at `end` (exclusive).
    fn group_before(&self, end: usize) -> Option<FigureKind> {
        if end < 2 {
            return None;
        }
        let t = self.trig(end - 1)?;
        (t.has(T_GROUP) && matches!(self.lw(end - 2), "the" | "those" | "these")).then_some(t.kind)
    }

    /// Words naming a subset, from token `from`: up to punctuation or a clause break.
    fn subset_words(&self, from: usize) -> Option<(usize, usize)> {
        let mut a = from;
        if self.lw(a) == "of" && matches!(self.lw(a + 1), "them" | "whom") {
            a += 2;
        }
        while matches!(self.lw(a), "were" | "are" | "was" | "is" | "being") {
            a += 1;
        }
        let mut b = a;
        while b < self.n() && b < a + 10 {
            let w = self.lw(b);
            if self.punct(b) && !matches!(w, "-" | "'" | "’") {
                break;
            }
            if matches!(
                w,
                "and" | "or" | "but" | "while" | "who" | "which" | "whereas"
            ) || self.phrase_at(b).is_some() && b > a
            {
                break;
            }
            b += 1;
        }
        (b > a).then_some((a, b))
    }

    /// Does the clause from `k` talk of casualties in words no rule read ("58 others
    /// nursing wounds")? Then it must not inherit another figure's kind.
    fn casualty_words_after(&self, k: usize) -> bool {
        const STEMS: &[&str] = &[
            "injur", "wound", "hurt", "dead", "death", "kill", "die", "missing", "arrest",
            "detain", "custody", "evacu", "rescu", "displac", "homeless", "hospital", "fatal",
        ];
        (k..(k + 8).min(self.n()))
            .take_while(|&m| !self.punct(m))
            .any(|m| STEMS.iter().any(|s| self.lw(m).contains(s)))
    }

    fn markers(&mut self, p: usize) {
        let (a, next, has_kind) = {
            let ph = &self.ph[p];
            (ph.first, ph.next, ph.kind.is_some())
        };
        let l1 = self.back(a, 1);
        let mut sub: Option<(&'static str, bool)> = None; // (rule, strong)
        if matches!(l1, "include" | "includes" | "included" | "including") {
            if let Some(kind) = self.group_before(a - 1) {
                // "the dead include three children": a subset of its own kind.
                let words = if self.ph[p].singular {
                    self.text_of(a + 1, next)
                } else {
                    self.subset_words(next)
                        .and_then(|(x, y)| self.text_of(x, y))
                };
                let rule = format!("group_include:{}", self.lw(a - 2));
                let e = self.noun_group(next, false).person_end.unwrap_or(next);
                let ph = &mut self.ph[p];
                if ph.kind.is_none() || ph.subset.is_none() {
                    ph.kind = Some(kind);
                    ph.rule = rule;
                    ph.subset = Some(words.unwrap_or_else(|| "part".into()));
                    ph.text_end = e;
                }
                return;
            }
            // "The toll from the March 11 quake includes 37 children": part of the toll.
            let toll = (a.saturating_sub(10)..a - 1)
                .rev()
                .take_while(|&m| !self.punct(m) || self.lw(m) == "'")
                .find_map(|m| self.toll_head(m).map(|(kind, _, _)| (m, kind)));
            if let Some((h, kind)) = toll
                && l1 != "including"
                && (h + 1..a - 1).all(|m| self.phrase_at(m).is_none_or(|x| self.ph[x].rejected))
            {
                let words = self
                    .subset_words(next)
                    .and_then(|(x, y)| self.text_of(x, y));
                let e = self.noun_group(next, false).person_end.unwrap_or(next);
                let ph = &mut self.ph[p];
                if ph.subset.is_none() {
                    ph.kind = Some(kind);
                    ph.rule = "toll_include".to_string();
                    ph.subset = Some(words.unwrap_or_else(|| "part".into()));
                    ph.text_end = e;
                }
                return;
            }
            sub = Some(("subset:including", true));
        }
        // "among them (were) N", "among whom N".
        let b = if matches!(l1, "were" | "are" | "was" | "is") {
            a.saturating_sub(2)
        } else {
            a.saturating_sub(1)
        };
        if a >= 1
            && matches!(self.lw(b), "them" | "whom" | "these" | "those")
            && self.back(b, 1) == "among"
        {
            sub = Some(("subset:among_them", true));
        }
        // "among the dead (were) N".
        if a >= 1
            && b >= 2
            && self.back(b, 2) == "among"
            && let Some(kind) = self.group_before(b + 1)
        {
            let words = self
                .subset_words(next)
                .and_then(|(x, y)| self.text_of(x, y));
            let e = self.noun_group(next, false).person_end.unwrap_or(next);
            let rule = format!("group_among:{}", self.lw(b));
            let ph = &mut self.ph[p];
            ph.kind = Some(kind);
            ph.rule = rule;
            ph.subset = Some(words.unwrap_or_else(|| "part".into()));
            ph.text_end = e;
            return;
        }
        // ", with four directly linked to the attack" (but not ", with 2 others still sought").
        if l1 == "with"
            && self.back(a, 2) == ","
            && !has_kind
            && !self.casualty_words_after(next)
            && !(next..(next + 8).min(self.n()))
                .take_while(|&m| !self.punct(m))
                .any(|m| {
                    matches!(
                        self.lw(m),
                        "others"
                            | "other"
                            | "more"
                            | "sought"
                            | "large"
                            | "wanted"
                            | "fled"
                            | "escaped"
                            | "released"
                            | "freed"
                            | "remaining"
                            | "still"
                            // ", with 176 survivors registered": the living are no part
                            // of a toll.
                            | "survivors"
                            | "survivor"
                            | "survived"
                            | "alive"
                    )
                })
        {
            sub = Some(("subset:with", false));
        }
        if l1 == "whom" && self.back(a, 2) == "of" {
            sub = Some(("subset:of_whom", true));
        }
        if self.lw(next) == "of" && matches!(self.lw(next + 1), "them" | "whom") {
            sub = Some(("subset:of_them", true));
        }
        // "Of the 40 people killed, 12 were children."
        if l1 == ","
            && self.lw(0) == "of"
            && self.ph.iter().any(|q| q.first < a && q.kind.is_some())
        {
            sub = Some(("subset:of_the", true));
        }
        if let Some((rule, strong)) = sub {
            let ph = &mut self.ph[p];
            ph.sub_mark = Some(rule);
            ph.sub_mark_own = strong;
        }
        // Superseded: "up from 93", "rose from 40 to 60", "previously reported 275".
        if l1 == "from" && a >= 2 {
            // "lowered the toll to nine from 11": the count before is the new one.
            let to_n_from = self.phrase_ending_at(a - 1).is_some_and(|q| {
                let f = self.ph[q].first;
                f > 0 && self.lw(f - 1) == "to" && !self.ph[q].rejected
            });
            let hard = to_n_from
                || matches!(self.back(a, 2), "up" | "down")
                || (a.saturating_sub(7)..a - 1).any(|m| {
                    (self.has(m, CHANGE) && !matches!(self.lw(m), "up" | "down" | "went" | "gone"))
                        || matches!(self.lw(m), "toll" | "revised")
                });
            if hard {
                let name = if matches!(self.back(a, 2), "up" | "down") {
                    "superseded:up_from"
                } else {
                    "superseded:from"
                };
                self.ph[p].sup_mark = Some(name);
                self.ph[p].superseded = true;
            }
        }
        // "later revised it to 170", "revised the figure to eight": an update of the figure
        // just given.
        let pronoun = a >= 3
            && matches!(self.back(a, 2), "it" | "this" | "that" | "them")
            && self.has(a - 3, CHANGE);
        let figure = a >= 4
            && matches!(
                self.back(a, 2),
                "figure" | "number" | "tally" | "count" | "estimate"
            )
            && matches!(self.back(a, 3), "the" | "its" | "their")
            && self.has(a - 4, CHANGE);
        if l1 == "to" && (pronoun || figure) && self.ph[p].sup_mark.is_none() {
            self.ph[p].sup_mark = Some("update:revised_to");
        }
        let mut m = a;
        for _ in 0..7 {
            if m == 0 {
                break;
            }
            m -= 1;
            if self.has(m, SUP_MARK) {
                self.ph[p].soft_sup = true;
                if self.ph[p].sup_mark.is_none() {
                    self.ph[p].sup_mark = Some("superseded:earlier");
                }
                break;
            }
            if !self.has(m, SUP_FILL) && self.phrase_ending_at(m + 1).is_none() {
                break;
            }
        }
    }

    /// Give marked figures without a kind the kind of the figure they elaborate, and make
    /// marked figures with their own kind subsets when they elaborate one of that kind.
    fn inherit(&mut self, prev_kind: Option<FigureKind>) {
        for p in 0..self.ph.len() {
            let ph = &self.ph[p];
            if ph.rejected {
                continue;
            }
            let a = ph.first;
            let earlier = |kind: Option<FigureKind>| {
                self.ph[..p]
                    .iter()
                    .rev()
                    .find(|q| {
                        !q.rejected
                            && q.kind.is_some()
                            && q.subset.is_none()
                            && kind.is_none_or(|k| q.kind == Some(k))
                    })
                    .and_then(|q| q.kind)
            };
            if let Some(rule) = ph.sub_mark {
                match ph.kind {
                    Some(k) => {
                        let any_earlier = self.ph[..p]
                            .iter()
                            .any(|q| !q.rejected && q.kind == Some(k));
                        if ph.sub_mark_own && ph.subset.is_none() {
                            let words = self.subset_words(ph.next);
                            let w = words
                                .and_then(|(x, y)| self.text_of(x, y))
                                .unwrap_or_else(|| "part".into());
                            if any_earlier {
                                self.ph[p].subset = Some(w);
                            } else {
                                self.ph[p].maybe_sub = Some(w);
                            }
                        }
                    }
                    None => {
                        let kind = earlier(None).or(if a <= 3 { prev_kind } else { None });
                        if let Some(kind) = kind {
                            let words = if ph.singular {
                                Some((ph.first + 1, ph.next))
                            } else {
                                self.subset_words(ph.next)
                            };
                            let w = words
                                .and_then(|(x, y)| self.text_of(x, y))
                                .unwrap_or_else(|| "part".into());
                            let e = if ph.singular {
                                ph.next
                            } else {
                                self.noun_group(ph.next, ph.collective)
                                    .person_end
                                    .unwrap_or(ph.next)
                            };
                            let q = &mut self.ph[p];
                            q.kind = Some(kind);
                            q.rule = rule.to_string();
                            q.subset = Some(w);
                            q.text_end = e;
                        }
                    }
                }
                continue;
            }
            if let Some(rule) = ph.sup_mark
                && ph.kind.is_none()
                && !ph.singular
            {
                let later = self.ph[p + 1..]
                    .iter()
                    .find(|q| !q.rejected && q.kind.is_some())
                    .and_then(|q| q.kind);
                let none_here = self.ph.iter().all(|q| q.kind.is_none());
                let kind =
                    earlier(None)
                        .or(later)
                        .or(if a <= 4 || none_here { prev_kind } else { None });
                let noun_ok = {
                    let g = self.noun_group(ph.next, ph.collective);
                    g.person_end.is_some() || !self.t.is_word(g.end) || self.has(g.end, FUNC | AUX)
                };
                if let Some(kind) = kind.filter(|_| noun_ok) {
                    let e = self
                        .noun_group(ph.next, ph.collective)
                        .person_end
                        .unwrap_or(ph.next);
                    let q = &mut self.ph[p];
                    q.kind = Some(kind);
                    q.rule = rule.to_string();
                    q.text_end = e;
                }
            }
        }
    }

    /// "killing 5 soldiers and 2 civilians", "21 students and four teachers died": each count
    /// is part of the victims, and the verb on one side serves both.
    fn coordination(&mut self) {
        for p in 0..self.ph.len().saturating_sub(1) {
            let q = p + 1;
            let (a, b) = (&self.ph[p], &self.ph[q]);
            if a.rejected || b.rejected {
                continue;
            }
            let noun = |x: &Ph| {
                if x.singular {
                    Some((x.first + 1, x.next))
                } else {
                    self.noun_group(x.next, x.collective)
                        .person_end
                        .map(|e| (x.next, e))
                }
            };
            let (Some(na), Some(nb)) = (noun(a), noun(b)) else {
                continue;
            };
            let a_end = a.text_end.max(na.1);
            if self.lw(a_end) != "and" || b.first != a_end + 1 {
                continue;
            }
            if a.subset.is_some() || b.subset.is_some() || a.superseded || b.superseded {
                continue;
            }
            if a.singular && self.lw(a.first) == "the" {
                // "The gunman and two accomplices were arrested": one count, see `sums`.
                continue;
            }
            let left = |r: &str| {
                r.starts_with("verb_before")
                    || r.starts_with("noun_of")
                    || r.starts_with("lives_of")
            };
            let right = |r: &str| r.starts_with("verb_after") || r.starts_with("noun_after");
            let kind = match (a.kind, b.kind) {
                (Some(k), None) if left(&a.rule) => k,
                (None, Some(k)) if right(&b.rule) => k,
                (Some(k1), Some(k2)) if k1 == k2 && left(&a.rule) => k1,
                _ => continue,
            };
            let wa = self.text_of(na.0, na.1);
            let wb = self.text_of(nb.0, nb.1);
            let rule_a = if a.kind.is_some() {
                a.rule.clone()
            } else {
                "coordinated".to_string()
            };
            let rule_b = if b.kind.is_some() {
                b.rule.clone()
            } else {
                "coordinated".to_string()
            };
            let ph = &mut self.ph[p];
            ph.kind = Some(kind);
            ph.rule = rule_a;
            ph.subset = wa;
            ph.text_end = ph.text_end.max(na.1);
            let ph = &mut self.ph[q];
            ph.kind = Some(kind);
            ph.rule = rule_b;
            ph.subset = wb;
            ph.text_end = ph.text_end.max(nb.1);
        }
    }

    /// "The factory's owner and two of his managers remain in custody": a count coordinated
    /// after one definite person, sharing its predicate, counts that person too.
    fn sums(&mut self) {
        for p in 0..self.ph.len() {
            let ph = &self.ph[p];
            let a = ph.first;
            let right = ph.rule.starts_with("verb_after") || ph.rule.starts_with("noun_after");
            if (ph.kind.is_some() && !right)
                || ph.rejected
                || ph.singular
                || ph.subset.is_some()
                || ph.superseded
                || ph.sub_mark.is_some()
                || ph.sup_mark.is_some()
                || a < 3
                || self.back(a, 1) != "and"
                || !self.has(a - 2, PERSON_SG)
                || self.has(a - 2, PERSON)
            {
                continue;
            }
            let noun_end = self.noun_group(ph.next, ph.collective).person_end;
            let possessive = |w: &str| w.ends_with("'s") || w.ends_with("’s");
            // "the gunman and two accomplices": the definite suspect phrase is read here.
            let the_single = self
                .phrase_ending_at(a - 1)
                .filter(|&x| self.ph[x].singular && self.lw(self.ph[x].first) == "the");
            let start = if let Some(x) = the_single {
                self.ph[x].first
            } else {
                if self.phrase_ending_at(a - 1).is_some() {
                    continue;
                }
                // Back over noun modifiers to a definite determiner or a possessive.
                let mut s = a - 2;
                let mut mods = 0;
                while s > 0
                    && mods < 3
                    && !possessive(self.lw(s - 1))
                    && self.t.is_word(s - 1)
                    && self.f(s - 1) & (FUNC | AUX | NEG | MODAL | REPORT) == 0
                    && self.trig(s - 1).is_none()
                {
                    s -= 1;
                    mods += 1;
                }
                let det = s > 0
                    && (matches!(self.lw(s - 1), "the" | "his" | "her" | "their" | "its")
                        || possessive(self.lw(s - 1)));
                if !det {
                    continue;
                }
                let mut start = s - 1;
                if possessive(self.lw(start)) && start > 0 && self.lw(start - 1) == "the" {
                    start -= 1;
                }
                start
            };
            // The predicate: the count's own ("... were arrested"), or a verb before the
            // whole phrase ("police arrested the gunman and two accomplices").
            let kind = match self.ph[p].kind {
                Some(k) => k,
                None => {
                    let v = start.wrapping_sub(1);
                    match self.trig(v) {
                        Some(t) if t.has(T_LEFT) && !self.hypothetical_before(v) => {
                            if noun_end.is_none() {
                                continue;
                            }
                            t.kind
                        }
                        _ => continue,
                    }
                }
            };
            if let Some(x) = the_single {
                self.ph[x].rejected = true;
            }
            let ph = &mut self.ph[p];
            ph.kind = Some(kind);
            ph.value += 1;
            ph.value_max = ph.value_max.map(|m| m + 1);
            ph.first = start;
            if let Some(e) = noun_end {
                ph.text_end = ph.text_end.max(e);
            }
            ph.rule = if ph.rule.is_empty() {
                "sum:verb_before".to_string()
            } else {
                format!("sum:{}", ph.rule)
            };
        }
    }

    /// The person noun of a list item starting with phrase `x` and the token after the item,
    /// looking through a relative clause on the noun ("four adults who were shopping").
    fn item_end(&self, x: usize) -> Option<((usize, usize), usize)> {
        let ph = &self.ph[x];
        let noun = if ph.singular {
            (ph.first + 1, ph.next)
        } else {
            let e = self.noun_group(ph.next, ph.collective).person_end?;
            let a = if ph.collective && self.lw(ph.next) == "of" {
                ph.next + 1
            } else {
                ph.next
            };
            (a, e)
        };
        let e = noun.1;
        if !matches!(self.lw(e), "who" | "that" | "which") {
            return Some((noun, e));
        }
        let mut m = e + 1;
        while m < (e + 16).min(self.n()) {
            let w = self.lw(m);
            if matches!(w, "and" | "or") && self.phrase_at(m + 1).is_some() {
                return Some((noun, m));
            }
            if self.punct(m) {
                return Some((noun, m));
            }
            if self.phrase_at(m).is_some() {
                return None;
            }
            m += 1;
        }
        (m >= self.n()).then_some((noun, m))
    }

    /// Lists of victims: "killed two police officers, four adults who were shopping, and a
    /// girl"; "the dead included a fisherman who was swept away and two boys". Every item is
    /// part of the victims; the verb or group before the list serves them all.
    fn lists(&mut self) {
        for p in 0..self.ph.len() {
            let a = &self.ph[p];
            let Some(kind) = a.kind else { continue };
            if a.rejected || a.superseded {
                continue;
            }
            let group = a.subset.is_some()
                && (a.rule.starts_with("group_include") || a.rule == "subset:including");
            let left = a.subset.is_none()
                && (a.rule.starts_with("verb_before") || a.rule.starts_with("noun_of"));
            if !group && !left {
                continue;
            }
            let mut items: Vec<(usize, (usize, usize))> = Vec::new();
            let mut cur = p;
            let mut closed = false;
            // Commas or relative clauses: what `coordination` does not read.
            let mut commas = false;
            while let Some((noun, end)) = self.item_end(cur) {
                if cur == p && !a.singular && !group && self.generic_noun(noun.0, noun.1) {
                    break;
                }
                commas |= end != noun.1;
                items.push((cur, noun));
                let mut m = end;
                let comma = self.lw(m) == ",";
                if comma {
                    m += 1;
                }
                let conj = matches!(self.lw(m), "and" | "or");
                if conj {
                    m += 1;
                }
                if !comma && !conj {
                    break;
                }
                commas |= comma;
                let Some(q) = self.phrase_at(m) else { break };
                let b = &self.ph[q];
                if b.rejected
                    || b.superseded
                    || b.sub_mark.is_some()
                    || b.sup_mark.is_some()
                    || b.kind.is_some_and(|k| k != kind)
                    || b.subset.is_some()
                {
                    break;
                }
                cur = q;
                if conj {
                    if let Some((noun, _)) = self.item_end(q) {
                        items.push((q, noun));
                        closed = true;
                    }
                    break;
                }
            }
            // A plain pair ("5 soldiers and 2 civilians") is `coordination`'s.
            if !closed || items.len() < 2 || (left && !commas && items.len() == 2) {
                continue;
            }
            let group_rule = format!(
                "group_list:{}",
                self.ph[p].rule.split(':').nth(1).unwrap_or("")
            );
            for (x, (na, nb)) in items {
                if x == p && group {
                    continue;
                }
                let words = self.text_of(na, nb);
                let ph = &mut self.ph[x];
                if group {
                    ph.rule = group_rule.clone();
                } else if ph.kind.is_none() {
                    ph.rule = "coordinated".to_string();
                }
                ph.kind = Some(kind);
                ph.subset = words;
                ph.text_end = ph.text_end.max(nb);
            }
        }
    }

    /// "12 of the dead were in Gaza City and seven in Rafah": a count with no verb of its own,
    /// placed like the subset before it, is a subset of the same kind.
    fn ellipsis(&mut self) {
        for q in 1..self.ph.len() {
            let b = &self.ph[q];
            if b.rejected
                || b.kind.is_some()
                || b.singular
                || b.sub_mark.is_some()
                || b.sup_mark.is_some()
                || !matches!(self.back(b.first, 1), "and" | ",")
            {
                continue;
            }
            let e = self
                .noun_group(b.next, b.collective)
                .person_end
                .unwrap_or(b.next);
            let place = |w: &str| {
                matches!(
                    w,
                    "in" | "from" | "at" | "on" | "near" | "inside" | "outside" | "aboard"
                )
            };
            if !place(self.lw(e)) {
                continue;
            }
            let Some(p) = (0..q).rev().find(|&p| {
                let a = &self.ph[p];
                !a.rejected && a.kind.is_some()
            }) else {
                continue;
            };
            let a = &self.ph[p];
            let same = a.subset.as_deref().is_some_and(|w| {
                w.split_whitespace()
                    .next()
                    .is_some_and(|f| place(&f.to_ascii_lowercase()))
            });
            if !same || a.superseded {
                continue;
            }
            let kind = a.kind;
            let Some(words) = self.subset_words(e).and_then(|(x, y)| self.text_of(x, y)) else {
                continue;
            };
            let ph = &mut self.ph[q];
            ph.kind = kind;
            ph.rule = "ellipsis".to_string();
            ph.subset = Some(words);
            ph.text_end = e;
        }
    }

    /// "The UN estimates that 52,000 people...", "its earlier estimate of 45,000": a count
    /// given as an estimate is approximate.
    fn estimates(&mut self) {
        for p in 0..self.ph.len() {
            let ph = &self.ph[p];
            if ph.kind.is_none() || ph.singular || ph.qual != Qualifier::Exact {
                continue;
            }
            let a = ph.first;
            let est = |w: &str| matches!(w, "estimate" | "estimates" | "estimated" | "estimating");
            let l1 = self.back(a, 1);
            let l2 = self.back(a, 2);
            let verb = |w: &str| matches!(w, "estimates" | "estimated" | "estimating");
            let hit = (verb(l1) && !matches!(l2, "was" | "were" | "is" | "are" | "been" | "be"))
                || (l1 == "that" && est(l2))
                || (l1 == "of" && matches!(l2, "estimate" | "estimates"));
            if hit {
                self.ph[p].qual = Qualifier::About;
            }
        }
    }

    /// "in Derna alone": the nearest figure counts one place only.
    fn alone(&mut self) {
        for z in 0..self.n() {
            if self.lw(z) != "alone" {
                continue;
            }
            let Some(i) = (z.saturating_sub(6)..z).rev().find(|&m| self.lw(m) == "in") else {
                continue;
            };
            if (i + 1..z).any(|m| self.punct(m) || self.phrase_at(m).is_some()) || i + 1 == z {
                continue;
            }
            let Some(mut words) = self.text_of(i, z) else {
                continue;
            };
            if words.starts_with("In ") {
                words.replace_range(0..1, "i");
            }
            let best = self
                .ph
                .iter()
                .enumerate()
                .filter(|(_, q)| {
                    q.kind.is_some() && !q.rejected && q.subset.is_none() && !q.superseded
                })
                .map(|(k, q)| (k, q.first.abs_diff(z)))
                .filter(|&(_, d)| d <= 14)
                .min_by_key(|&(_, d)| d);
            if let Some((k, _)) = best {
                self.ph[k].subset = Some(words);
            }
        }
    }

    /// Figures about an earlier event the article recalls: "In 2011, a quake killed 600",
    /// "the deadliest since 2004, when a bombing killed 40", "killed 112 people in 2019".
    fn historical(&mut self) {
        let n = self.n();
        let year = |i: usize| {
            self.phrase_at(i)
                .is_some_and(|p| self.ph[p].year_like && self.ph[p].next == i + 1)
        };
        // "In 2011, ..." opening the sentence: everything in it is about that year.
        let opening = (0..3.min(n)).any(|i| year(i) && matches!(self.back(i, 1), "in" | "during"));
        let mut from = if opening { Some(0) } else { None };
        for i in 0..n {
            // "since 2004, when ...": the when-clause is about that year.
            if from.is_none() && year(i) && self.lw(i + 1) == "," && self.lw(i + 2) == "when" {
                from = Some(i);
            }
        }
        let mut drop = Vec::new();
        for p in 0..self.ph.len() {
            let q = &self.ph[p];
            if q.kind.is_none() || q.rejected {
                continue;
            }
            let mut past = from.is_some_and(|f| q.first >= f);
            // "The last major accident, in 2015, killed 23 people."
            if (0..q.first).any(|i| year(i) && matches!(self.back(i, 1), "in" | "during")) {
                past = true;
            }
            // "killed 112 people in 2019", "... since 2020".
            let mut m = q.text_end;
            while !past && m < (q.text_end + 10).min(n) {
                let w = self.lw(m);
                if matches!(w, ";" | ":") || (w == "," && self.lw(m + 1) != "according") {
                    break;
                }
                if matches!(w, "in" | "since" | "during") && year(m + 1) {
                    past = true;
                }
                if matches!(w, "last" | "this") && self.lw(m + 1) == "year" {
                    past = true;
                }
                m += 1;
            }
            if past {
                drop.push(p);
            }
        }
        for p in drop {
            self.ph[p].kind = None;
            // Figures elaborating it ("..., including 40 children") go with it.
            for q in p + 1..self.ph.len() {
                let x = &self.ph[q];
                if x.kind.is_some() && x.sub_mark.is_none() && x.sup_mark.is_none() {
                    break;
                }
                if x.sub_mark.is_some() || x.sup_mark.is_some() {
                    self.ph[q].kind = None;
                }
            }
        }
    }

    // ---- attribution ---------------------------------------------------------------------

    /// The source that credits the figure at token `at`: within its clause (cut at ";",
    /// "while", "whereas" and ", but"), the nearest source before it ("officials put the
    /// toll at 41 while charities said more than 110 had died"), else the first after it
    /// ("5 died, police said"); else the nearest source before the clause ("police said
    /// six died, while 11 were injured"), else the sentence's first.
    fn credit(&self, sites: &[(usize, String)], at: usize) -> Option<String> {
        let n = self.n();
        let lo = (0..at)
            .rev()
            .find(|&i| self.clause_break(i))
            .map_or(0, |i| i + 1);
        let hi = (at..n).find(|&i| self.clause_break(i)).unwrap_or(n);
        let before = || sites.iter().rev().filter(|(i, _)| *i < at);
        before()
            .find(|(i, _)| *i >= lo)
            .or_else(|| sites.iter().find(|(i, _)| *i > at && *i < hi))
            .or_else(|| before().next())
            .or_else(|| sites.first())
            .map(|(_, s)| s.clone())
    }

    /// Does a new clause start after token `i`?
    fn clause_break(&self, i: usize) -> bool {
        matches!(self.lw(i), ";" | "while" | "whereas")
            || self.lw(i) == "," && self.lw(i + 1) == "but"
    }

    /// Every source the sentence credits, by the token that names it: "according to the
    /// health ministry", "police said", "the UN put the toll at 152", and "he said" for
    /// `prev_source`, the last source the sentence before named.
    fn attribution_sites(&self, prev_source: Option<&str>) -> Vec<(usize, String)> {
        let n = self.n();
        let mut out = Vec::new();
        for i in 0..n {
            if self.lw(i) == "according"
                && self.lw(i + 1) == "to"
                && let Some(s) = self.np_after(i + 2)
            {
                out.push((i, s));
                continue;
            }
            // "the UN humanitarian office put the number of dead at 152"
            let puts = matches!(self.lw(i), "put" | "puts" | "putting" | "placed")
                && (i + 1..(i + 7).min(n)).any(|k| {
                    matches!(self.lw(k), "toll" | "number" | "figure" | "count" | "tally")
                })
                && (i + 2..(i + 8).min(n)).any(|k| self.lw(k) == "at");
            if puts && let Some(s) = self.np_before(i) {
                out.push((i, s));
                continue;
            }
            if !self.has(i, REPORT) || self.lw(i) == "according" {
                continue;
            }
            let prev = self.back(i, 1);
            if matches!(
                prev,
                "were" | "was" | "are" | "is" | "been" | "be" | "being" | "an" | "a" | "the"
            ) {
                continue;
            }
            if self.phrase_at(i + 1).is_some() && self.lw(i) == "estimated" {
                continue;
            }
            // "in a situation report": a document, not its author.
            if matches!(self.lw(i), "report" | "reports")
                && matches!(self.back(i, 2), "a" | "an" | "the" | "its" | "their")
            {
                continue;
            }
            // "people confirmed dead", "three reported missing": a participle describing the
            // victims, not a source speaking.
            if matches!(
                self.lw(i + 1),
                "dead" | "killed" | "missing" | "injured" | "wounded" | "hurt" | "safe" | "alive"
            ) {
                continue;
            }
            if let Some(s) = self.np_before(i) {
                out.push((i, s));
                continue;
            }
            // "More than 70 people had been injured, he said": the speaker of the sentence
            // before.
            if matches!(prev, "he" | "she") && !matches!(self.back(i, 2), "that" | "if") {
                if let Some(s) = prev_source {
                    out.push((i, s.to_string()));
                }
                continue;
            }
            if (prev == "," || i == 0)
                && (self.lw(i + 1) == "the" || is_cap_word(self.t, i + 1))
                && let Some(s) = self.np_after(i + 1)
            {
                out.push((i, s));
            }
        }
        out
    }

    fn np_word(&self, i: usize) -> bool {
        self.t.is_word(i)
            && !self.has(i, FUNC | AUX | NEG | MODAL | REPORT | SUP_MARK | CHANGE)
            && (is_cap_word(self.t, i) || !self.lw(i).ends_with("ly"))
            && (self.trig(i).is_none()
                || matches!(self.lw(i), "rescue" | "evacuation" | "detention" | "death"))
            && self.phrase_at(i).is_none()
    }

    fn np_after(&self, k: usize) -> Option<String> {
        let mut a = k;
        loop {
            if matches!(self.lw(a), "the" | "a" | "an") {
                a += 1;
                continue;
            }
            // "a statement from the ministry", "figures released by officials".
            let head = matches!(
                self.lw(a),
                "statement"
                    | "figures"
                    | "data"
                    | "report"
                    | "reports"
                    | "tally"
                    | "count"
                    | "estimates"
                    | "estimate"
                    | "official"
                    | "preliminary"
                    | "latest"
                    | "initial"
                    | "new"
                    | "updated"
                    | "released"
                    | "published"
                    | "provided"
                    | "given"
            );
            if head {
                let mut m = a;
                while m < a + 4 && !matches!(self.lw(m), "from" | "by" | "of") {
                    if !self.t.is_word(m) {
                        break;
                    }
                    m += 1;
                }
                if matches!(self.lw(m), "from" | "by" | "of") {
                    a = m + 1;
                    continue;
                }
            }
            break;
        }
        let mut b = a;
        while b < self.n() && b < a + 7 {
            if self.np_word(b) {
                b += 1;
                continue;
            }
            if matches!(self.lw(b), "of" | "for" | "and" | "&" | "the")
                && b > a
                && is_cap_word(self.t, b - 1)
                && is_cap_word(self.t, b + 1)
            {
                b += 1;
                continue;
            }
            if self.lw(b) == "of"
                && b > a
                && matches!(
                    self.lw(b + 1),
                    "health"
                        | "interior"
                        | "defence"
                        | "defense"
                        | "emergency"
                        | "emergencies"
                        | "the"
                )
            {
                b += 1;
                continue;
            }
            break;
        }
        while b > a && matches!(self.lw(b - 1), "of" | "for" | "and" | "&" | "the") {
            b -= 1;
        }
        if b == a || (b == a + 1 && self.has(a, PRON)) {
            return None;
        }
        self.text_of(a, b)
    }

    fn np_before(&self, r: usize) -> Option<String> {
        let mut b = r;
        // "the UN Office for the Coordination of Humanitarian Affairs (OCHA) said": the
        // acronym names it.
        if b >= 3
            && self.lw(b - 1) == ")"
            && self.lw(b - 3) == "("
            && self.t.is_word(b - 2)
            && self.t.toks[b - 2].text.len() >= 2
            && self.t.toks[b - 2]
                .text
                .chars()
                .all(|c| c.is_ascii_uppercase())
        {
            return Some(self.t.toks[b - 2].text.to_string());
        }
        // "have said", "had earlier said", "has also confirmed".
        let time = |w: &str| {
            matches!(
                w,
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "today"
                    | "yesterday"
                    | "tonight"
                    | "earlier"
                    | "later"
                    | "morning"
                    | "evening"
                    | "afternoon"
                    | "night"
                    | "late"
            )
        };
        loop {
            if b > 0 && self.has(b - 1, AUX) && !self.person(b - 1) && b + 4 > r {
                b -= 1;
            } else if b > 0 && time(self.lw(b - 1)) && b + 5 > r {
                // "Police on Monday said", "officials said late on Sunday".
                b -= 1;
                if matches!(self.back(b, 1), "on" | "late" | "early") {
                    b -= 1;
                }
            } else {
                break;
            }
        }
        let mut a = b;
        while a > 0 && b - a < 6 {
            if self.np_word(a - 1) {
                a -= 1;
                continue;
            }
            if matches!(self.lw(a - 1), "of" | "for") && a >= 2 && self.np_word(a - 2) && a < b {
                a -= 1;
                continue;
            }
            break;
        }
        while a < b && matches!(self.lw(a), "of" | "for") {
            a += 1;
        }
        if a == b || (b == a + 1 && self.has(a, PRON)) {
            return None;
        }
        self.text_of(a, b)
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
