//! Human-readable output (the `--json` forms are the contract's JSON).

use std::io::Write;

use anyhow::Result;
use factline_app::IngestTotals;
use factline_model::{Article, StoryState, StorySummary};
use factline_reconcile::describe;

fn headline(s: &StorySummary) -> String {
    s.headline_figures
        .iter()
        .map(|(k, v)| {
            let q = s.headline_qualifiers.get(k).copied();
            match q {
                Some(q) => format!("{k} {}", describe(*v, None, q)),
                None => format!("{k} {v}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn stories_table(out: &mut impl Write, list: &[StorySummary]) -> Result<()> {
    if list.is_empty() {
        writeln!(out, "no stories")?;
        return Ok(());
    }
    let w = list.iter().map(|s| s.id.len()).max().unwrap_or(2).max(2);
    writeln!(
        out,
        "{:w$}  {:10}  {:23}  {:>4}  FIGURES",
        "ID", "EVENT", "SEEN", "ARTS"
    )?;
    for s in list {
        writeln!(
            out,
            "{:w$}  {:10}  {} … {}  {:>4}  {}",
            s.id,
            s.event_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            s.first_seen,
            s.last_seen,
            s.articles.len(),
            headline(s)
        )?;
        if let Some(t) = &s.title {
            writeln!(out, "{:w$}  {}", "", t)?;
        }
    }
    Ok(())
}

pub fn story_text(out: &mut impl Write, s: &StoryState) -> Result<()> {
    writeln!(out, "{}", s.title.as_deref().unwrap_or(&s.id))?;
    writeln!(out, "id: {}", s.id)?;
    if !s.aliases.is_empty() {
        writeln!(out, "also known as: {}", s.aliases.join(", "))?;
    }
    writeln!(
        out,
        "event date: {}   places: {}   as of: {}   articles: {}",
        s.event_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown".into()),
        if s.places.is_empty() {
            "-".into()
        } else {
            s.places.join(", ")
        },
        s.as_of,
        s.articles.len()
    )?;
    if !s.figures.is_empty() {
        writeln!(out, "\nFigures")?;
        for (k, f) in &s.figures {
            let mut flags = Vec::new();
            if f.conflict {
                flags.push(format!("CONFLICT {}–{}", f.low, f.high));
            }
            if f.revised_down {
                flags.push("REVISED DOWN".to_string());
            }
            writeln!(
                out,
                "  {:10} {:>16}  as of {}  {} source(s), {} independent  {}",
                k.as_str(),
                describe(f.value, None, f.qualifier),
                f.as_of,
                f.sources.len(),
                f.independent_sources,
                flags.join(" ")
            )?;
            let hist: Vec<String> = f
                .history
                .iter()
                .filter(|h| !h.superseded)
                .map(|h| format!("{} {}", h.date, describe(h.value, h.value_max, h.qualifier)))
                .collect();
            writeln!(out, "  {:10} history: {}", "", hist.join(" → "))?;
            for a in &f.by_authority {
                writeln!(
                    out,
                    "  {:10} per {}: {} ({})",
                    "",
                    a.authority,
                    describe(a.value, None, a.qualifier),
                    a.date
                )?;
            }
        }
    }
    if !s.subsets.is_empty() {
        writeln!(out, "\nSubsets")?;
        for x in &s.subsets {
            writeln!(
                out,
                "  {} {} {}  [{}]",
                x.kind,
                describe(x.value, None, x.qualifier),
                x.subset,
                x.sources.join(", ")
            )?;
        }
    }
    if !s.claims.is_empty() {
        writeln!(out, "\nClaims")?;
        for c in &s.claims {
            let target = c
                .target
                .as_deref()
                .map(|t| format!(" → {t}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} {}{}  [{}]",
                c.kind,
                c.actor,
                target,
                c.sources.join(", ")
            )?;
            for d in &c.disputed_by {
                writeln!(
                    out,
                    "      disputed: {} {}  [{}]",
                    d.kind,
                    d.actor,
                    d.sources.join(", ")
                )?;
            }
        }
    }
    if !s.timeline.is_empty() {
        writeln!(out, "\nTimeline")?;
        for t in &s.timeline {
            writeln!(out, "  {}  {}  [{}]", t.date, t.text, t.sources.join(", "))?;
        }
    }
    writeln!(out, "\nBriefing\n  {}", s.briefing)?;
    Ok(())
}

pub fn extract_table(out: &mut impl Write, a: &Article, explain: bool) -> Result<()> {
    writeln!(
        out,
        "{}  published {}  event {}  places {}",
        a.id,
        a.published,
        a.facts
            .event_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into()),
        if a.facts.places.is_empty() {
            "-".into()
        } else {
            a.facts.places.join(", ")
        }
    )?;
    for f in &a.facts.figures {
        let mut extra = Vec::new();
        if let Some(s) = &f.subset {
            extra.push(format!("subset={s}"));
        }
        if f.superseded {
            extra.push("superseded".into());
        }
        if let Some(b) = &f.attributed_to {
            extra.push(format!("per {b}"));
        }
        let value = match f.value_max {
            Some(m) => format!("{}-{m}", f.value),
            None => f.value.to_string(),
        };
        writeln!(
            out,
            "  {:9} {:>8} {:10} {}  «{}»",
            f.kind.as_str(),
            value,
            f.qualifier.as_str(),
            extra.join(" "),
            f.text
        )?;
        if explain {
            explain_span(out, a, f.sentence, f.start, f.end, &f.rule)?;
        }
    }
    for c in &a.facts.claims {
        let target = c
            .target
            .as_deref()
            .map(|t| format!(" → {t}"))
            .unwrap_or_default();
        writeln!(out, "  {:22} {}{}", c.kind.as_str(), c.actor, target)?;
        if explain {
            explain_span(out, a, c.sentence, c.start, c.end, &c.rule)?;
        }
    }
    Ok(())
}

/// The sentence with the fact's span marked ⟦like this⟧, and the rule that fired.
fn explain_span(
    out: &mut impl Write,
    a: &Article,
    sentence: usize,
    start: usize,
    end: usize,
    rule: &str,
) -> Result<()> {
    let body = &a.clean.body;
    let Some(s) = a.clean.sentences.get(sentence) else {
        return Ok(());
    };
    let (ss, se) = (s.start.min(start), s.end.max(end).min(body.len()));
    let ok = |i: usize| body.is_char_boundary(i);
    if ok(ss) && ok(se) && ok(start) && ok(end) && start <= end {
        writeln!(
            out,
            "      sentence {sentence} [{start}..{end}] rule {}: {}⟦{}⟧{}",
            if rule.is_empty() { "-" } else { rule },
            &body[ss..start],
            &body[start..end],
            &body[end..se]
        )?;
    }
    Ok(())
}

/// `ingested: 3 new, …` (the line `ingest` ends with).
pub fn totals_line(t: &IngestTotals) -> String {
    format!(
        "ingested: {} new, {} unchanged, {} near-duplicate, {} rejected; {} stories touched{}",
        t.new,
        t.unchanged,
        t.near_duplicates,
        t.rejected,
        t.stories.len(),
        if t.merges > 0 {
            format!(", {} merged", t.merges)
        } else {
            String::new()
        }
    )
}
