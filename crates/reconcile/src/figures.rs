//! Figures: the current value of each kind and its value day by day, by rules a reader can
//! check. A reported figure allows a range of true values ("about 52,000", "more than
//! 50,000"); two reports disagree, or one revises the other down, only when their ranges
//! do not meet. Vague words ("dozens") give no number to compare with, and a number that
//! a larger report of the same day also gives as one of its parts is that part, not a
//! rival count.

use std::collections::{BTreeMap, BTreeSet};

use factline_model::{
    Article, AuthorityFigure, DailyFigure, Date, Figure, FigureKind, FigureState, HistoryEntry,
    Qualifier, SubsetFigure,
};

use crate::describe;
use crate::names::Names;

/// Relative spread above which same-day reports whose ranges do not meet are a conflict.
const CONFLICT_SPREAD: f64 = 0.10;

/// The values a reported figure allows, as a closed range.
pub fn bounds(value: u64, value_max: Option<u64>, qualifier: Qualifier) -> (u64, u64) {
    use Qualifier::*;
    match qualifier {
        Exact => (value, value),
        AtLeast => (value, u64::MAX),
        MoreThan => (value.saturating_add(1), u64::MAX),
        About => (value - value / 10, value + value / 10),
        Nearly => (value - value / 10, value),
        UpTo => (0, value),
        FewerThan => (0, value.saturating_sub(1)),
        Range => (value, value_max.unwrap_or(value).max(value)),
        // "dozens" (12), "scores" (40), "hundreds", "thousands": up to the next order.
        Vague => (value, value.saturating_mul(10).saturating_sub(1).max(value)),
    }
}

fn meet(a: (u64, u64), b: (u64, u64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// How a figure moved from one day's value to a later one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Up,
    Down,
    /// Said another way, or too loosely to tell ("about 52,000", then "more than 50,000";
    /// "dozens", then "more than 70").
    Restated,
}

/// How a figure moved from `prev` to `now`: down when no value `now` allows reaches
/// `prev`'s range, up the other way; a count told exactly or as a floor ("at least 40",
/// "more than 60") is also compared by its number, a lowered floor only when it drops by
/// more than the conflict spread (rounding: "at least 133", then "more than 130").
pub fn change(prev: (u64, Option<u64>, Qualifier), now: (u64, Option<u64>, Qualifier)) -> Change {
    let (p, n) = (bounds(prev.0, prev.1, prev.2), bounds(now.0, now.1, now.2));
    let floor = |q: Qualifier| {
        matches!(
            q,
            Qualifier::Exact | Qualifier::AtLeast | Qualifier::MoreThan
        )
    };
    let floors = floor(prev.2) && floor(now.2);
    if n.1 < p.0 || (floors && (now.0 as f64) < (prev.0 as f64) * (1.0 - CONFLICT_SPREAD)) {
        Change::Down
    } else if p.1 < n.0 || (floors && now.0 > prev.0) {
        Change::Up
    } else {
        Change::Restated
    }
}

/// Can two reports of one day not both be true? Their ranges do not meet and their values
/// differ by more than [`CONFLICT_SPREAD`].
fn rivals(a: &Figure, b: &Figure) -> bool {
    let (lo, hi) = (a.value.min(b.value), a.value.max(b.value));
    hi > 0
        && ((hi - lo) as f64) / (hi as f64) > CONFLICT_SPREAD
        && !meet(
            bounds(a.value, a.value_max, a.qualifier),
            bounds(b.value, b.value_max, b.qualifier),
        )
}

/// The main (non-subset, non-superseded) figure of a kind in one article: the largest, as
/// an article that states several counts of one kind gives its total last or largest.
pub(crate) fn main_figure(a: &Article, kind: FigureKind) -> Option<&Figure> {
    current_figures(a, kind).max_by_key(|f| (f.value, std::cmp::Reverse(f.start)))
}

/// The non-subset, non-superseded figures of a kind in one article.
fn current_figures(a: &Article, kind: FigureKind) -> impl Iterator<Item = &Figure> {
    a.facts
        .figures
        .iter()
        .filter(move |f| f.kind == kind && f.subset.is_none() && !f.superseded)
}

/// One article's main figure of a kind, on its publication date.
struct Report<'a> {
    date: Date,
    article: &'a Article,
    figure: &'a Figure,
}

/// (date, superseded, value, value_max, qualifier) of one history entry.
type HistoryKey = (Date, bool, u64, Option<u64>, Qualifier);

pub(crate) fn figure_state(
    kind: FigureKind,
    arts: &[&Article],
    root: &BTreeMap<String, String>,
    names: &Names,
    off_event: &BTreeSet<String>,
) -> Option<FigureState> {
    let mut history: BTreeMap<HistoryKey, (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut reports: Vec<Report> = Vec::new();
    // Every current figure credited to someone, not only each article's main one: "the
    // state agency said 14; the federal agency, 18; the Red Cross, 16" in one report.
    let mut attributed: Vec<Report> = Vec::new();
    for a in arts {
        let main = main_figure(a, kind);
        attributed.extend(
            current_figures(a, kind)
                .filter(|f| f.attributed_to.is_some())
                .map(|f| Report {
                    date: a.published,
                    article: a,
                    figure: f,
                }),
        );
        for f in a
            .facts
            .figures
            .iter()
            .filter(|f| f.kind == kind && f.subset.is_none())
        {
            let is_main = main.is_some_and(|m| std::ptr::eq(m, f));
            if !f.superseded && !is_main {
                continue;
            }
            let e = history
                .entry((a.published, f.superseded, f.value, f.value_max, f.qualifier))
                .or_default();
            if !e.0.contains(&a.id) {
                e.0.push(a.id.clone());
            }
            if let Some(by) = &f.attributed_to {
                e.1.insert(names.shown(&names.key(by)).to_string());
            }
        }
        if let Some(m) = main {
            reports.push(Report {
                date: a.published,
                article: a,
                figure: m,
            });
        }
    }
    // Reports of another event count only when the story has no others.
    if reports.iter().any(|r| !off_event.contains(&r.article.id)) {
        reports.retain(|r| !off_event.contains(&r.article.id));
    }
    let daily = daily(&reports, root);
    let today = daily.last()?.clone();
    let earlier = &daily[..daily.len() - 1];
    let revised_down = earlier.iter().any(|d| {
        change(
            (d.value, d.value_max, d.qualifier),
            (today.value, today.value_max, today.qualifier),
        ) == Change::Down
    });
    let independent: BTreeSet<&String> = today.sources.iter().filter_map(|s| root.get(s)).collect();
    let mut reason = reason(&today, &reports);
    let left_out: Vec<&str> = arts
        .iter()
        .filter(|a| off_event.contains(&a.id) && main_figure(a, kind).is_some())
        .filter(|a| !reports.iter().any(|r| r.article.id == a.id))
        .map(|a| a.id.as_str())
        .collect();
    if !left_out.is_empty() {
        reason.push_str(&format!(
            " Left out as telling of another place and date: {}.",
            left_out.join(", ")
        ));
    }
    Some(FigureState {
        value: today.value,
        qualifier: today.qualifier,
        as_of: today.date,
        independent_sources: independent.len(),
        sources: today.sources.clone(),
        low: today.low,
        high: today.high,
        conflict: today.conflict,
        revised_down,
        history: history
            .into_iter()
            .map(
                |((date, superseded, value, value_max, qualifier), (sources, by))| HistoryEntry {
                    date,
                    value,
                    value_max,
                    qualifier,
                    sources,
                    attributed_to: by.into_iter().collect(),
                    superseded,
                },
            )
            .collect(),
        by_authority: by_authority(&attributed, names),
        daily,
        reason,
    })
}

/// The value of each day with reports. Vague counts ("dozens") stand only until a number is
/// reported: after that a vague report neither sets a day's value nor is compared.
fn daily(reports: &[Report], root: &BTreeMap<String, String>) -> Vec<DailyFigure> {
    let mut by_day: BTreeMap<Date, Vec<&Report>> = BTreeMap::new();
    for r in reports {
        by_day.entry(r.date).or_default().push(r);
    }
    let mut out = Vec::new();
    let mut numbered = false;
    for (date, day) in by_day {
        let precise: Vec<&Report> = day
            .iter()
            .copied()
            .filter(|r| r.figure.qualifier != Qualifier::Vague)
            .collect();
        let counted = if !precise.is_empty() {
            numbered = true;
            precise
        } else if numbered {
            continue;
        } else {
            day
        };
        out.push(day_figure(date, &counted, root));
    }
    out
}

/// Is this report's number one that a larger same-day report also gives as a part ("four
/// attackers" beside "eleven people detained, four of them the attackers")?
fn is_part(r: &Report, day: &[&Report]) -> bool {
    day.iter().any(|o| {
        o.figure.value > r.figure.value
            && o.article
                .facts
                .figures
                .iter()
                .any(|f| f.kind == r.figure.kind && !f.superseded && f.value == r.figure.value)
    })
}

fn day_figure(date: Date, day: &[&Report], root: &BTreeMap<String, String>) -> DailyFigure {
    let whole: Vec<&Report> = day.iter().copied().filter(|r| !is_part(r, day)).collect();
    let day: &[&Report] = if whole.is_empty() { day } else { &whole };
    let mut votes: BTreeMap<u64, BTreeSet<&String>> = BTreeMap::new();
    for r in day {
        votes
            .entry(r.figure.value)
            .or_default()
            .insert(root.get(&r.article.id).unwrap_or(&r.article.id));
    }
    // The value most independent sources give (ties: the higher).
    let value = votes
        .iter()
        .max_by_key(|(v, s)| (s.len(), **v))
        .map(|(v, _)| *v)
        .unwrap_or(0);
    let mut quals: BTreeMap<Qualifier, usize> = BTreeMap::new();
    let mut sources = Vec::new();
    let mut value_max = None;
    for r in day.iter().filter(|r| r.figure.value == value) {
        *quals.entry(r.figure.qualifier).or_default() += 1;
        value_max = value_max.max(r.figure.value_max);
        if !sources.contains(&r.article.id) {
            sources.push(r.article.id.clone());
        }
    }
    let qualifier = quals
        .into_iter()
        .max_by_key(|(q, n)| (*n, std::cmp::Reverse(*q)))
        .map(|(q, _)| q)
        .unwrap_or(Qualifier::Exact);
    let conflict = day
        .iter()
        .enumerate()
        .any(|(i, a)| day[i + 1..].iter().any(|b| rivals(a.figure, b.figure)));
    let roots: BTreeSet<&String> = day
        .iter()
        .map(|r| root.get(&r.article.id).unwrap_or(&r.article.id))
        .collect();
    DailyFigure {
        date,
        value,
        value_max: value_max.filter(|_| qualifier == Qualifier::Range),
        qualifier,
        low: day.iter().map(|r| r.figure.value).min().unwrap_or(value),
        high: day.iter().map(|r| r.figure.value).max().unwrap_or(value),
        conflict,
        sources,
        reports: roots.len(),
        agreeing: votes.get(&value).map_or(0, BTreeSet::len),
    }
}

/// Why the current value is what it is, in one or two sentences.
fn reason(today: &DailyFigure, reports: &[Report]) -> String {
    let value = describe(today.value, today.value_max, today.qualifier);
    let mut s = if today.reports <= 1 {
        format!("The latest report, of {}, gives {value}.", today.date)
    } else {
        format!(
            "On {}, the latest day with reports, {} of {} independent reports give {value}, \
             the value most of them agree on.",
            today.date, today.agreeing, today.reports
        )
    };
    if today.conflict {
        s.push_str(&format!(
            " They cannot all be right: that day's reports range from {} to {}.",
            today.low, today.high
        ));
    }
    let vague = reports
        .iter()
        .any(|r| r.figure.qualifier == Qualifier::Vague);
    if vague && today.qualifier != Qualifier::Vague {
        s.push_str(" Vague counts (\"dozens\") are not weighed against numbers.");
    }
    s
}

/// Latest figure per named authority, when at least two authorities are cited; one
/// authority under several names ("UN", "United Nations") counts once.
fn by_authority(reports: &[Report], names: &Names) -> Vec<AuthorityFigure> {
    let mut latest: BTreeMap<String, (Date, u64, Qualifier, Vec<String>)> = BTreeMap::new();
    for r in reports {
        let Some(by) = &r.figure.attributed_to else {
            continue;
        };
        let (d, f) = (r.date, r.figure);
        let e = latest
            .entry(names.key(by))
            .or_insert_with(|| (d, f.value, f.qualifier, Vec::new()));
        if d > e.0 || (d == e.0 && f.value > e.1) {
            *e = (d, f.value, f.qualifier, Vec::new());
        }
        if d == e.0 && f.value == e.1 && !e.3.contains(&r.article.id) {
            e.3.push(r.article.id.clone());
        }
    }
    if latest.len() < 2 {
        return Vec::new();
    }
    latest
        .into_iter()
        .map(|(key, (date, value, qualifier, sources))| AuthorityFigure {
            authority: names.shown(&key).to_string(),
            value,
            qualifier,
            date,
            sources,
        })
        .collect()
}

pub(crate) fn subsets(arts: &[&Article]) -> Vec<SubsetFigure> {
    // (kind, normalised subset) → latest report
    let mut out: BTreeMap<(FigureKind, String), SubsetFigure> = BTreeMap::new();
    for a in arts {
        for f in a.facts.figures.iter().filter(|f| !f.superseded) {
            let Some(sub) = &f.subset else { continue };
            let key = (f.kind, sub.to_lowercase());
            let e = out.entry(key).or_insert_with(|| SubsetFigure {
                kind: f.kind,
                subset: sub.clone(),
                value: f.value,
                qualifier: f.qualifier,
                sources: Vec::new(),
                date: a.published,
            });
            if a.published > e.date || (a.published == e.date && f.value > e.value) {
                e.value = f.value;
                e.qualifier = f.qualifier;
                e.date = a.published;
                e.sources.clear();
            }
            if a.published == e.date && f.value == e.value && !e.sources.contains(&a.id) {
                e.sources.push(a.id.clone());
            }
        }
    }
    out.into_values().collect()
}
