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

pub(crate) fn briefing(state: &StoryState, arts: &[&Article]) -> String {
    let mut sentences: Vec<(String, String)> = Vec::new();

    // What, where, when.
    let what = state
        .title
        .clone()
        .unwrap_or_else(|| "Developing story".into());
    let mut s = what.trim_end_matches(['.', '…']).to_string();
    let mut support: Vec<String> = Vec::new();
    if let Some(d) = state.event_date {
        s.push_str(&format!(" — event on {d}"));
        support.extend(
            arts.iter()
                .filter(|a| a.facts.event_date == Some(d))
                .map(|a| a.id.clone()),
        );
    }
    if !state.places.is_empty() {
        let places: Vec<&str> = state.places.iter().take(3).map(String::as_str).collect();
        s.push_str(&format!(", in {}", places.join(", ")));
        support.extend(
            arts.iter()
                .filter(|a| a.facts.places.iter().any(|p| places.contains(&p.as_str())))
                .map(|a| a.id.clone()),
        );
    }
    if support.is_empty() {
        support.extend(arts.first().map(|a| a.id.clone()));
    }
    sentences.push((format!("{s}."), cite(&support)));

    // Current figures, most important kinds first.
    for kind in FigureKind::ALL {
        let Some(f) = state.figures.get(kind) else {
            continue;
        };
        let mut s = format!(
            "{}: {} as of {}",
            kind_label(*kind),
            describe(f.value, None, f.qualifier),
            f.as_of
        );
        if f.conflict {
            s.push_str(&format!(
                " (reports that day range from {} to {})",
                f.low, f.high
            ));
        }
        if f.revised_down {
            s.push_str(", revised down from an earlier figure");
        }
        sentences.push((format!("{s}."), cite(&f.sources)));
        let diverging = diverging(&f.by_authority);
        if !diverging.is_empty() {
            let parts: Vec<String> = diverging
                .iter()
                .map(|a| format!("{} {}", a.authority, describe(a.value, None, a.qualifier)))
                .collect();
            let srcs: Vec<String> = diverging.iter().flat_map(|a| a.sources.clone()).collect();
            sentences.push((
                format!("Sources differ: {}.", parts.join("; ")),
                cite(&srcs),
            ));
        }
    }

    // Who claims what, and what is disputed.
    for c in &state.claims {
        if c.kind == ClaimKind::Denied {
            continue;
        }
        let mut s = claim_sentence(c.kind, &c.actor, c.target.as_deref());
        let mut srcs = c.sources.clone();
        if !c.disputed_by.is_empty() {
            let who: Vec<&str> = c.disputed_by.iter().map(|d| d.actor.as_str()).collect();
            s.push_str(&format!("; disputed by {}", who.join(" and ")));
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
