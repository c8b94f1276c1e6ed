//! factline's application layer: each use case once, over the [`Store`] trait, for every
//! front end (the `factline` command, the HTTP API it serves, and any worker to come).
//!
//! - ingest: [`Ingest`] (a run of batches: store, search index, story summaries),
//!   [`ingest_stream`] (a stream of articles, preparing the next batch while storing one),
//!   [`ingest_batch`] (one prepared batch, as an API request brings);
//! - reading: [`Queries`] — the story list and one story as of a date, with their caches —
//!   and [`article`], [`search`];
//! - the search index's upkeep: [`index::rebuild`], [`index::open_or_build`];
//! - the stages wired for one article: [`pipeline`] ([`prepare`], the extraction guard,
//!   [`ClusterLinker`]);
//! - exports: [`export`] (figures, claims and timeline rows as CSV or JSON Lines, the
//!   briefing as Markdown; for one story or all, as of a date);
//! - the worker: [`work`] (articles from a [`WorkQueue`] through the ingest use case,
//!   acknowledged after the store commits; retries and dead letters);
//! - analyst corrections: [`corrections`] ([`corrections::correct`], [`corrections::undo`],
//!   [`corrections::list`]; applied by every read of a story).
//!
//! Front ends do the rest: arguments, where the store and the index are, rendering, and how
//! errors and notices are told. Nothing here prints.
//!
//! [`Store`]: factline_store::Store

pub mod corrections;
pub mod export;
pub mod index;
pub mod ingest;
pub mod pipeline;
pub mod read;
pub mod work;

pub use index::{IndexNotice, Notify};
pub use ingest::{
    BATCH, BatchOutcome, Ingest, IngestTotals, ItemOutcome, ingest_batch, ingest_stream,
};
pub use pipeline::{ClusterLinker, guarded, prepare, prepare_batch, process};
pub use read::{Page, Queries, StoryList, article, search};
pub use work::{WorkEvent, WorkOptions, WorkQueue, WorkTotals, work};

use factline_search::SearchError;
use factline_store::StoreError;

/// What a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    /// No story has this id or alias.
    #[error("{0}: no such story")]
    NoSuchStory(String),
    /// No article has this id.
    #[error("{0}: no such article")]
    NoSuchArticle(String),
    /// The story exists but none of its articles was published on or before the date.
    #[error("{id}: no article of this story was published on or before {as_of}")]
    NothingYet { id: String, as_of: String },
    /// Building a missing search index failed.
    #[error("building the search index failed")]
    IndexBuild(#[source] Box<AppError>),
    #[error("encoding a story summary: {0}")]
    Encode(#[from] serde_json::Error),
    /// A correction that cannot be made as asked.
    #[error("{0}")]
    Correction(String),
    /// An export that cannot be made as asked, or could not be written.
    #[error("{0}")]
    Export(String),
}

/// An error with its causes, `: `-separated.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}
