//! Casualty figures: counts of people killed, injured, missing, detained, displaced,
//! evacuated or rescued, as one article states them.
//!
//! The extractor works sentence by sentence on tokens. It first reads every *quantity*
//! (a number with its hedge, see [`crate::numbers`]) and every singular person phrase
//! ("a man", "a 23-year-old woman"), then decides for each whether it is grammatically tied to a
//! casualty word:
//!
//! * a **toll** construction: "the death toll rose to 60", "put the toll at 275";
//! * a **lives** construction: "the loss of 93 lives", "claiming the lives of 133 people";
//! * a **verb before** the number: "killing 12", "have detained eleven individuals";
//! * a **noun before** it: "the deaths of 12", "the arrest of four";
//! * a **predicate after** the number, its person noun and auxiliaries: "133 dead",
//!   "12 people were killed", "40 others remain missing", "3 were taken to hospital";
//! * a **noun after** it: "12 deaths", "40 bodies".
//!
//! A number with no such tie is dropped however close casualty words are, which keeps ages,
//! dates, money, buildings, attendance and deployed rescuers out. Numbers that only elaborate
//! another figure ("including three children", "12 of them foreigners", "up from 93") inherit
//! its kind and become subset or superseded figures. So do the items of a list of victims
//! ("killed two officers, four shoppers and a girl"), a count placed like the subset before it
//! ("19 of the dead were in Jumla and seven in Kalikot"), and a count of a kind of people
//! after a larger count of that kind ("Two miners were killed" after "killing eight").
//! A single victim singled out of a counted group is part of the count, not a figure.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use factline_model::{CleanText, Figure, FigureKind, Qualifier};

use crate::numbers::{Parsed, Toks, parse_quantity};
use crate::tokens::TokenKind;

mod lexicon;
mod sentence;
mod victims;

use sentence::SentenceFigures;

static STEMS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostFirst)
        .build(lexicon::SENTENCE_STEMS)
        .expect("stem automaton")
});

/// Every casualty figure of the text, deduplicated, in order of appearance.
pub fn extract_figures(text: &CleanText) -> Vec<Figure> {
    figures_of(&crate::analysis::Analysis::new(text))
}

/// [`extract_figures`] over an analysis the other extractors share.
pub fn figures_of(an: &crate::analysis::Analysis) -> Vec<Figure> {
    let text = an.text;
    let body = an.body;
    if body.is_empty() {
        return Vec::new();
    }
    let lower = an.lower.as_str();
    let mut all: Vec<Cand> = Vec::new();
    // The kind of the last main figure of the previous sentence, for sentences that open by
    // elaborating it ("Among them were three children.").
    let mut prev_kind: Option<FigureKind> = None;
    // The last source the previous sentence named, for "..., he said".
    let mut prev_source: Option<String> = None;
    for (si, s) in text.sentences.iter().enumerate() {
        let ok = s.start <= s.end
            && s.end <= body.len()
            && body.is_char_boundary(s.start)
            && body.is_char_boundary(s.end);
        if !ok || !STEMS.is_match(&lower[s.start..s.end]) {
            prev_kind = None;
            prev_source = None;
            continue;
        }
        let toks = an.toks(si);
        let (mut found, source) =
            SentenceFigures::new(&toks).run(prev_kind, prev_source.as_deref());
        found.extend(victims::victims(&toks));
        prev_source = source;
        prev_kind = found
            .iter()
            .rev()
            .find(|c| c.subset.is_none() && !c.superseded)
            .map(|c| c.kind);
        for c in found {
            all.push(Cand { sentence: si, ..c });
        }
    }
    finish(body, all)
}

/// A figure before deduplication; offsets are into the body.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub kind: FigureKind,
    pub value: u64,
    pub value_max: Option<u64>,
    pub qualifier: Qualifier,
    pub subset: Option<String>,
    pub superseded: bool,
    /// Outdated only if the article also gives a different count of the same kind.
    pub soft_superseded: bool,
    /// Subset words, if the article gives a larger count of the kind before this one.
    pub maybe_subset: Option<String>,
    /// Subset words of a count that names a kind of people ("two miners"), used if the article
    /// gives a larger count of the kind before it (the toll was put at eight).
    pub part_of_larger: Option<String>,
    pub attributed_to: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub rule: String,
    /// People shot whose fate the sentence leaves open: injured once the article's death
    /// toll is taken out ([`settle_open_fates`]).
    pub fate_open: bool,
}

/// "Six people were shot ... two died": of the people shot, those the article counts as
/// killed are not injured. A count of people shot becomes the injured count less the
/// article's largest death toll, and goes when nobody is left.
fn settle_open_fates(cands: &mut Vec<Cand>) {
    if !cands.iter().any(|c| c.fate_open) {
        return;
    }
    // Only totals: "one of the victims" subsets are too often no deaths at all (measured).
    // Charges ("two counts of murder") do not say which of the people shot died.
    let killed = cands
        .iter()
        .filter(|c| c.kind == FigureKind::Killed && c.subset.is_none() && !c.superseded)
        .filter(|c| c.rule != victims::COUNTS_OF_MURDER)
        .map(|c| c.value)
        .max()
        .unwrap_or(0);
    cands.retain_mut(|c| {
        if !c.fate_open {
            return true;
        }
        c.fate_open = false;
        if c.value <= killed {
            return false;
        }
        if killed > 0 {
            c.value -= killed;
            c.value_max = c.value_max.map(|m| m.saturating_sub(killed));
            c.qualifier = Qualifier::Exact;
            c.rule.push_str(&format!(" minus {killed} killed"));
        }
        true
    });
}

/// Does the figure count "others" ("four others", "seven other people")?
fn names_others(body: &str, c: &Cand) -> bool {
    body.get(c.start..c.end).is_some_and(|t| {
        t.split(|ch: char| !ch.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("other") || w.eq_ignore_ascii_case("others"))
    })
}

/// "A teenager died and seven other people were hurt ... eight people were injured": when
/// the article counts the injured as *others* than the dead and also gives that count plus
/// its death toll, the larger count is everyone hit, the dead included; it is read as the
/// survivors, like a count of people shot ([`settle_open_fates`]).
fn settle_hit_counts(body: &str, cands: &mut [Cand]) {
    let main = |c: &Cand| c.subset.is_none() && !c.superseded && c.value_max.is_none();
    let killed = cands
        .iter()
        .filter(|c| c.kind == FigureKind::Killed && main(c))
        .map(|c| c.value)
        .max()
        .unwrap_or(0);
    if killed == 0 {
        return;
    }
    let other = |c: &Cand| names_others(body, c);
    // "Others" than the dead the same sentence counts.
    let death_sentences: Vec<usize> = cands
        .iter()
        .filter(|c| c.kind == FigureKind::Killed)
        .map(|c| c.sentence)
        .collect();
    let others: Vec<u64> = cands
        .iter()
        .filter(|c| c.kind == FigureKind::Injured && main(c) && !c.rule.contains(" minus "))
        .filter(|c| other(c) && death_sentences.contains(&c.sentence))
        .map(|c| c.value)
        .collect();
    for c in cands.iter_mut() {
        if c.kind == FigureKind::Injured
            && main(c)
            && !other(c)
            && !c.rule.contains(" minus ")
            && c.value > killed
            && others.contains(&(c.value - killed))
        {
            c.value -= killed;
            c.rule.push_str(&format!(" minus {killed} killed"));
        }
    }
}

fn finish(body: &str, mut cands: Vec<Cand>) -> Vec<Figure> {
    settle_open_fates(&mut cands);
    settle_hit_counts(body, &mut cands);
    // "18 of them were in serious condition": part of an earlier, larger count of the kind.
    let snapshot: Vec<(FigureKind, u64, usize, bool)> = cands
        .iter()
        .map(|c| (c.kind, c.value, c.start, c.subset.is_none()))
        .collect();
    let totals: Vec<(FigureKind, u64, usize)> = cands
        .iter()
        .filter(|c| c.subset.is_none() && !c.superseded)
        .map(|c| (c.kind, c.value, c.start))
        .collect();
    for c in &mut cands {
        if let Some(words) = c.maybe_subset.take()
            && snapshot
                .iter()
                .any(|&(k, v, s, main)| main && k == c.kind && v > c.value && s < c.start)
        {
            c.subset = Some(words);
        }
        if let Some(words) = c.part_of_larger.take()
            && c.subset.is_none()
            && totals
                .iter()
                .any(|&(k, v, s)| k == c.kind && v > c.value && s < c.start)
        {
            c.subset = Some(words);
        }
    }
    // Dedupe on (kind, value, value_max, subset-or-not), keeping the first occurrence but the
    // most informative qualifier, and outdated if the article ever presents it so.
    let mut kept: Vec<Cand> = Vec::new();
    for c in cands {
        if c.value == 0 || c.start >= c.end || c.end > body.len() {
            continue;
        }
        if let Some(k) = kept.iter_mut().find(|k| {
            k.kind == c.kind
                && k.value == c.value
                && k.value_max == c.value_max
                && k.subset.is_some() == c.subset.is_some()
        }) {
            if k.qualifier == Qualifier::Exact && c.qualifier != Qualifier::Exact {
                k.qualifier = c.qualifier;
            }
            k.superseded |= c.superseded;
            k.soft_superseded |= c.soft_superseded;
            if k.attributed_to.is_none() {
                k.attributed_to = c.attributed_to;
            }
            continue;
        }
        kept.push(c);
    }
    // A single victim is part of a larger count of the same kind when the article gives one.
    let larger: Vec<FigureKind> = kept
        .iter()
        .filter(|c| c.subset.is_none() && (c.value > 1 || c.value_max.is_some_and(|m| m > 1)))
        .map(|c| c.kind)
        .collect();
    // So is one singled out of a group of victims ("the dead included a fisherman") when the
    // article counts that group, even if only in part ("nine died in the district alone").
    let any_larger: Vec<FigureKind> = kept
        .iter()
        .filter(|c| !c.superseded && (c.value > 1 || c.value_max.is_some_and(|m| m > 1)))
        .map(|c| c.kind)
        .collect();
    kept.retain(|c| {
        let single = c.value == 1 && c.value_max.is_none();
        let of_group = c.rule.starts_with("group_") || c.rule.starts_with("subset:");
        !(single
            && (larger.contains(&c.kind)
                || (c.subset.is_some() && of_group && any_larger.contains(&c.kind))))
    });
    // "Officials earlier said 12 died" is outdated only when the article has a newer count.
    let main: Vec<(FigureKind, u64)> = kept
        .iter()
        .filter(|c| c.subset.is_none())
        .map(|c| (c.kind, c.value))
        .collect();
    for c in &mut kept {
        if c.soft_superseded
            && c.subset.is_none()
            && main.iter().any(|&(k, v)| k == c.kind && v != c.value)
        {
            c.superseded = true;
        }
    }
    kept.sort_by_key(|c| (c.start, c.end));
    kept.into_iter()
        .filter_map(|c| {
            let text = body.get(c.start..c.end)?.to_string();
            Some(Figure {
                kind: c.kind,
                value: c.value,
                value_max: c.value_max,
                qualifier: c.qualifier,
                subset: c.subset,
                superseded: c.superseded,
                attributed_to: c.attributed_to,
                text,
                sentence: c.sentence,
                start: c.start,
                end: c.end,
                rule: c.rule,
            })
        })
        .collect()
}

/// Read every quantity of a token list; used by the sentence analyser and tests.
pub(crate) fn quantities(t: &Toks) -> Vec<crate::numbers::Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !crate::numbers::may_start_quantity(t, i) {
            i += 1;
            continue;
        }
        // "was revised up to 41", "went down to 9": a change of a figure, not the hedge "up to".
        if matches!(t.lw(i), "up" | "down")
            && t.lw(i + 1) == "to"
            && i > 0
            && lexicon::flags(t.lw(i - 1)) & lexicon::CHANGE != 0
        {
            i += 1;
            continue;
        }
        let to_range = !(i > 0 && matches!(t.lw(i - 1), "from" | "by"));
        match parse_quantity(t, i, to_range) {
            Parsed::Yes(q) => {
                i = q.next.max(i + 1);
                out.push(q);
            }
            Parsed::Junk(k) => i = k.max(i + 1),
            Parsed::No => i += 1,
        }
    }
    out
}

/// Is the token a word that starts with a capital letter?
pub(crate) fn is_cap_word(t: &Toks, i: usize) -> bool {
    t.kind(i) == Some(TokenKind::Word) && t.capitalised(i)
}
