//! The cited briefing: deterministic Markdown built only from what the articles state.
//!
//! Each sentence restates extracted facts (figures with their qualifiers, dates, places,
//! claims) and ends with the ids of the articles that state them. Sentences are added in
//! order of importance until the word budget is spent.

use factline_model::{Article, AuthorityFigure, ClaimKind, FigureKind, StoryState};

use crate::{claim_sentence, describe, kind_label};

/// Most words in a briefing (citations not counted).
pub const MAX_WORDS: usize = 120;

fn cite(ids: &[String]) -> String {
    let mut ids: Vec<&String> = ids.iter().collect();
    ids.sort();
    ids.dedup();
    ids.iter()
        .take(4)
        .map(|i| format!("[{i}]"))
        .collect::<Vec<_>>()
        .join("")
}

/// How a figure kind reads in a sentence: "133 people were killed", "140 injured".
fn figure_phrase(kind: FigureKind, value: &str, first: bool) -> String {
    let (lead, rest) = match kind {
        FigureKind::Killed => ("people were killed", "killed"),
        FigureKind::Injured => ("people were injured", "injured"),
        FigureKind::Missing => ("people are missing", "missing"),
        FigureKind::Detained => ("people were detained", "detained"),
        FigureKind::Displaced => ("people were displaced", "displaced"),
        FigureKind::Evacuated => ("people were evacuated", "evacuated"),
        FigureKind::Rescued => ("people were rescued", "rescued"),
    };
    format!("{value} {}", if first { lead } else { rest })
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The briefing of a story; `headline_of` is the article whose headline is the story's
/// title (None when the title was built from the facts, which the lead then restates).
pub(crate) fn briefing(state: &StoryState, arts: &[&Article], headline_of: Option<&str>) -> String {
    let mut sentences: Vec<(String, String)> = Vec::new();

    // What happened, in the words of the headline the story's title comes from.
    if let (Some(t), Some(id)) = (&state.title, headline_of)
        && !state.figures.is_empty()
    {
        sentences.push((
            format!("{}.", t.trim_end_matches(['.', '…', '!', '?'])),
            cite(&[id.to_string()]),
        ));
    }

    // Lead: what happened, where and when, with the current figures.
    let places: Vec<String> = state.places.iter().take(3).cloned().collect();
    let mut support: Vec<String> = Vec::new();
    let mut lead_figures: Vec<String> = Vec::new();
    for kind in [FigureKind::Killed, FigureKind::Injured, FigureKind::Missing] {
        if let Some(f) = state.figures.get(&kind) {
            let value = describe(f.value, None, f.qualifier);
            lead_figures.push(figure_phrase(kind, &value, lead_figures.is_empty()));
            support.extend(f.sources.iter().cloned());
        }
    }
    let mut lead = if lead_figures.is_empty() {
        match &state.title {
            Some(t) => {
                support.extend(
                    arts.iter()
                        .find(|a| a.title.is_some())
                        .map(|a| a.id.clone()),
                );
                t.trim_end_matches(['.', '…']).to_string()
            }
            None => "One event".to_string(),
        }
    } else {
        let mut l = and_list(&lead_figures);
        if let Some(first) = l.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        l
    };
    let comma = if lead_figures.is_empty() { "," } else { "" };
    if !places.is_empty() {
        lead.push_str(&format!("{comma} in {}", and_list(&places)));
        support.extend(
            arts.iter()
                .filter(|a| a.facts.places.iter().any(|p| places.contains(p)))
                .map(|a| a.id.clone()),
        );
    }
    if let Some(d) = state.event_date {
        lead.push_str(&format!("{comma} on {d}"));
        support.extend(
            arts.iter()
                .filter(|a| a.facts.event_date == Some(d))
                .map(|a| a.id.clone()),
        );
    }
    if let Some(as_of) = state.figures.values().map(|f| f.as_of).max()
        && !lead_figures.is_empty()
    {
        lead.push_str(&format!(", according to the latest reports, of {as_of}"));
    }
    if support.is_empty() {
        support.extend(arts.first().map(|a| a.id.clone()));
    }
    sentences.push((format!("{lead}."), cite(&support)));

    // Each figure: disagreements, revisions, other counts.
    for kind in FigureKind::ALL {
        let Some(f) = state.figures.get(kind) else {
            continue;
        };
        let value = describe(f.value, None, f.qualifier);
        let in_lead = matches!(
            kind,
            FigureKind::Killed | FigureKind::Injured | FigureKind::Missing
        );
        if !in_lead {
            sentences.push((
                format!("{} as of {}: {value}.", kind_label(*kind), f.as_of),
                cite(&f.sources),
            ));
        }
        if f.conflict {
            sentences.push((
                format!(
                    "Reports of {} disagree on the {}, from {} to {}.",
                    f.as_of,
                    kind_label(*kind).to_lowercase(),
                    f.low,
                    f.high
                ),
                cite(
                    &f.daily
                        .last()
                        .map(|d| d.sources.clone())
                        .unwrap_or_default(),
                ),
            ));
        }
        if f.revised_down
            && let Some(earlier) = f.daily.iter().rev().skip(1).find(|d| {
                crate::change(
                    (d.value, d.value_max, d.qualifier),
                    (f.value, None, f.qualifier),
                ) == crate::Change::Down
            })
        {
            sentences.push((
                format!(
                    "The {} was revised down to {value} from {} reported on {}.",
                    kind_label(*kind).to_lowercase(),
                    describe(earlier.value, earlier.value_max, earlier.qualifier),
                    earlier.date
                ),
                cite(&earlier.sources),
            ));
        }
        let diverging = diverging(&f.by_authority);
        if !diverging.is_empty() {
            let parts: Vec<String> = diverging
                .iter()
                .map(|a| {
                    format!(
                        "{} gives {}",
                        a.authority,
                        describe(a.value, None, a.qualifier)
                    )
                })
                .collect();
            let srcs: Vec<String> = diverging.iter().flat_map(|a| a.sources.clone()).collect();
            sentences.push((
                format!(
                    "Authorities differ on the {}: {}.",
                    kind_label(*kind).to_lowercase(),
                    and_list(&parts)
                ),
                cite(&srcs),
            ));
        }
    }

    // Who claims what, and who disputes it.
    for c in &state.claims {
        if c.kind == ClaimKind::Denied && state.claims.iter().any(|o| answered(o, c)) {
            continue;
        }
        let mut s = claim_sentence(c.kind, &c.actor, c.target.as_deref());
        let mut srcs = c.sources.clone();
        if !c.disputed_by.is_empty() {
            let who: Vec<String> = c.disputed_by.iter().map(|d| d.actor.clone()).collect();
            s.push_str(&format!(", which {} denied", and_list(&who)));
            srcs.extend(c.disputed_by.iter().flat_map(|d| d.sources.clone()));
        }
        sentences.push((format!("{s}."), cite(&srcs)));
    }

    let mut out = String::new();
    let mut words = 0;
    for (s, c) in sentences {
        let n = s.split_whitespace().count();
        if words + n > MAX_WORDS {
            break;
        }
        words += n;
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s);
        out.push(' ');
        out.push_str(&c);
    }
    out
}

/// Does claim `c` carry denial `d` among its disputes (so the denial is told with it)?
fn answered(c: &factline_model::StoryClaim, d: &factline_model::StoryClaim) -> bool {
    c.disputed_by
        .iter()
        .any(|x| x.kind == d.kind && x.actor == d.actor)
}

/// Authorities' latest figures given this many days apart or less are both current (one
/// may publish a day later than the other); older, a figure is the story's past (a first
/// count), not a dispute.
const AUTHORITY_CURRENT_DAYS: i32 = 1;

/// The authorities whose latest figures are current (given within
/// [`AUTHORITY_CURRENT_DAYS`] of the newest of them) when they disagree; none when they
/// agree or fewer than two are current.
fn diverging(by_authority: &[AuthorityFigure]) -> Vec<&AuthorityFigure> {
    let Some(newest) = by_authority.iter().map(|a| a.date).max() else {
        return Vec::new();
    };
    let current: Vec<&AuthorityFigure> = by_authority
        .iter()
        .filter(|a| (newest - a.date).get_days() <= AUTHORITY_CURRENT_DAYS)
        .collect();
    let low = current.iter().map(|a| a.value).min();
    let high = current.iter().map(|a| a.value).max();
    if current.len() < 2 || low == high {
        return Vec::new();
    }
    current
}
