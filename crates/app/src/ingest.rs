//! The ingest use case: prepared articles into the store, their new articles into the search
//! index, and the summaries of the stories they touched cached for the story list.
//!
//! An [`Ingest`] is one run over one store (any number of batches); [`ingest_stream`] runs
//! it over a stream of articles, preparing the next batch while the store takes the current
//! one; [`ingest_batch`] is the run of a single prepared batch (an API request).

use std::collections::BTreeSet;
use std::path::Path;

use factline_ingest::InputError;
use factline_model::RawArticle;
use factline_store::{BatchReport, NewArticle, Store};

use crate::AppError;
use crate::index::{IndexUpdater, Notify};
use crate::pipeline::{ClusterLinker, prepare_batch};
use crate::read::{missing_summaries, put_summaries};

/// Articles per store transaction when ingesting a stream.
pub const BATCH: usize = 512;

/// Totals of an ingest run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestTotals {
    pub new: usize,
    pub unchanged: usize,
    pub near_duplicates: usize,
    pub rejected: usize,
    pub merges: usize,
    /// Ids of the stories the run created or changed (as each batch named them).
    pub stories: BTreeSet<String>,
}

/// One ingest run into a store and the search index beside it.
pub struct Ingest<'a> {
    store: &'a mut dyn Store,
    index: IndexUpdater<'a>,
    totals: IngestTotals,
}

impl<'a> Ingest<'a> {
    /// Start a run into `store`, keeping the search index in `index_dir` current.
    pub fn begin(store: &'a mut dyn Store, index_dir: &Path, notify: Notify<'a>) -> Self {
        let index = IndexUpdater::open(index_dir, &*store, notify);
        Ingest {
            store,
            index,
            totals: IngestTotals::default(),
        }
    }

    /// Store one batch in one transaction (stories linked and regrouped), then index the
    /// articles it added.
    pub fn store(&mut self, batch: &[NewArticle]) -> Result<BatchReport, AppError> {
        let report = self.store.ingest(batch, &ClusterLinker)?;
        self.index.stored(batch, &report);
        let t = &mut self.totals;
        t.new += report.new.len();
        t.unchanged += report.unchanged.len();
        t.near_duplicates += report.near_duplicates;
        t.merges += report.merges;
        t.stories.extend(report.stories_touched.iter().cloned());
        Ok(report)
    }

    /// Count inputs rejected before they reached the store.
    pub fn rejected(&mut self, n: usize) {
        self.totals.rejected += n;
    }

    /// End the run: commit the index, and cache the summaries of the stories the run
    /// touched. Summaries are a cache the story list fills itself when one is missing, so
    /// a failure to write them does not fail the ingest.
    pub fn finish(self) -> IngestTotals {
        self.index.finish();
        if let Ok(summaries) = missing_summaries(&*self.store, Some(&self.totals.stories)) {
            let _ = put_summaries(self.store, &summaries);
        }
        self.totals
    }
}

/// Ingest the articles `read` yields, [`BATCH`] at a time. Reading, cleaning and extracting
/// the next batch (on a producer thread, itself using every core) overlaps with storing the
/// current one: the store is single-threaded. Every rejected input (unreadable, or failed in
/// extraction) is passed to `rejected` and counted; `progress` is told how many articles
/// each stored batch held.
pub fn ingest_stream<F, I>(
    run: &mut Ingest<'_>,
    read: F,
    rejected: &(dyn Fn(&InputError) + Sync),
    mut progress: impl FnMut(usize),
) -> Result<(), AppError>
where
    F: FnOnce() -> I + Send,
    I: Iterator<Item = Result<RawArticle, InputError>>,
{
    let unread = std::thread::scope(|s| -> Result<usize, AppError> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<NewArticle, InputError>>>(2);
        let producer = s.spawn(move || {
            let mut unread = 0usize;
            let mut batch = Vec::with_capacity(BATCH);
            for item in read() {
                match item {
                    Ok(raw) => batch.push(raw),
                    Err(e) => {
                        unread += 1;
                        rejected(&e);
                    }
                }
                if batch.len() >= BATCH {
                    // A closed channel means the store failed: stop reading.
                    if tx.send(prepare_batch(&batch)).is_err() {
                        return unread;
                    }
                    batch.clear();
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(prepare_batch(&batch));
            }
            unread
        });
        for results in rx {
            let n = results.len();
            let mut items = Vec::with_capacity(n);
            for r in results {
                match r {
                    Ok(item) => items.push(item),
                    Err(e) => {
                        run.rejected(1);
                        rejected(&e);
                    }
                }
            }
            run.store(&items)?;
            progress(n);
        }
        Ok(producer.join().expect("article reader thread panicked"))
    })?;
    run.rejected(unread);
    Ok(())
}

/// What became of one article of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    /// Stored under this id.
    New(String),
    /// Its content was already stored (under this id); nothing changed.
    Unchanged(String),
    /// Not taken.
    Rejected(InputError),
}

/// What a batch did: one outcome per article, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchOutcome {
    pub items: Vec<ItemOutcome>,
    pub near_duplicates: usize,
    pub stories_touched: Vec<String>,
}

/// Ingest one prepared batch (from [`prepare_batch`]) as a run of its own. The store is
/// not touched when no article of the batch was prepared.
pub fn ingest_batch(
    store: &mut dyn Store,
    index_dir: &Path,
    prepared: Vec<Result<NewArticle, InputError>>,
    notify: Notify<'_>,
) -> Result<BatchOutcome, AppError> {
    let mut items: Vec<Option<ItemOutcome>> = Vec::with_capacity(prepared.len());
    let mut batch = Vec::new();
    let mut batch_pos = Vec::new();
    for (pos, r) in prepared.into_iter().enumerate() {
        match r {
            Ok(item) => {
                batch.push(item);
                batch_pos.push(pos);
                items.push(None);
            }
            Err(e) => items.push(Some(ItemOutcome::Rejected(e))),
        }
    }
    let mut outcome = BatchOutcome::default();
    if !batch.is_empty() {
        let mut run = Ingest::begin(store, index_dir, notify);
        let report = run.store(&batch)?;
        run.finish();
        for (id, &p) in report.new.iter().zip(&report.new_positions) {
            items[batch_pos[p]] = Some(ItemOutcome::New(id.clone()));
        }
        for (item, &pos) in batch.iter().zip(&batch_pos) {
            if items[pos].is_none() {
                items[pos] = Some(ItemOutcome::Unchanged(item.article.id.clone()));
            }
        }
        outcome.near_duplicates = report.near_duplicates;
        outcome.stories_touched = report.stories_touched;
    }
    outcome.items = items
        .into_iter()
        .map(|o| o.expect("every item of the batch has an outcome"))
        .collect();
    Ok(outcome)
}
