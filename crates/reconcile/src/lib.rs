//! Reconciliation: all reports of one story (+ an as-of date) → its state.
//!
//! A pure function of the articles: current figure per kind, history, conflicts, downward
//! revisions, per-authority series, subsets, grouped claims with their denials, a dated
//! timeline and a short cited briefing. Rules follow the data contract:
//! the current value of a kind is the one reported on the latest date that has a report of
//! it (superseded and subset figures never count); several independent reports on that date
//! give `low`/`high`, the value most sources agree on, and `conflict` when they differ by
//! more than 10 %; a current value below an earlier one sets `revised_down`.

use std::collections::{BTreeMap, BTreeSet};

use factline_model::{
    Article, AuthorityFigure, ClaimKind, Date, Dispute, Figure, FigureKind, FigureState,
    HistoryEntry, Qualifier, StoryArticle, StoryClaim, StoryState, StorySummary, SubsetFigure,
    TimelineEntry,
};

mod briefing;

/// Relative spread above which same-day reports are a conflict.
const CONFLICT_SPREAD: f64 = 0.10;

/// The state of a story from the articles published on or before `as_of` (default: all).
/// `articles` may come in any order.
pub fn story_state(
    id: &str,
    aliases: &[String],
    articles: &[Article],
    as_of: Option<Date>,
) -> StoryState {
    let mut arts: Vec<&Article> = articles
        .iter()
        .filter(|a| as_of.is_none_or(|d| a.published <= d))
        .collect();
    arts.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    let as_of = as_of
        .or_else(|| arts.iter().map(|a| a.published).max())
        .unwrap_or(Date::constant(1970, 1, 1));
    let root = roots(&arts);

    let figures: BTreeMap<FigureKind, FigureState> = FigureKind::ALL
        .iter()
        .filter_map(|&k| figure_state(k, &arts, &root).map(|s| (k, s)))
        .collect();
    let subsets = subsets(&arts);
    let claims = claims(&arts);
    let title = title(&arts);
    let event_date = event_date(&arts);
    let places = places(&arts);
    let timeline = timeline(&arts, &figures, &claims, event_date);
    let mut state = StoryState {
        id: id.to_string(),
        title,
        event_date,
        places,
        as_of,
        articles: arts
            .iter()
            .map(|a| StoryArticle {
                id: a.id.clone(),
                published: a.published,
                title: a.title.clone(),
                source: a.source.clone(),
                url: a.url.clone(),
                duplicate_of: a.duplicate_of.clone(),
            })
            .collect(),
        figures,
        subsets,
        claims,
        timeline,
        briefing: String::new(),
        aliases: aliases.to_vec(),
    };
    state.briefing = briefing::briefing(&state, &arts);
    state
}

/// The `factline stories` line of a state.
pub fn summary(state: &StoryState) -> StorySummary {
    StorySummary {
        id: state.id.clone(),
        title: state.title.clone(),
        event_date: state.event_date,
        first_seen: state
            .articles
            .first()
            .map(|a| a.published)
            .unwrap_or(state.as_of),
        last_seen: state
            .articles
            .iter()
            .map(|a| a.published)
            .max()
            .unwrap_or(state.as_of),
        articles: state.articles.iter().map(|a| a.id.clone()).collect(),
        headline_figures: state.figures.iter().map(|(k, f)| (*k, f.value)).collect(),
        headline_qualifiers: state
            .figures
            .iter()
            .map(|(k, f)| (*k, f.qualifier))
            .collect(),
        aliases: state.aliases.clone(),
    }
}

/// Each article's original: itself, or the article it copies when that one is present.
fn roots(arts: &[&Article]) -> BTreeMap<String, String> {
    let ids: BTreeSet<&str> = arts.iter().map(|a| a.id.as_str()).collect();
    arts.iter()
        .map(|a| {
            let r = a
                .duplicate_of
                .as_deref()
                .filter(|d| ids.contains(d))
                .unwrap_or(&a.id);
            (a.id.clone(), r.to_string())
        })
        .collect()
}

/// The main (non-subset, non-superseded) figure of a kind in one article: the largest, as
/// an article that states several counts of one kind gives its total last or largest.
fn main_figure(a: &Article, kind: FigureKind) -> Option<&Figure> {
    current_figures(a, kind).max_by_key(|f| (f.value, std::cmp::Reverse(f.start)))
}

/// The non-subset, non-superseded figures of a kind in one article.
fn current_figures(a: &Article, kind: FigureKind) -> impl Iterator<Item = &Figure> {
    a.facts
        .figures
        .iter()
        .filter(move |f| f.kind == kind && f.subset.is_none() && !f.superseded)
}

/// (date, superseded, value, value_max, qualifier) of one history entry.
type HistoryKey = (Date, bool, u64, Option<u64>, Qualifier);

fn figure_state(
    kind: FigureKind,
    arts: &[&Article],
    root: &BTreeMap<String, String>,
) -> Option<FigureState> {
    // history: (date, value, value_max, qualifier, superseded) → sources
    let mut history: BTreeMap<HistoryKey, (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut current_reports: Vec<(Date, &Article, &Figure)> = Vec::new();
    // Every current figure credited to someone, not only each article's main one: "the
    // state agency said 14; the federal agency, 18; the Red Cross, 16" in one report.
    let mut attributed: Vec<(Date, &Article, &Figure)> = Vec::new();
    for a in arts {
        let main = main_figure(a, kind);
        attributed.extend(
            current_figures(a, kind)
                .filter(|f| f.attributed_to.is_some())
                .map(|f| (a.published, *a, f)),
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
                e.1.insert(by.clone());
            }
        }
        if let Some(m) = main {
            current_reports.push((a.published, a, m));
        }
    }
    let latest = current_reports.iter().map(|r| r.0).max()?;
    let today: Vec<&(Date, &Article, &Figure)> =
        current_reports.iter().filter(|r| r.0 == latest).collect();
    let (value, qualifier, sources) = consensus(&today, root);
    let low = today.iter().map(|r| r.2.value).min().unwrap_or(value);
    let high = today.iter().map(|r| r.2.value).max().unwrap_or(value);
    let conflict = high > 0 && ((high - low) as f64) / (high as f64) > CONFLICT_SPREAD;
    let earlier_high = current_reports
        .iter()
        .filter(|r| r.0 < latest)
        .map(|r| r.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|d| {
            let day: Vec<_> = current_reports.iter().filter(|r| r.0 == d).collect();
            consensus(&day, root).0
        })
        .max();
    let revised_down = earlier_high.is_some_and(|e| value < e);
    let independent: BTreeSet<&String> = sources.iter().filter_map(|s| root.get(s)).collect();
    let by_authority = by_authority(&attributed);
    Some(FigureState {
        value,
        qualifier,
        as_of: latest,
        independent_sources: independent.len(),
        sources,
        low,
        high,
        conflict,
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
        by_authority,
    })
}

/// The value most independent sources agree on (ties: the higher value), its most common
/// qualifier, and every article reporting it.
fn consensus(
    reports: &[&(Date, &Article, &Figure)],
    root: &BTreeMap<String, String>,
) -> (u64, Qualifier, Vec<String>) {
    let mut votes: BTreeMap<u64, BTreeSet<&String>> = BTreeMap::new();
    for r in reports {
        votes
            .entry(r.2.value)
            .or_default()
            .insert(root.get(&r.1.id).unwrap_or(&r.1.id));
    }
    let value = votes
        .iter()
        .max_by_key(|(v, s)| (s.len(), **v))
        .map(|(v, _)| *v)
        .unwrap_or(0);
    let mut quals: BTreeMap<Qualifier, usize> = BTreeMap::new();
    let mut sources = Vec::new();
    for r in reports.iter().filter(|r| r.2.value == value) {
        *quals.entry(r.2.qualifier).or_default() += 1;
        if !sources.contains(&r.1.id) {
            sources.push(r.1.id.clone());
        }
    }
    let qualifier = quals
        .into_iter()
        .max_by_key(|(q, n)| (*n, std::cmp::Reverse(*q)))
        .map(|(q, _)| q)
        .unwrap_or(Qualifier::Exact);
    (value, qualifier, sources)
}

fn normalise_authority(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    lower
        .strip_prefix("the ")
        .unwrap_or(&lower)
        .trim()
        .to_string()
}

/// Latest figure per named authority, when at least two authorities are cited.
fn by_authority(reports: &[(Date, &Article, &Figure)]) -> Vec<AuthorityFigure> {
    let mut latest: BTreeMap<String, (Date, u64, Qualifier, Vec<String>, String)> = BTreeMap::new();
    for (d, a, f) in reports {
        let Some(by) = &f.attributed_to else { continue };
        let key = normalise_authority(by);
        let e = latest
            .entry(key)
            .or_insert_with(|| (*d, f.value, f.qualifier, Vec::new(), by.clone()));
        if *d > e.0 || (*d == e.0 && f.value > e.1) {
            *e = (*d, f.value, f.qualifier, Vec::new(), by.clone());
        }
        if *d == e.0 && f.value == e.1 && !e.3.contains(&a.id) {
            e.3.push(a.id.clone());
        }
    }
    if latest.len() < 2 {
        return Vec::new();
    }
    latest
        .into_values()
        .map(
            |(date, value, qualifier, sources, authority)| AuthorityFigure {
                authority,
                value,
                qualifier,
                date,
                sources,
            },
        )
        .collect()
}

fn subsets(arts: &[&Article]) -> Vec<SubsetFigure> {
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

fn claims(arts: &[&Article]) -> Vec<StoryClaim> {
    let mut grouped: BTreeMap<(ClaimKind, String, Option<String>), StoryClaim> = BTreeMap::new();
    for a in arts {
        for c in &a.facts.claims {
            let key = (c.kind, c.actor.clone(), c.target.clone());
            let e = grouped.entry(key).or_insert_with(|| StoryClaim {
                kind: c.kind,
                actor: c.actor.clone(),
                target: c.target.clone(),
                sources: Vec::new(),
                first_seen: a.published,
                disputed_by: Vec::new(),
            });
            if !e.sources.contains(&a.id) {
                e.sources.push(a.id.clone());
            }
        }
    }
    let all: Vec<StoryClaim> = grouped.into_values().collect();
    let denials: Vec<&StoryClaim> = all.iter().filter(|c| c.kind == ClaimKind::Denied).collect();
    let mut out = Vec::new();
    for c in &all {
        let mut c = c.clone();
        if matches!(
            c.kind,
            ClaimKind::Accused | ClaimKind::ClaimedResponsibility
        ) {
            // A denial answers an accusation when the accused denies it, or when someone
            // denies the accused's involvement.
            let accused = c.target.clone().unwrap_or_else(|| c.actor.clone());
            for d in &denials {
                let answers = match c.kind {
                    ClaimKind::Accused => {
                        d.actor == accused || d.target.as_deref() == Some(accused.as_str())
                    }
                    _ => d.actor == c.actor,
                };
                if answers {
                    c.disputed_by.push(Dispute {
                        kind: d.kind,
                        actor: d.actor.clone(),
                        sources: d.sources.clone(),
                    });
                }
            }
        }
        out.push(c);
    }
    // Most-reported first, then by first appearance.
    out.sort_by(|a, b| {
        b.sources
            .len()
            .cmp(&a.sources.len())
            .then(a.first_seen.cmp(&b.first_seen))
            .then(a.kind.cmp(&b.kind))
            .then(a.actor.cmp(&b.actor))
    });
    out
}

/// The founding article's title, else the most recent title, else its first sentence.
fn title(arts: &[&Article]) -> Option<String> {
    if let Some(t) = arts.iter().find_map(|a| a.title.clone()) {
        return Some(t);
    }
    let a = arts.first()?;
    let first = a
        .clean
        .sentences
        .first()
        .map(|s| &a.clean.body[s.start..s.end])?;
    let words: Vec<&str> = first.split_whitespace().collect();
    Some(if words.len() > 14 {
        format!("{}…", words[..14].join(" "))
    } else {
        first.to_string()
    })
}

/// The event date most articles give (ties: the earliest).
fn event_date(arts: &[&Article]) -> Option<Date> {
    let mut votes: BTreeMap<Date, usize> = BTreeMap::new();
    for a in arts {
        if let Some(d) = a.facts.event_date {
            *votes.entry(d).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .max_by_key(|(d, n)| (*n, std::cmp::Reverse(*d)))
        .map(|(d, _)| d)
}

/// Places by how many articles name them (ties: first named).
fn places(arts: &[&Article]) -> Vec<String> {
    let mut count: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut order = 0;
    for a in arts {
        for p in &a.facts.places {
            order += 1;
            let e = count.entry(p.as_str()).or_insert((0, order));
            e.0 += 1;
        }
    }
    let mut v: Vec<(&str, (usize, usize))> = count.into_iter().collect();
    v.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    v.into_iter().take(6).map(|(p, _)| p.to_string()).collect()
}

fn timeline(
    arts: &[&Article],
    figures: &BTreeMap<FigureKind, FigureState>,
    claims: &[StoryClaim],
    event_date: Option<Date>,
) -> Vec<TimelineEntry> {
    let mut out: Vec<(Date, u8, TimelineEntry)> = Vec::new();
    if let Some(d) = event_date {
        let sources: Vec<String> = arts
            .iter()
            .filter(|a| a.facts.event_date == Some(d))
            .map(|a| a.id.clone())
            .collect();
        let what = arts
            .iter()
            .find_map(|a| a.title.clone())
            .unwrap_or_else(|| "The event".to_string());
        out.push((
            d,
            0,
            TimelineEntry {
                date: d,
                text: format!("Event: {what}"),
                sources,
            },
        ));
    }
    for (kind, st) in figures {
        // One entry per change of the day's consensus value.
        let mut last: Option<u64> = None;
        for h in st.history.iter().filter(|h| !h.superseded) {
            if last == Some(h.value) {
                continue;
            }
            let text = match last {
                None => format!(
                    "{} first reported: {}",
                    kind_label(*kind),
                    describe(h.value, h.value_max, h.qualifier)
                ),
                Some(prev) if h.value < prev => format!(
                    "{} revised down to {} (from {prev})",
                    kind_label(*kind),
                    describe(h.value, h.value_max, h.qualifier)
                ),
                Some(prev) => format!(
                    "{} rose to {} (from {prev})",
                    kind_label(*kind),
                    describe(h.value, h.value_max, h.qualifier)
                ),
            };
            last = Some(h.value);
            out.push((
                h.date,
                1,
                TimelineEntry {
                    date: h.date,
                    text,
                    sources: h.sources.clone(),
                },
            ));
        }
    }
    for c in claims {
        out.push((
            c.first_seen,
            2,
            TimelineEntry {
                date: c.first_seen,
                text: claim_sentence(c.kind, &c.actor, c.target.as_deref()),
                sources: c.sources.clone(),
            },
        ));
    }
    out.sort_by_key(|a| (a.0, a.1));
    out.into_iter().map(|(_, _, e)| e).collect()
}

pub(crate) fn kind_label(k: FigureKind) -> &'static str {
    match k {
        FigureKind::Killed => "Death toll",
        FigureKind::Injured => "Injured",
        FigureKind::Missing => "Missing",
        FigureKind::Detained => "Detained",
        FigureKind::Displaced => "Displaced",
        FigureKind::Evacuated => "Evacuated",
        FigureKind::Rescued => "Rescued",
    }
}

/// "at least 133", "between 40 and 60", "dozens".
pub fn describe(value: u64, value_max: Option<u64>, q: Qualifier) -> String {
    match q {
        Qualifier::Exact => value.to_string(),
        Qualifier::AtLeast => format!("at least {value}"),
        Qualifier::MoreThan => format!("more than {value}"),
        Qualifier::About => format!("about {value}"),
        Qualifier::Nearly => format!("nearly {value}"),
        Qualifier::UpTo => format!("up to {value}"),
        Qualifier::FewerThan => format!("fewer than {value}"),
        Qualifier::Range => match value_max {
            Some(m) => format!("between {value} and {m}"),
            None => value.to_string(),
        },
        Qualifier::Vague => match value {
            12 => "dozens".into(),
            40 => "scores".into(),
            100 => "hundreds".into(),
            1000 => "thousands".into(),
            v => format!("some {v}"),
        },
    }
}

pub(crate) fn claim_sentence(kind: ClaimKind, actor: &str, target: Option<&str>) -> String {
    match (kind, target) {
        (ClaimKind::ClaimedResponsibility, _) => format!("{actor} claimed responsibility"),
        (ClaimKind::Accused, Some(t)) => format!("{actor} accused {t}"),
        (ClaimKind::Accused, None) => format!("{actor} made an accusation"),
        (ClaimKind::Denied, Some(t)) => format!("{actor} denied the involvement of {t}"),
        (ClaimKind::Denied, None) => format!("{actor} denied involvement"),
        (ClaimKind::Condemned, _) => format!("{actor} issued a condemnation"),
    }
}

#[cfg(test)]
mod tests;
