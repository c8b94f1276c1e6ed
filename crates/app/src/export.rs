//! The export use case: every figure and claim each article of a story reports, and the
//! story's timeline and briefing, as CSV, JSON Lines or Markdown, for one story or all of
//! them, as of a date. The CLI writes them to a file or standard output, the API answers
//! them; both get the same bytes from here.

use std::collections::BTreeSet;
use std::io::Write;

use factline_model::{
    Article, ClaimRow, CorrectionAction, Date, ExportFormat as Format, ExportTable as Table,
    FigureRow, StoryState, TimelineRow,
};
use factline_store::Store;

use crate::AppError;
use crate::read::{Page, Queries};

/// Is `format` one `table` can be written in? The error says which are.
pub fn check(table: Table, format: Format) -> Result<(), AppError> {
    if table.formats().contains(&format) {
        Ok(())
    } else {
        let names: Vec<&str> = table.formats().iter().map(|f| f.name()).collect();
        Err(AppError::Export(format!(
            "{} is exported as {}, not {}",
            table.name(),
            names.join(" or "),
            format.name()
        )))
    }
}

/// The stories an export covers: one (by id or alias) or all, in list order, as of a date.
pub fn stories(
    store: &dyn Store,
    queries: &Queries,
    story: Option<&str>,
    as_of: Option<Date>,
) -> Result<Vec<String>, AppError> {
    match story {
        Some(id) => Ok(vec![queries.story(store, id, as_of)?.id.clone()]),
        None => Ok(queries
            .stories(store, as_of, Page::ALL)?
            .stories
            .into_iter()
            .map(|s| s.id)
            .collect()),
    }
}

/// Write `table` of the stories `ids` (from [`stories`]) to `out`: rows as CSV or JSON Lines,
/// briefings as Markdown, one after another. HTML is the front end's to render (from the
/// story state). Returns the number of rows or briefings written.
pub fn write(
    store: &dyn Store,
    queries: &Queries,
    ids: &[String],
    as_of: Option<Date>,
    table: Table,
    format: Format,
    out: &mut dyn Write,
) -> Result<usize, AppError> {
    check(table, format)?;
    if table == Table::Briefing {
        if format != Format::Markdown {
            return Err(AppError::Export(format!(
                "the briefing as {} is rendered by the front end",
                format.name()
            )));
        }
        for (i, id) in ids.iter().enumerate() {
            let state = queries.story(store, id, as_of)?;
            let md = briefing_markdown(store, &state)?;
            let sep: &[u8] = if i > 0 { b"\n" } else { b"" };
            out.write_all(sep)
                .and_then(|_| out.write_all(md.as_bytes()))
                .map_err(write_error)?;
        }
        out.flush().map_err(write_error)?;
        return Ok(ids.len());
    }
    let mut sink = Sink::new(format, out);
    for id in ids {
        let state = queries.story(store, id, as_of)?;
        match table {
            Table::Figures => {
                for row in figure_rows(store, &state)? {
                    sink.row(&row)?;
                }
            }
            Table::Claims => {
                for row in claim_rows(store, &state)? {
                    sink.row(&row)?;
                }
            }
            Table::Timeline => {
                for row in timeline_rows(&state) {
                    sink.row(&row)?;
                }
            }
            Table::Briefing => unreachable!("written above"),
        }
    }
    sink.finish()
}

/// CSV (header from the first row's fields) or JSON Lines.
enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>, usize),
    Jsonl(&'a mut dyn Write, usize),
}

impl<'a> Sink<'a> {
    fn new(format: Format, out: &'a mut dyn Write) -> Self {
        match format {
            Format::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(out)), 0),
            _ => Sink::Jsonl(out, 0),
        }
    }

    fn row<T: serde::Serialize>(&mut self, row: &T) -> Result<(), AppError> {
        match self {
            Sink::Csv(w, n) => {
                w.serialize(row)
                    .map_err(|e| AppError::Export(e.to_string()))?;
                *n += 1;
            }
            Sink::Jsonl(w, n) => {
                serde_json::to_writer(&mut *w, row)?;
                w.write_all(b"\n").map_err(write_error)?;
                *n += 1;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<usize, AppError> {
        match self {
            Sink::Csv(mut w, n) => {
                w.flush().map_err(write_error)?;
                Ok(n)
            }
            Sink::Jsonl(w, n) => {
                w.flush().map_err(write_error)?;
                Ok(n)
            }
        }
    }
}

fn write_error(e: std::io::Error) -> AppError {
    AppError::Export(format!("writing the export: {e}"))
}

/// The sentence `i` of an article's body (empty when the stored span is unusable).
fn sentence(a: &Article, i: usize) -> String {
    a.clean
        .sentences
        .get(i)
        .filter(|s| a.clean.holds(**s))
        .map(|s| a.clean.body[s.start..s.end].to_string())
        .unwrap_or_default()
}

/// A story's articles as of the state's date, with the ids an analyst excluded.
fn articles_of(
    store: &dyn Store,
    state: &StoryState,
) -> Result<(Vec<Article>, BTreeSet<String>), AppError> {
    let rec = store
        .story(&state.id)?
        .ok_or_else(|| AppError::NoSuchStory(state.id.clone()))?;
    let articles: Vec<Article> = store
        .story_articles(rec.key)?
        .into_iter()
        .filter(|a| a.published <= state.as_of)
        .collect();
    let excluded = state
        .corrections
        .iter()
        .filter(|c| c.undone.is_none())
        .filter_map(|c| match &c.action {
            CorrectionAction::Exclude { article } => Some(article.clone()),
            _ => None,
        })
        .collect();
    Ok((articles, excluded))
}

/// Every figure each article of the story reports, articles by date then id, figures in
/// the order of the text.
pub fn figure_rows(store: &dyn Store, state: &StoryState) -> Result<Vec<FigureRow>, AppError> {
    let (articles, excluded) = articles_of(store, state)?;
    let mut rows = Vec::new();
    for a in &articles {
        for f in &a.facts.figures {
            let current = f.subset.is_none()
                && !f.superseded
                && state
                    .figures
                    .get(&f.kind)
                    .is_some_and(|s| s.value == f.value && s.sources.contains(&a.id));
            rows.push(FigureRow {
                story: state.id.clone(),
                kind: f.kind,
                value: f.value,
                value_max: f.value_max,
                qualifier: f.qualifier,
                subset: f.subset.clone(),
                superseded: f.superseded,
                attributed_to: f.attributed_to.clone(),
                article: a.id.clone(),
                date: a.published,
                source: a.source.clone(),
                url: a.url.clone(),
                current,
                excluded: excluded.contains(&a.id),
                text: f.text.clone(),
                sentence: sentence(a, f.sentence),
                start: f.start,
                end: f.end,
            });
        }
    }
    Ok(rows)
}

/// Every claim each article of the story reports, with who disputes it in the story.
pub fn claim_rows(store: &dyn Store, state: &StoryState) -> Result<Vec<ClaimRow>, AppError> {
    let (articles, _) = articles_of(store, state)?;
    let mut rows = Vec::new();
    for a in &articles {
        for c in &a.facts.claims {
            // The story's claim this report was grouped into: same kind, this article among
            // its sources; the same actor when several are.
            let grouped: Vec<_> = state
                .claims
                .iter()
                .filter(|s| s.kind == c.kind && s.sources.contains(&a.id))
                .collect();
            let story_claim = grouped
                .iter()
                .find(|s| s.actor.eq_ignore_ascii_case(&c.actor))
                .or(grouped.first().filter(|_| grouped.len() == 1));
            let disputed_by = story_claim
                .map(|s| {
                    let actors: BTreeSet<&str> =
                        s.disputed_by.iter().map(|d| d.actor.as_str()).collect();
                    actors.into_iter().collect::<Vec<_>>().join("; ")
                })
                .unwrap_or_default();
            rows.push(ClaimRow {
                story: state.id.clone(),
                kind: c.kind,
                actor: c.actor.clone(),
                target: c.target.clone(),
                article: a.id.clone(),
                date: a.published,
                source: a.source.clone(),
                url: a.url.clone(),
                disputed_by,
                sentence: sentence(a, c.sentence),
                start: c.start,
                end: c.end,
            });
        }
    }
    Ok(rows)
}

/// The story's timeline, one row per entry.
pub fn timeline_rows(state: &StoryState) -> Vec<TimelineRow> {
    state
        .timeline
        .iter()
        .map(|t| TimelineRow {
            story: state.id.clone(),
            date: t.date,
            text: t.text.clone(),
            sources: t.sources.join("; "),
        })
        .collect()
}

/// The briefing of a story as a Markdown document: its title, the cited briefing, the
/// current figures, and the cited articles as reference links (so `[id]` citations become
/// links to the articles' URLs in any Markdown reader).
pub fn briefing_markdown(store: &dyn Store, state: &StoryState) -> Result<String, AppError> {
    let mut md = String::new();
    let title = state.title.as_deref().unwrap_or(&state.id);
    md.push_str(&format!("# {}\n\n", title.trim()));
    let mut meta = vec![
        format!("Story `{}`", state.id),
        format!("as of {}", state.as_of),
    ];
    if let Some(d) = state.event_date {
        meta.push(format!("event on {d}"));
    }
    if !state.places.is_empty() {
        meta.push(state.places.join(", "));
    }
    md.push_str(&format!("*{}*\n\n", meta.join(" · ")));
    md.push_str(state.briefing.trim());
    md.push_str("\n\n");
    if !state.figures.is_empty() {
        md.push_str("| Figure | Value | As of | Reports |\n|---|---|---|---|\n");
        for (kind, f) in &state.figures {
            md.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                kind.as_str(),
                factline_reconcile::describe(f.value, None, f.qualifier),
                f.as_of,
                f.sources.len()
            ));
        }
        md.push('\n');
    }
    // Reference links for every cited article that has a URL.
    let (articles, _) = articles_of(store, state)?;
    let mut refs = String::new();
    for a in &articles {
        if let Some(url) = &a.url
            && md.contains(&format!("[{}]", a.id))
        {
            refs.push_str(&format!("[{}]: {}\n", a.id, url));
        }
    }
    if !refs.is_empty() {
        md.push_str(&refs);
    }
    Ok(md)
}
