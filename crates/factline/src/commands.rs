//! One function per subcommand: arguments in, the application's use cases
//! (`factline_app`) called, output rendered.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use factline_app::{AppError, IndexNotice, Ingest, IngestTotals, Page, Queries, StoryList};
use factline_ingest::InputError;
use factline_model::{Date, ExtractOutput, StoryState, StorySummary};
use factline_store::{SqliteStore, Store};
use indicatif::{ProgressBar, ProgressStyle};

use crate::database::Database;
use crate::inputs::{Sources, read_all_inputs, read_inputs};
use crate::search_cmd::index_notice;
use crate::{Outcome, render, report_rejected, stderr_is_terminal};

/// Articles extracted and rendered together by `extract`.
const BATCH: usize = factline_app::BATCH;

fn stdout() -> BufWriter<std::io::StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

pub fn extract(
    inputs: &[String],
    sources: Sources<'_>,
    json: bool,
    explain: bool,
) -> Result<Outcome> {
    let rejected = std::cell::Cell::new(0usize);
    let mut out = stdout();
    let mut raws = read_all_inputs(inputs, sources, |e| {
        rejected.set(rejected.get() + 1);
        report_rejected(e);
    });
    // Articles are cleaned, extracted and rendered on every core, a batch at a time, and
    // written in input order.
    loop {
        let batch: Vec<_> = raws.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let rendered = factline_app::pipeline::map_in_order(&batch, |raw| {
            factline_app::guarded(raw, || -> Result<Vec<u8>> {
                let article = factline_app::process(raw);
                let mut buf = Vec::with_capacity(1024);
                if json {
                    serde_json::to_writer(&mut buf, &ExtractOutput::new(raw, article.facts))?;
                    buf.push(b'\n');
                } else {
                    render::extract_table(&mut buf, &article, explain)?;
                }
                Ok(buf)
            })
        });
        for item in rendered {
            match item {
                Ok(buf) => {
                    let bytes: Vec<u8> = buf?;
                    out.write_all(&bytes)?;
                }
                Err(e) => {
                    rejected.set(rejected.get() + 1);
                    report_rejected(&e);
                }
            }
        }
    }
    out.flush()?;
    Ok(outcome(rejected.get()))
}

pub fn clean(inputs: &[String], sources: Sources<'_>) -> Result<Outcome> {
    let mut rejected = 0usize;
    let mut out = stdout();
    let mut first = true;
    for raw in read_all_inputs(inputs, sources, |e| {
        rejected += 1;
        report_rejected(e);
    }) {
        let c = factline_clean::clean(&raw.body);
        if !first {
            writeln!(out)?;
        }
        first = false;
        if inputs.len() > 1 || raw.source.contains(':') {
            writeln!(out, "==> {} <==", raw.id)?;
        }
        writeln!(out, "{}", c.body)?;
    }
    out.flush()?;
    Ok(outcome(rejected))
}

pub fn outcome(rejected: usize) -> Outcome {
    if rejected == 0 {
        Outcome::Ok
    } else {
        Outcome::Partial
    }
}

pub fn ingest(db: &Database, inputs: &[String], sources: Sources<'_>) -> Result<Outcome> {
    let mut store = db.open()?;
    let totals = ingest_into(&mut *store, db, inputs, sources)?;
    eprintln!("{}", render::totals_line(&totals));
    Ok(outcome(totals.rejected))
}

/// Ingest `inputs` into `store` (the database `db`, whose search index is kept current),
/// with a progress line on a terminal.
pub fn ingest_into(
    store: &mut dyn Store,
    db: &Database,
    inputs: &[String],
    sources: Sources<'_>,
) -> Result<IngestTotals> {
    let bar = if stderr_is_terminal() {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles ({per_sec}) {msg}")
                .expect("valid template"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let notify = |n: IndexNotice| index_notice(db, n);
    let mut run = Ingest::begin(store, &db.index_dir(), &notify);
    factline_app::ingest_stream(
        &mut run,
        || read_inputs(inputs, sources),
        &|e: &InputError| bar.suspend(|| report_rejected(e)),
        |n| bar.inc(n as u64),
    )?;
    bar.finish_and_clear();
    Ok(run.finish())
}

/// The story list as of a date, read-only.
pub fn list_stories(db: &Database, as_of: Option<Date>) -> Result<Vec<StorySummary>> {
    let store = db.open_read_only()?;
    let StoryList { stories, .. } = Queries::default().stories(&*store, as_of, Page::ALL)?;
    Ok(stories)
}

pub fn stories(db: &Database, json: bool, as_of: Option<Date>) -> Result<Outcome> {
    let list = list_stories(db, as_of)?;
    let mut out = stdout();
    if json {
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        render::stories_table(&mut out, &list)?;
    }
    out.flush()?;
    Ok(Outcome::Ok)
}

/// One story as of a date, read-only.
pub fn load_story(db: &Database, id: &str, as_of: Option<Date>) -> Result<StoryState> {
    let store = db.open_read_only()?;
    match Queries::default().story(&*store, id, as_of) {
        Ok(state) => Ok(StoryState::clone(&state)),
        Err(e) => Err(cli_error(e, db)),
    }
}

/// An application error as the CLI words it (an unknown story names the database).
pub fn cli_error(e: AppError, db: &Database) -> anyhow::Error {
    match e {
        AppError::NoSuchStory(id) => anyhow!("{id}: no such story in {}", db.name()),
        e => e.into(),
    }
}

pub fn story(db: &Database, id: &str, json: bool, as_of: Option<Date>) -> Result<Outcome> {
    let state = load_story(db, id, as_of)?;
    let mut out = stdout();
    if json {
        serde_json::to_writer_pretty(&mut out, &state)?;
        writeln!(out)?;
    } else {
        render::story_text(&mut out, &state)?;
    }
    out.flush()?;
    Ok(Outcome::Ok)
}

pub fn demo(db: &Path, corpus: &str) -> Result<Outcome> {
    if !Path::new(corpus).is_dir() {
        bail!("{corpus}: corpus directory not found (run from the repository root)");
    }
    // Only a database the demo made itself is replaced: never a newsroom's real one.
    if db.exists() && !SqliteStore::is_demo(db) {
        bail!(
            "{}: exists and is not a demo database; choose another path with --db, or remove it yourself",
            db.display()
        );
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", db.display());
        if Path::new(&p).exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing old demo database {p}"))?;
        }
    }
    let index_dir = factline_search::index_dir_for(db);
    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)
            .with_context(|| format!("removing old demo search index {}", index_dir.display()))?;
    }
    let mut store = SqliteStore::open(db)?;
    store.mark_demo()?;
    let database = Database::sqlite(db);
    let totals = ingest_into(
        &mut store,
        &database,
        &[corpus.to_string()],
        Sources::default(),
    )?;
    drop(store);
    let mut out = stdout();
    writeln!(
        out,
        "Ingested {} articles from {corpus} into {} ({} near-duplicates, {} rejected).\n",
        totals.new,
        db.display(),
        totals.near_duplicates,
        totals.rejected
    )?;
    let list = list_stories(&database, None)?;
    render::stories_table(&mut out, &list)?;
    if let Some(biggest) = list.first() {
        let state = load_story(&database, &biggest.id, None)?;
        writeln!(out)?;
        render::story_text(&mut out, &state)?;
    }
    out.flush()?;
    Ok(outcome(totals.rejected))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading the stories, a story or a search changes no byte of the database: the
    /// summaries the list shows were cached by the ingest.
    #[test]
    fn reads_leave_the_database_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("t.db");
        let database = Database::sqlite(db.clone());
        let sample = crate::sample_corpus();
        {
            let mut store = SqliteStore::open(&db).unwrap();
            ingest_into(&mut store, &database, &[sample], Sources::default()).unwrap();
            assert!(store.stories().unwrap().iter().all(|r| r.summary.is_some()));
        }
        let files = || {
            ["", "-wal"].map(|s| std::fs::read(format!("{}{s}", db.display())).unwrap_or_default())
        };
        let before = files();
        let list = list_stories(&database, None).unwrap();
        load_story(&database, &list[0].id, None).unwrap();
        let as_of = list[0].first_seen;
        list_stories(&database, Some(as_of)).unwrap();
        let args = crate::search_cmd::SearchArgs {
            words: vec!["killed".into()],
            json: false,
            from: None,
            to: None,
            story: Some(list[0].id.clone()),
            limit: 5,
            offset: 0,
        };
        crate::search_cmd::run_search(&database, &args).unwrap();
        assert!(files() == before, "a read changed the database");
    }
}
