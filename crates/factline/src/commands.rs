//! One function per subcommand.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use factline_ingest::InputError;
use factline_model::{Date, ExtractOutput, StoryState, StorySummary};
use factline_store::{NewArticle, SqliteStore, Store, StoryRecord};
use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{self, ClusterLinker, Sources, process_batch, read_all_inputs};
use crate::search_cmd::IndexUpdater;
use crate::{Outcome, render, report_rejected, stderr_is_terminal};

/// Articles per store transaction.
const BATCH: usize = 512;

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
        let rendered = pipeline::map_in_order(&batch, |raw| {
            pipeline::guarded(raw, || -> Result<Vec<u8>> {
                let article = pipeline::process(raw);
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

/// Totals of an ingest run.
#[derive(Default)]
pub struct IngestTotals {
    pub new: usize,
    pub unchanged: usize,
    pub near_duplicates: usize,
    pub rejected: usize,
    pub merges: usize,
    pub stories: std::collections::BTreeSet<String>,
}

impl IngestTotals {
    /// `ingested: 3 new, …` (the line `ingest` ends with).
    pub fn line(&self) -> String {
        format!(
            "ingested: {} new, {} unchanged, {} near-duplicate, {} rejected; {} stories touched{}",
            self.new,
            self.unchanged,
            self.near_duplicates,
            self.rejected,
            self.stories.len(),
            if self.merges > 0 {
                format!(", {} merged", self.merges)
            } else {
                String::new()
            }
        )
    }
}

pub fn ingest(db: &Path, inputs: &[String], sources: Sources<'_>) -> Result<Outcome> {
    let mut store = SqliteStore::open(db)?;
    let mut index = IndexUpdater::open(db, &store);
    let totals = ingest_into(&mut store, inputs, sources, &mut index)?;
    index.finish();
    eprintln!("{}", totals.line());
    Ok(outcome(totals.rejected))
}

/// Ingest `inputs` into `store` batch by batch, indexing each committed batch's new articles.
pub fn ingest_into(
    store: &mut dyn Store,
    inputs: &[String],
    sources: Sources<'_>,
    index: &mut IndexUpdater,
) -> Result<IngestTotals> {
    let mut totals = IngestTotals::default();
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
    // Reading, cleaning and extracting the next batch (on a producer thread, itself using
    // every core) overlaps with storing the current one: the store is single-threaded.
    let rejected = std::thread::scope(|s| -> Result<usize> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<NewArticle, InputError>>>(2);
        let producer_bar = bar.clone();
        let producer = s.spawn(move || {
            let rejected = std::cell::Cell::new(0usize);
            let mut batch = Vec::with_capacity(BATCH);
            let articles = read_all_inputs(inputs, sources, |e| {
                rejected.set(rejected.get() + 1);
                producer_bar.suspend(|| report_rejected(e));
            });
            for raw in articles {
                batch.push(raw);
                if batch.len() >= BATCH {
                    // A closed channel means the store failed: stop reading.
                    if tx.send(process_batch(&batch)).is_err() {
                        return rejected.get();
                    }
                    batch.clear();
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(process_batch(&batch));
            }
            rejected.get()
        });
        for results in rx {
            let n = results.len();
            let mut items = Vec::with_capacity(n);
            for r in results {
                match r {
                    Ok(item) => items.push(item),
                    Err(e) => {
                        totals.rejected += 1;
                        bar.suspend(|| report_rejected(&e));
                    }
                }
            }
            let report = store.ingest(&items, &ClusterLinker)?;
            index.stored(&items, &report);
            totals.new += report.new.len();
            totals.unchanged += report.unchanged.len();
            totals.near_duplicates += report.near_duplicates;
            totals.merges += report.merges;
            totals.stories.extend(report.stories_touched);
            bar.inc(n as u64);
        }
        Ok(producer.join().expect("article reader thread panicked"))
    })?;
    bar.finish_and_clear();
    totals.rejected += rejected;
    Ok(totals)
}

fn open_read(db: &Path) -> Result<SqliteStore> {
    Ok(SqliteStore::open_read_only(db)?)
}

/// The summary of a story: cached when computed without `--as-of`.
fn story_summary(
    store: &dyn Store,
    rec: &StoryRecord,
    as_of: Option<Date>,
) -> Result<Option<StorySummary>> {
    if as_of.is_none()
        && let Some(json) = &rec.summary
        && let Ok(s) = serde_json::from_str(json)
    {
        return Ok(Some(s));
    }
    let state = story_state(store, rec, as_of)?;
    Ok(state
        .filter(|s| !s.articles.is_empty())
        .map(|s| factline_reconcile::summary(&s)))
}

fn story_state(
    store: &dyn Store,
    rec: &StoryRecord,
    as_of: Option<Date>,
) -> Result<Option<StoryState>> {
    let articles = store.story_articles(rec.key)?;
    let state = factline_reconcile::story_state(&rec.id, &rec.aliases, &articles, as_of);
    Ok((!state.articles.is_empty()).then_some(state))
}

/// Compute and cache missing summaries (after an ingest) when the database is writable.
fn fill_summaries(db: &Path) -> Result<()> {
    let Ok(mut store) = SqliteStore::open(db) else {
        return Ok(());
    };
    for rec in store.stories()? {
        if rec.summary.is_none()
            && let Some(s) = story_summary(&store, &rec, None)?
        {
            store.put_summary(&rec.id, &serde_json::to_string(&s)?)?;
        }
    }
    Ok(())
}

pub fn list_stories(db: &Path, as_of: Option<Date>) -> Result<Vec<StorySummary>> {
    if as_of.is_none() && db.exists() {
        fill_summaries(db)?;
    }
    let store = open_read(db)?;
    let mut out = Vec::new();
    for rec in store.stories()? {
        if as_of.is_some_and(|d| rec.first_seen > d) {
            continue;
        }
        out.extend(story_summary(&store, &rec, as_of)?);
    }
    // Biggest stories first, then most recent.
    out.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.last_seen.cmp(&a.last_seen))
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

pub fn stories(db: &Path, json: bool, as_of: Option<Date>) -> Result<Outcome> {
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

pub fn load_story(db: &Path, id: &str, as_of: Option<Date>) -> Result<StoryState> {
    let store = open_read(db)?;
    let Some(rec) = store.story(id)? else {
        bail!("{id}: no such story in {}", db.display());
    };
    match story_state(&store, &rec, as_of)? {
        Some(s) => Ok(s),
        None => bail!(
            "{id}: no article of this story was published on or before {}",
            as_of.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

pub fn story(db: &Path, id: &str, json: bool, as_of: Option<Date>) -> Result<Outcome> {
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
    let mut index = IndexUpdater::open(db, &store);
    let totals = ingest_into(
        &mut store,
        &[corpus.to_string()],
        Sources::default(),
        &mut index,
    )?;
    index.finish();
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
    let list = list_stories(db, None)?;
    render::stories_table(&mut out, &list)?;
    if let Some(biggest) = list.first() {
        let state = load_story(db, &biggest.id, None)?;
        writeln!(out)?;
        render::story_text(&mut out, &state)?;
    }
    out.flush()?;
    Ok(outcome(totals.rejected))
}
