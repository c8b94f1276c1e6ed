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
    Article, ClaimKind, Date, Dispute, FigureKind, FigureState, Qualifier, StoryArticle,
    StoryClaim, StoryState, StorySummary, TimelineEntry,
};

mod briefing;
mod figures;
mod names;
mod title;

pub use figures::{Change, bounds, change};
use figures::{figure_state, subsets};
use names::Names;

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
    let names = Names::new(arts.iter().flat_map(|a| {
        let credited = a
            .facts
            .figures
            .iter()
            .filter_map(|f| f.attributed_to.as_deref());
        let claimed = a
            .facts
            .claims
            .iter()
            .flat_map(|c| std::iter::once(c.actor.as_str()).chain(c.target.as_deref()));
        credited.chain(claimed)
    }));

    let event_date = event_date(&arts);
    let places = places(&arts);
    let off_event = off_event(&arts, event_date);
    let figures: BTreeMap<FigureKind, FigureState> = FigureKind::ALL
        .iter()
        .filter_map(|&k| figure_state(k, &arts, &root, &names, &off_event).map(|s| (k, s)))
        .collect();
    let subsets = subsets(&arts);
    let claims = claims(&arts, &names);
    let title = title::title(&arts, &figures, &places, event_date);
    let first_name =
        title::first_headline(&arts).or_else(|| title.as_ref().map(|t| t.text.clone()));
    let timeline = timeline(&arts, &figures, &claims, event_date, first_name.as_deref());
    let headline_of = title.as_ref().and_then(|t| t.from.clone());
    let mut state = StoryState {
        id: id.to_string(),
        title: title.map(|t| t.text),
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
        corrections: Vec::new(),
    };
    state.briefing = briefing::briefing(&state, &arts, headline_of.as_deref());
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

/// Claims grouped by kind, actor and target, one actor under several names counted once
/// and shown by its longest name.
fn claims(arts: &[&Article], names: &Names) -> Vec<StoryClaim> {
    let mut grouped: BTreeMap<(ClaimKind, String, Option<String>), StoryClaim> = BTreeMap::new();
    for a in arts {
        for c in &a.facts.claims {
            let actor = names.key(&c.actor);
            let target = c.target.as_deref().map(|t| names.key(t));
            let shown_target = target.as_deref().map(|t| names.shown(t).to_string());
            let shown_actor = names.shown(&actor).to_string();
            let key = (c.kind, actor, target);
            let e = grouped.entry(key).or_insert_with(|| StoryClaim {
                kind: c.kind,
                actor: shown_actor,
                target: shown_target,
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

/// Days between an article's event date and the story's beyond which, with none of the
/// story's places named, the article tells of another event.
const OTHER_EVENT_DAYS: i32 = 2;

/// Articles that tell of another event than the story's: they date their event
/// [`OTHER_EVENT_DAYS`] or more from the story's and name places, none of them one the
/// story's other articles name (an attack three days later in a neighbouring town that
/// clustering let in). Their figures stay in the history but never set a current value.
fn off_event(arts: &[&Article], event_date: Option<Date>) -> BTreeSet<String> {
    let Some(story_day) = event_date else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for a in arts {
        let Some(day) = a.facts.event_date else {
            continue;
        };
        if (day - story_day).get_days().abs() < OTHER_EVENT_DAYS || a.facts.places.is_empty() {
            continue;
        }
        let shared = arts.iter().filter(|o| o.id != a.id).any(|o| {
            o.facts
                .places
                .iter()
                .any(|p| a.facts.places.iter().any(|q| q.eq_ignore_ascii_case(p)))
        });
        if !shared {
            out.insert(a.id.clone());
        }
    }
    out
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
    title: Option<&str>,
) -> Vec<TimelineEntry> {
    let mut out: Vec<(Date, u8, TimelineEntry)> = Vec::new();
    if let (Some(d), Some(what)) = (event_date, title) {
        let sources: Vec<String> = arts
            .iter()
            .filter(|a| a.facts.event_date == Some(d))
            .map(|a| a.id.clone())
            .collect();
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
        // One entry per change of the day's value, the value the story's card gives.
        let mut last: Option<&factline_model::DailyFigure> = None;
        for day in &st.daily {
            let now = describe(day.value, day.value_max, day.qualifier);
            let text = match last {
                None => format!("{} first reported: {now}", kind_label(*kind)),
                Some(prev) => {
                    if (prev.value, prev.value_max, prev.qualifier)
                        == (day.value, day.value_max, day.qualifier)
                    {
                        continue;
                    }
                    let was = describe(prev.value, prev.value_max, prev.qualifier);
                    match change(
                        (prev.value, prev.value_max, prev.qualifier),
                        (day.value, day.value_max, day.qualifier),
                    ) {
                        Change::Down => {
                            format!("{} revised down to {now} (from {was})", kind_label(*kind))
                        }
                        Change::Up => format!("{} rose to {now} (from {was})", kind_label(*kind)),
                        Change::Restated => {
                            format!("{} now given as {now} (earlier {was})", kind_label(*kind))
                        }
                    }
                }
            };
            last = Some(day);
            out.push((
                day.date,
                1,
                TimelineEntry {
                    date: day.date,
                    text,
                    sources: day.sources.clone(),
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
