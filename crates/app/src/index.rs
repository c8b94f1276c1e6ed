//! Keeping the search index beside the store current, and building it from the store.
//!
//! The index is derived from the store and never trusted over it: when it is missing it is
//! built, and a failure to update it never fails an ingest (the front end is told through
//! [`IndexNotice`] and says what to do).

use std::path::{Path, PathBuf};

use factline_search::{SearchError, SearchIndex};
use factline_store::{BatchReport, NewArticle, Store};

use crate::AppError;

/// Articles read from the store per page while rebuilding.
const PAGE: usize = 512;

/// Articles indexed between commits during an ingest. Each commit writes a segment that
/// background merges must fold in again, so committing every store batch cost more than
/// the indexing itself; a crash loses at most this many from the index, which the next
/// ingest reports (index and database counts differ) and a rebuild repairs.
const COMMIT_EVERY: usize = 16_384;

/// What the index upkeep of an ingest has to tell the user (it never fails the ingest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexNotice {
    /// Updating failed (the error, with its causes); the index is not updated further.
    NotUpdated(String),
    /// The index in this directory does not cover every stored article: it needs a rebuild.
    Incomplete(PathBuf),
}

/// Where index notices go (called from the thread that stores).
pub type Notify<'a> = &'a (dyn Fn(IndexNotice) + Sync);

/// Rebuild the index in `dir` from every article of `store`; `progress` is told how many
/// articles each step added. Returns the document count.
pub fn rebuild(
    store: &dyn Store,
    dir: &Path,
    mut progress: impl FnMut(usize),
) -> Result<u64, AppError> {
    let mut index = SearchIndex::recreate(dir)?;
    let mut after = 0;
    loop {
        let page = store.articles_page(after, PAGE)?;
        let Some(&(last, _)) = page.last() else {
            break;
        };
        after = last;
        let articles: Vec<_> = page.into_iter().map(|(_, a)| a).collect();
        index.add(&articles)?;
        progress(articles.len());
    }
    index.commit()?;
    let n = index.doc_count();
    index.close()?;
    Ok(n)
}

/// The index in `dir`, built from `store` first when there is none (`building` is called
/// before). A failed build is [`AppError::IndexBuild`].
pub fn open_or_build(
    store: &dyn Store,
    dir: &Path,
    building: impl FnOnce() -> Result<(), AppError>,
    progress: impl FnMut(usize),
) -> Result<SearchIndex, AppError> {
    match SearchIndex::open(dir) {
        Err(SearchError::Missing { .. }) => {
            building()?;
            rebuild(store, dir, progress).map_err(|e| AppError::IndexBuild(Box::new(e)))?;
            Ok(SearchIndex::open(dir)?)
        }
        other => Ok(other?),
    }
}

/// Keeps the index current while an ingest stores batches. It never fails the ingest: on
/// trouble it says so once and stops updating.
pub(crate) struct IndexUpdater<'a> {
    dir: PathBuf,
    index: Option<SearchIndex>,
    /// The index lacks (or may lack) stored articles.
    incomplete: bool,
    /// Articles added since the last commit.
    pending: usize,
    notify: Notify<'a>,
}

impl<'a> IndexUpdater<'a> {
    /// Open (creating if needed) the index in `dir` before ingesting into `store`.
    pub(crate) fn open(dir: &Path, store: &dyn Store, notify: Notify<'a>) -> Self {
        let mut me = IndexUpdater {
            dir: dir.to_path_buf(),
            index: None,
            incomplete: false,
            pending: 0,
            notify,
        };
        let stored = match store.article_count() {
            Ok(n) => n as u64,
            Err(e) => {
                me.fail(&e);
                return me;
            }
        };
        match SearchIndex::open_or_create(dir) {
            Ok(mut index) => {
                let indexed = index.doc_count();
                if stored == 0 && indexed > 0 {
                    // A fresh database beside an old index: the old documents are not ours.
                    if let Err(e) = index.clear().and_then(|_| index.commit()) {
                        me.fail(&e);
                        return me;
                    }
                } else if indexed != stored {
                    me.incomplete = true;
                }
                me.index = Some(index);
            }
            Err(e) => me.fail(&e),
        }
        me
    }

    fn fail(&mut self, e: &dyn std::error::Error) {
        (self.notify)(IndexNotice::NotUpdated(crate::error_chain(e)));
        self.index = None;
        self.incomplete = true;
    }

    /// Index the articles a committed store batch added.
    pub(crate) fn stored(&mut self, batch: &[NewArticle], report: &BatchReport) {
        let Some(index) = self.index.as_mut() else {
            return;
        };
        if report.new.is_empty() {
            return;
        }
        let articles: Vec<_> = report.new_articles(batch).collect();
        self.pending += articles.len();
        let commit = self.pending >= COMMIT_EVERY;
        if let Err(e) = index
            .add(&articles)
            .and_then(|_| if commit { index.commit() } else { Ok(()) })
        {
            self.fail(&e);
        } else if commit {
            self.pending = 0;
        }
    }

    /// Let background merges finish; tell the user when the index needs a rebuild.
    pub(crate) fn finish(mut self) {
        if let Some(Err(e)) = self
            .index
            .take()
            .map(|mut index| index.commit().and_then(|_| index.close()))
        {
            self.fail(&e);
        }
        if self.incomplete {
            (self.notify)(IndexNotice::Incomplete(self.dir.clone()));
        }
    }
}
