//! Exports the web UI offers: the briefing as a standalone HTML document (the same page the
//! CLI writes with `export --what briefing --format html`), and the export routes' links.

use askama::Template;
use factline_model::{Date, ExportTable, StoryState};

use super::text::{Cited, cited_paragraphs, encode_query, figure_words, kind_label, safe_url};

/// A cited article of the briefing: where the citation leads.
struct Source {
    id: String,
    anchor: String,
    title: String,
    published: String,
    url: Option<String>,
}

struct FigureLine {
    kind: &'static str,
    words: String,
    as_of: String,
    reports: usize,
}

#[derive(Template)]
#[template(path = "briefing_export.html")]
struct BriefingDocument {
    title: String,
    meta: String,
    paragraphs: Vec<Vec<Cited>>,
    figures: Vec<FigureLine>,
    sources: Vec<Source>,
}

/// The briefing of `state` as a standalone HTML document: no scripts, no external assets;
/// citations link to the cited articles' own URLs (listed under Sources).
pub fn briefing_html(state: &StoryState) -> String {
    let mut meta = vec![
        format!("Story {}", state.id),
        format!("as of {}", state.as_of),
    ];
    if let Some(d) = state.event_date {
        meta.push(format!("event on {d}"));
    }
    if !state.places.is_empty() {
        meta.push(state.places.join(", "));
    }
    let known = |id: &str| state.articles.iter().any(|a| a.id == id);
    let mut paragraphs = cited_paragraphs(&state.briefing, &known);
    // Citations lead to the list of sources in this document.
    for p in &mut paragraphs {
        for part in p.iter_mut() {
            if let Cited::Cite { id, href } = part {
                *href = format!("#source-{}", anchor(id));
            }
        }
    }
    let cited: std::collections::BTreeSet<String> = paragraphs
        .iter()
        .flatten()
        .filter_map(|c| match c {
            Cited::Cite { id, .. } => Some(id.clone()),
            Cited::Text(_) => None,
        })
        .collect();
    let doc = BriefingDocument {
        title: state.title.clone().unwrap_or_else(|| state.id.clone()),
        meta: meta.join(" · "),
        paragraphs,
        figures: state
            .figures
            .iter()
            .map(|(kind, f)| FigureLine {
                kind: kind_label(*kind),
                words: figure_words(f.value, None, f.qualifier),
                as_of: f.as_of.to_string(),
                reports: f.sources.len(),
            })
            .collect(),
        sources: state
            .articles
            .iter()
            .filter(|a| cited.contains(&a.id))
            .map(|a| Source {
                id: a.id.clone(),
                anchor: format!("source-{}", anchor(&a.id)),
                title: a.title.clone().unwrap_or_else(|| a.id.clone()),
                published: a.published.to_string(),
                url: a.url.as_deref().and_then(safe_url),
            })
            .collect(),
    };
    doc.render()
        .unwrap_or_else(|e| format!("<!doctype html><title>error</title><p>{e}</p>"))
}

/// An HTML id for an article id (letters, digits, `-` and `_` kept, the rest `_`).
fn anchor(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A download link of the story page.
pub struct Download {
    pub what: &'static str,
    /// Its formats: (label, href).
    pub formats: Vec<(&'static str, String)>,
}

/// The story page's download links: each export of the story, as of the date shown.
pub fn downloads(story: &str, as_of: Option<Date>) -> Vec<Download> {
    let mut params = format!("story={}", encode_query(story));
    if let Some(d) = as_of {
        params.push_str(&format!("&as_of={d}"));
    }
    ExportTable::ALL
        .into_iter()
        .map(|t| Download {
            what: t.name(),
            formats: t
                .formats()
                .iter()
                .map(|f| {
                    let label = match f.name() {
                        "csv" => "CSV",
                        "jsonl" => "JSON Lines",
                        "md" => "Markdown",
                        _ => "HTML",
                    };
                    (
                        label,
                        format!("/api/export/{}.{}?{params}", t.name(), f.name()),
                    )
                })
                .collect(),
        })
        .collect()
}
