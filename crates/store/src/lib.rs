//! Persistence: the [`Store`] trait, its embedded SQLite implementation and its
//! PostgreSQL one for several processes sharing a database.
//!
//! This is the only crate that knows SQL. Articles are keyed by a content hash, so
//! re-ingesting changes nothing. The store records links between each new article and the
//! candidates its term index returns, with the similarity the caller's [`Linker`] gives
//! (the store never judges similarity itself), and after each batch asks the linker to
//! regroup the new articles together with the stories they link to. A story that loses its
//! members to another keeps its id as an alias there; every story id is derived from its
//! founding article (earliest published, then smallest id), so the same articles give the
//! same stories and ids in any ingest order.

use std::path::{Path, PathBuf};

use factline_model::{Article, Correction, CorrectionAction, Date, Signature, Signed};

mod codec;
mod common;
mod pg;
pub mod plan;
#[cfg(test)]
mod scenarios;
mod sqlite;
pub mod test_services;
pub use pg::{EXCLUSIVE_AFTER, PgStore, WriteStats, redact_url};
pub use sqlite::SqliteStore;

/// Store errors, each naming the database: a file path, or a PostgreSQL URL with its
/// password left out.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: database is locked by another process (try again when it finishes)")]
    Locked { path: PathBuf },
    #[error("{path}: database is read-only ({detail})")]
    ReadOnly { path: PathBuf, detail: String },
    #[error("{path}: not a factline database or corrupt ({detail})")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{db}: database schema version {found} is newer than this factline ({supported})")]
    TooNew {
        db: String,
        found: i64,
        supported: i64,
    },
    #[error("{path}: {detail}")]
    Sqlite { path: PathBuf, detail: String },
    #[error("{db}: stored data could not be decoded: {detail}")]
    Decode { db: String, detail: String },
    #[error("{db}: {what}")]
    Refused { db: String, what: String },
    /// The PostgreSQL server could not be reached, or the connection was lost.
    #[error("{url}: cannot reach PostgreSQL ({detail})")]
    Unreachable { url: String, detail: String },
    /// Any other error the PostgreSQL server or client reported.
    #[error("{url}: {detail}")]
    Postgres { url: String, detail: String },
}

impl StoreError {
    /// A failure that passes by itself (the database busy with another writer), after which
    /// the same write can simply be tried again.
    pub fn is_transient(&self) -> bool {
        // A locked SQLite file, or a PostgreSQL server that is away (the store connects
        // again on its next call).
        matches!(
            self,
            StoreError::Locked { .. } | StoreError::Unreachable { .. }
        )
    }

    pub(crate) fn from_sqlite(path: &Path, e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        let path = path.to_path_buf();
        let detail = e.to_string();
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => StoreError::Locked { path },
            Some(ReadOnly) => StoreError::ReadOnly { path, detail },
            Some(CannotOpen) => StoreError::Sqlite {
                path,
                detail: format!("cannot open database file ({detail})"),
            },
            Some(NotADatabase | DatabaseCorrupt) => StoreError::Corrupt { path, detail },
            _ => StoreError::Sqlite { path, detail },
        }
    }
}

/// Decides what links articles and how linked articles form stories: supplied by the
/// caller (the `cluster` stage).
pub trait Linker {
    /// How alike two articles are as reports of one event, in `0..=1`. Must be symmetric.
    fn similarity(&self, a: &Signature, b: &Signature) -> f32;
    /// Is one a near-copy of the other (a wire story republished)? Must be symmetric.
    fn near_duplicate(&self, a: &Signature, b: &Signature) -> bool;
    /// Candidates are looked up within this many days of an article's event or
    /// publication day.
    fn window_days(&self) -> i64;
    /// Links weaker than this are not recorded.
    fn link_floor(&self) -> f32 {
        0.5
    }
    /// Two articles can only share a story through a link at least this strong between
    /// their groups: the stories a new article links to this strongly are the ones the
    /// store regroups with it.
    fn join_threshold(&self) -> f32 {
        0.5
    }
    /// Cut a set of `n` articles (in id order) into stories, given the recorded links
    /// `(a, b, similarity)` among them; returns one label per article. Must depend on the
    /// links alone. The default takes connected components of links at or above
    /// [`Linker::join_threshold`].
    fn group(&self, n: usize, links: &[(usize, usize, f32)]) -> Vec<usize> {
        let mut label: Vec<usize> = (0..n).collect();
        fn find(l: &mut [usize], mut x: usize) -> usize {
            while l[x] != x {
                l[x] = l[l[x]];
                x = l[x];
            }
            x
        }
        for &(a, b, s) in links {
            if s >= self.join_threshold() && a < n && b < n {
                let (x, y) = (find(&mut label, a), find(&mut label, b));
                label[x.max(y)] = x.min(y);
            }
        }
        (0..n).map(|i| find(&mut label, i)).collect()
    }
}

/// An article ready to store, with its clustering signature.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub article: Article,
    pub signature: Signature,
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Ids stored by this batch (an id already taken by other content gets `@hash`).
    pub new: Vec<String>,
    /// For each of `new`, the position in the batch of the article stored under that id.
    pub new_positions: Vec<usize>,
    /// Ids whose exact content was already stored (nothing changed).
    pub unchanged: Vec<String>,
    /// New articles found to copy an earlier one (wire copies).
    pub near_duplicates: usize,
    /// Canonical ids of the stories this batch created or changed, sorted.
    pub stories_touched: Vec<String>,
    /// Stories dissolved into others (two stories found to be one).
    pub merges: usize,
}

impl BatchReport {
    /// The articles of `batch` that this report says were stored, under their stored ids
    /// (for example to index them for search).
    pub fn new_articles<'a>(
        &'a self,
        batch: &'a [NewArticle],
    ) -> impl Iterator<Item = Article> + 'a {
        self.new
            .iter()
            .zip(&self.new_positions)
            .filter_map(move |(id, &pos)| {
                let mut a = batch.get(pos)?.article.clone();
                a.id.clone_from(id);
                Some(a)
            })
    }
}

/// A story as the store knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRecord {
    pub key: i64,
    pub id: String,
    pub aliases: Vec<String>,
    pub article_count: usize,
    pub first_seen: Date,
    pub last_seen: Date,
    /// Cached summary JSON written by [`Store::put_summary`] (None until computed).
    pub summary: Option<String>,
}

/// Where factline keeps articles and stories.
pub trait Store {
    /// Store a batch in one transaction: new articles are inserted, linked into stories and
    /// checked for near-duplicates; already-stored content is reported as unchanged.
    fn ingest(
        &mut self,
        batch: &[NewArticle],
        linker: &dyn Linker,
    ) -> Result<BatchReport, StoreError>;
    /// All stories, largest first (then by id).
    fn stories(&self) -> Result<Vec<StoryRecord>, StoreError>;
    /// Resolve a story id or alias.
    fn story(&self, id_or_alias: &str) -> Result<Option<StoryRecord>, StoreError>;
    /// A story's articles, ordered by publication date then id.
    fn story_articles(&self, key: i64) -> Result<Vec<Article>, StoreError>;
    /// One article by id.
    fn article(&self, id: &str) -> Result<Option<(Article, Option<String>)>, StoreError>;
    /// Cache a story's computed summary JSON (kept only while the story has as many articles
    /// as the summary lists: a summary another ingest has overtaken is not stored).
    fn put_summary(&mut self, story_id: &str, json: &str) -> Result<(), StoreError>;
    /// Number of stored articles.
    fn article_count(&self) -> Result<usize, StoreError>;
    /// Up to `limit` stored articles in storage order, after the position `after` (0 for the
    /// first page), each with its position: pass the last position to get the next page.
    fn articles_page(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>, StoreError>;
    /// Record an analyst's correction of a story (an id or alias) and regroup what it
    /// changes (a merge or a split pins links that regrouping takes over computed ones).
    fn correct(
        &mut self,
        story: &str,
        action: &CorrectionAction,
        made: &Signed,
        linker: &dyn Linker,
    ) -> Result<(Correction, Vec<String>), StoreError>;
    /// Undo a correction (it stays on record, marked undone) and regroup what it changed;
    /// also the ids of the stories touched.
    fn undo_correction(
        &mut self,
        id: i64,
        undone: &Signed,
        linker: &dyn Linker,
    ) -> Result<(Correction, Vec<String>), StoreError>;
    /// Every correction, oldest first.
    fn corrections(&self) -> Result<Vec<Correction>, StoreError>;
    /// The id of the story an article belongs to (`None` for an unknown article): what
    /// [`Store::article`] tells, without loading the article.
    fn article_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self.article(id)?.and_then(|(_, story)| story))
    }
}
