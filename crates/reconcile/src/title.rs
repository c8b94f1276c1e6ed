//! A story's title: the headline that best names the story as it stands now, else one built
//! from its facts. Headlines are cleaned of site names and tags ("Video:", "| Reuters"); a
//! headline whose number is a figure the story has since left behind ("kills at least 12"
//! beside a toll of 148) is stale; among the rest the one that shares most words with the
//! story's other headlines (it names what they all name: the event and the place) wins.

use std::collections::{BTreeMap, BTreeSet};

use factline_model::{Article, Date, FigureKind, FigureState};

use crate::describe;

/// Separators between a headline and a site or section name.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " // "];
/// Separators a site or section name may come before ("World | Flooding in…"); a dash
/// before a headline's last words is more often the headline's own.
const PREFIX_SEPARATORS: &[&str] = &[" | ", " :: ", " // "];
/// Tags some sites put before a headline.
const TAGS: &[&str] = &[
    "breaking",
    "update",
    "updated",
    "updates",
    "video",
    "watch",
    "live",
    "photos",
    "exclusive",
    "latest",
];
/// Words shorter than this are not compared between headlines.
const MIN_WORD: usize = 4;
/// A headline longer than this many words reads as a sentence of the text, not a title.
const LONG: usize = 18;

/// A headline without the site's name or a leading tag, or None when nothing is left.
pub(crate) fn clean_headline(raw: &str) -> Option<String> {
    let mut h = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // The site's name is the shorter side of a separator (at most four words).
    loop {
        let cut = SEPARATORS.iter().find_map(|sep| {
            let (i, _) = h.rmatch_indices(sep).next()?;
            let (head, tail) = (&h[..i], &h[i + sep.len()..]);
            let words = |s: &str| s.split_whitespace().count();
            if words(tail) <= 4 && words(head) >= 3 {
                Some(head.to_string())
            } else if PREFIX_SEPARATORS.contains(sep)
                && words(head) <= 4
                && words(tail) >= 3
                && words(head) < words(tail)
            {
                Some(tail.to_string())
            } else {
                None
            }
        });
        match cut {
            Some(c) if c != h => h = c,
            _ => break,
        }
    }
    if let Some((tag, rest)) = h.split_once(':')
        && TAGS.contains(&tag.trim().to_lowercase().as_str())
        && !rest.trim().is_empty()
    {
        h = rest.trim().to_string();
    }
    let h = h.trim().trim_end_matches(['.', ' ']).to_string();
    (h.split_whitespace().count() >= 2).then_some(h)
}

fn words(h: &str) -> BTreeSet<String> {
    h.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= MIN_WORD)
        .map(str::to_lowercase)
        .collect()
}

/// The numbers a headline states in digits ("12", "1,150").
fn numbers(h: &str) -> Vec<u64> {
    h.split(|c: char| !(c.is_ascii_digit() || c == ','))
        .filter_map(|t| t.trim_matches(',').replace(',', "").parse().ok())
        .collect()
}

/// A story's title and the article whose headline it is (None when built from the facts).
pub(crate) struct Title {
    pub text: String,
    pub from: Option<String>,
}

/// The earliest report's headline, cleaned: what the event was first called.
pub(crate) fn first_headline(arts: &[&Article]) -> Option<String> {
    arts.iter()
        .find_map(|a| clean_headline(a.title.as_deref()?))
}

/// The best title for a story as it stands (see the module).
pub(crate) fn title(
    arts: &[&Article],
    figures: &BTreeMap<FigureKind, FigureState>,
    places: &[String],
    event_date: Option<Date>,
) -> Option<Title> {
    let current: BTreeSet<u64> = figures.values().map(|f| f.value).collect();
    let past: BTreeSet<u64> = figures
        .values()
        .flat_map(|f| f.history.iter().map(|h| h.value))
        .filter(|v| !current.contains(v))
        .collect();
    let lower_places: Vec<String> = places.iter().map(|p| p.to_lowercase()).collect();
    let heads: Vec<(usize, String, BTreeSet<String>)> = arts
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let h = clean_headline(a.title.as_deref()?)?;
            let w = words(&h);
            Some((i, h, w))
        })
        .collect();
    let best = heads
        .iter()
        .map(|(i, h, w)| {
            // How typical: the share of the other headlines' words it names.
            let shared: usize = heads
                .iter()
                .filter(|(j, _, _)| j != i)
                .map(|(_, _, o)| w.intersection(o).count())
                .sum();
            let mut score = shared as f64 / heads.len().max(2).saturating_sub(1) as f64;
            let lower = h.to_lowercase();
            if lower_places
                .iter()
                .take(3)
                .any(|p| lower.contains(p.as_str()))
            {
                score += 1.0;
            }
            let nums = numbers(h);
            if nums.iter().any(|n| past.contains(n)) {
                score -= 3.0;
            } else if nums.iter().any(|n| current.contains(n)) {
                score += 0.5;
            }
            let n = h.split_whitespace().count();
            if n > LONG {
                score -= 2.0;
            } else if n < 4 {
                score -= 1.0;
            }
            // Ties: the newer headline (arts come oldest first).
            (score, *i, h)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    if let Some((_, i, h)) = best {
        return Some(Title {
            text: h.clone(),
            from: Some(arts[i].id.clone()),
        });
    }
    built(arts, figures, places.first().cloned(), event_date).map(|text| Title { text, from: None })
}

/// A title from the facts when no article has a headline: "At least 12 killed in Tartu on
/// 2025-03-12", else the first sentence of the first report, cut at a clause.
fn built(
    arts: &[&Article],
    figures: &BTreeMap<FigureKind, FigureState>,
    place: Option<String>,
    event_date: Option<Date>,
) -> Option<String> {
    let toll = [
        (FigureKind::Killed, "killed"),
        (FigureKind::Missing, "missing"),
        (FigureKind::Injured, "injured"),
    ]
    .into_iter()
    .find_map(|(k, word)| figures.get(&k).map(|f| (f, word)));
    if let Some((f, word)) = toll {
        let mut t = describe(f.value, None, f.qualifier);
        if let Some(first) = t.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        t.push_str(&format!(" {word}"));
        if let Some(p) = place {
            t.push_str(&format!(" in {p}"));
        }
        if let Some(d) = event_date {
            t.push_str(&format!(" on {d}"));
        }
        return Some(t);
    }
    let a = arts.first()?;
    let first = a
        .clean
        .sentences
        .first()
        .map(|s| a.clean.body[s.start..s.end].trim())?;
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.len() <= LONG {
        return Some(first.trim_end_matches('.').to_string());
    }
    // Cut at the last clause break within the first words, else after them.
    let head = words[..LONG].join(" ");
    let cut = head
        .rfind([',', ';', ':'])
        .filter(|&i| head[..i].split_whitespace().count() >= 6);
    Some(match cut {
        Some(i) => head[..i].to_string(),
        None => format!("{head}…"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_and_tags_go() {
        assert_eq!(
            clean_headline("Gunmen attack concert hall near Moscow | Reuters").as_deref(),
            Some("Gunmen attack concert hall near Moscow")
        );
        assert_eq!(
            clean_headline("WATCH: Bridge collapses in Tartu - Local News 24").as_deref(),
            Some("Bridge collapses in Tartu")
        );
        assert_eq!(
            clean_headline("World News | Flooding in Valencia leaves dozens dead").as_deref(),
            Some("Flooding in Valencia leaves dozens dead")
        );
        // A dash inside a headline is not a site name.
        assert_eq!(
            clean_headline("Quake toll rises - rescuers search rubble in two towns").as_deref(),
            Some("Quake toll rises - rescuers search rubble in two towns")
        );
        assert_eq!(clean_headline("Home"), None);
    }

    #[test]
    fn numbers_in_headlines() {
        assert_eq!(numbers("Toll rises to 1,150 after 3 days"), vec![1150, 3]);
    }
}
