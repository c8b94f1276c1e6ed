//! `factline serve`: the HTTP API and web UI (crate `factline-api`) over the store (SQLite,
//! or PostgreSQL with `--postgres`).
//!
//! The [`Backend`] delegates every call to the application's use cases (`factline_app`);
//! what is here is how the store is shared by concurrent requests and how use-case errors
//! become HTTP ones. Store connections are not `Sync`, so reads borrow a read-only
//! connection from a small pool (one per concurrent request, opened on demand) and writes
//! go through one read-write connection behind a mutex. Backend calls arrive on tokio's
//! blocking pool. One [`Queries`] serves every request, so its caches are shared.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};

use anyhow::{Context, Result};
use factline_api::{
    ApiConfig, ApiError, ArticleDetail, ArticleInput, Backend, Health, IngestOutcome, ItemOutcome,
    Page, SearchResults, StoryPage,
};
use factline_app::{AppError, IndexNotice, Queries};
use factline_model::{
    Correction, CorrectionAction, Date, ExportFormat, ExportTable, RawArticle, SearchQuery,
    StoryState,
};
use factline_search::SearchIndex;
use factline_store::{Store, StoreError};

use crate::Outcome;
use crate::database::{BoxedStore, Database};
use crate::search_cmd::{index_notice, open_or_build};

/// Read-only connections kept for reuse.
const POOL: usize = 8;

/// Serve `db` on `addr` until Ctrl-C or SIGTERM.
pub fn run(db: &Database, addr: SocketAddr) -> Result<Outcome> {
    let backend = Arc::new(StoreBackend::open(db)?);
    {
        // Summaries an ingest did not cache (an older factline's, or a failed write) are
        // computed in the background; until then the story list computes the ones it shows.
        let backend = Arc::clone(&backend);
        std::thread::spawn(move || backend.fill_summaries());
    }
    let config = ApiConfig::from_env();
    if !addr.ip().is_loopback() {
        eprintln!(
            "factline: warning: listening on {addr}, reachable from other machines{}",
            if config.token.is_none() {
                "; set FACTLINE_TOKEN to require a token for writes"
            } else {
                ""
            }
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!(
            "factline: serving {} on http://{local}/ (API docs at /docs; Ctrl-C to stop)",
            db.name()
        );
        let app = factline_api::app(backend, config);
        factline_api::serve(listener, app)
            .await
            .context("serving HTTP")?;
        eprintln!("factline: server stopped");
        Ok(Outcome::Ok)
    })
}

/// [`Backend`] over a factline database and its search index.
pub struct StoreBackend {
    db: Database,
    readers: Mutex<Vec<BoxedStore>>,
    writer: Mutex<BoxedStore>,
    /// The search index, opened for reading only (so `factline ingest` can still write it);
    /// `Err` holds why search is unavailable.
    index: RwLock<Result<SearchIndex, String>>,
    queries: Queries,
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Locked { .. } | StoreError::Unreachable { .. } => {
            ApiError::Unavailable(e.to_string())
        }
        // Said without the database's path: clients never see server paths.
        StoreError::Refused { what, .. } => ApiError::Unprocessable(what),
        e => ApiError::Internal(e.to_string()),
    }
}

/// A use case's error as an HTTP one.
fn app_error(e: AppError) -> ApiError {
    match e {
        AppError::Store(e) => store_error(e),
        AppError::NoSuchStory(id) => ApiError::NotFound(format!("no such story: {id}")),
        AppError::NoSuchArticle(id) => ApiError::NotFound(format!("no such article: {id}")),
        e @ AppError::NothingYet { .. } => ApiError::NotFound(e.to_string()),
        AppError::Correction(what) => ApiError::Unprocessable(what),
        AppError::Export(what) => ApiError::BadRequest(what),
        e => ApiError::Internal(e.to_string()),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding a lock leaves plain data (connections): keep going.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl StoreBackend {
    /// Open (creating if needed) the database and its search index, building the index when
    /// there is none.
    pub fn open(db: &Database) -> Result<Self> {
        let writer = db.open()?;
        let dir = db.index_dir();
        let building = || {
            eprintln!("factline: building the search index {}", dir.display());
            Ok(())
        };
        let index = open_or_build(&*writer, &dir, building).map_err(|e| match e {
            AppError::IndexBuild(e) => e.to_string(),
            e => e.to_string(),
        });
        if let Err(e) = &index {
            eprintln!("factline: search is unavailable: {e}");
        }
        Ok(StoreBackend {
            db: db.clone(),
            readers: Mutex::new(Vec::new()),
            writer: Mutex::new(writer),
            index: RwLock::new(index),
            queries: Queries::default(),
        })
    }

    /// Run `f` with a read-only connection from the pool.
    fn read<T>(&self, f: impl FnOnce(&dyn Store) -> Result<T, AppError>) -> Result<T, ApiError> {
        let conn = lock(&self.readers).pop();
        let conn = match conn {
            Some(c) => c,
            None => self.db.open_read_only().map_err(store_error)?,
        };
        let out = f(&*conn);
        let mut pool = lock(&self.readers);
        if pool.len() < POOL {
            pool.push(conn);
        }
        out.map_err(app_error)
    }

    /// Compute and store the summaries missing from the story list (after a CLI ingest by
    /// an older factline, say). Best effort: the list computes a missing summary itself, so
    /// a failure here only makes it slower.
    fn fill_summaries(&self) {
        let Ok(todo) = self.read(|store| factline_app::read::missing_summaries(store, None)) else {
            return;
        };
        for chunk in todo.chunks(256) {
            // Short holds of the write lock: an ingest request may be waiting.
            let mut writer = lock(&self.writer);
            if factline_app::read::put_summaries(&mut **writer, chunk).is_err() {
                return;
            }
        }
    }

    /// One item of a request; a reader that panics on it rejects that item only.
    fn to_raw(index: usize, input: &ArticleInput) -> Result<RawArticle, String> {
        let json = serde_json::to_string(input).map_err(|e| e.to_string())?;
        let name = format!("api[{index}]");
        std::panic::catch_unwind(|| factline_ingest::parse_json_article(&name, &json))
            .map_err(|_| "internal error while reading the article".to_string())?
            .map(|mut raw| {
                raw.source = "api".to_string();
                raw
            })
            .map_err(|e| e.reason)
    }
}

impl Backend for StoreBackend {
    fn stories(&self, as_of: Option<Date>, page: Page) -> Result<StoryPage, ApiError> {
        let page = factline_app::Page {
            limit: page.limit,
            offset: page.offset,
        };
        let list = self.read(|store| self.queries.stories(store, as_of, page))?;
        Ok(StoryPage {
            total: list.total,
            stories: list.stories,
        })
    }

    fn story(&self, id: &str, as_of: Option<Date>) -> Result<StoryState, ApiError> {
        self.read(|store| self.queries.story(store, id, as_of))
            .map(|s| StoryState::clone(&s))
    }

    fn article(&self, id: &str) -> Result<ArticleDetail, ApiError> {
        let (article, story) = self.read(|store| factline_app::article(store, id))?;
        Ok(ArticleDetail { article, story })
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchResults, ApiError> {
        let guard = self.index.read().unwrap_or_else(|p| p.into_inner());
        let index = guard
            .as_ref()
            .map_err(|e| ApiError::Unavailable(format!("search is unavailable: {e}")))?;
        let (hits, total) = self.read(|store| factline_app::search(store, index, query))?;
        Ok(SearchResults { total, hits })
    }

    fn corrections(&self, story: Option<&str>) -> Result<Vec<Correction>, ApiError> {
        self.read(|store| factline_app::corrections::list(store, story))
    }

    fn correct(
        &self,
        story: &str,
        action: &CorrectionAction,
        who: &str,
        why: &str,
    ) -> Result<Correction, ApiError> {
        let made = factline_app::corrections::signed(who, why);
        let mut writer = lock(&self.writer);
        factline_app::corrections::correct(&mut **writer, story, action, &made).map_err(app_error)
    }

    fn undo_correction(&self, id: i64, who: &str, why: &str) -> Result<Correction, ApiError> {
        let undone = factline_app::corrections::signed(who, why);
        let mut writer = lock(&self.writer);
        factline_app::corrections::undo(&mut **writer, id, &undone).map_err(app_error)
    }

    fn export(
        &self,
        story: Option<&str>,
        as_of: Option<Date>,
        table: ExportTable,
        format: ExportFormat,
    ) -> Result<Vec<u8>, ApiError> {
        self.read(|store| {
            let ids = factline_app::export::stories(store, &self.queries, story, as_of)?;
            let mut out = Vec::new();
            factline_app::export::write(
                store,
                &self.queries,
                &ids,
                as_of,
                table,
                format,
                &mut out,
            )?;
            Ok(out)
        })
    }

    fn ingest(&self, articles: Vec<ArticleInput>) -> Result<IngestOutcome, ApiError> {
        let mut items: Vec<Option<ItemOutcome>> = vec![None; articles.len()];
        let mut raws = Vec::new();
        let mut raw_pos = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            match Self::to_raw(i, a) {
                Ok(raw) => {
                    raws.push(raw);
                    raw_pos.push(i);
                }
                Err(e) => items[i] = Some(ItemOutcome::Rejected(e)),
            }
        }
        // Extraction before the write lock: it takes every core, and no store.
        let prepared = factline_app::prepare_batch(&raws);
        let notify = |n: IndexNotice| index_notice(&self.db, n);
        let done = {
            let mut writer = lock(&self.writer);
            factline_app::ingest_batch(&mut **writer, &self.db.index_dir(), prepared, &notify)
                .map_err(app_error)?
        };
        let stored = done
            .items
            .iter()
            .any(|i| !matches!(i, factline_app::ItemOutcome::Rejected(_)));
        for (item, pos) in done.items.into_iter().zip(raw_pos) {
            items[pos] = Some(match item {
                factline_app::ItemOutcome::New(id) => ItemOutcome::New(id),
                factline_app::ItemOutcome::Unchanged(id) => ItemOutcome::Unchanged(id),
                factline_app::ItemOutcome::Rejected(e) => ItemOutcome::Rejected(e.reason),
            });
        }
        if stored
            && let Ok(index) = self
                .index
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .as_ref()
        {
            let _ = index.reload();
        }
        Ok(IngestOutcome {
            items: items
                .into_iter()
                .map(|o| o.unwrap_or_else(|| ItemOutcome::Rejected("not processed".into())))
                .collect(),
            near_duplicates: done.near_duplicates,
            stories_touched: done.stories_touched,
        })
    }

    fn health(&self) -> Result<Health, ApiError> {
        let n = self.read(|s| Ok(s.article_count()?))?;
        Ok(Health {
            status: "ok".into(),
            articles: Some(n),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample_corpus as sample;

    fn input(id: &str, published: &str, text: &str) -> ArticleInput {
        ArticleInput {
            id: Some(id.into()),
            published: published.into(),
            text: Some(text.into()),
            ..ArticleInput::default()
        }
    }

    /// The backend answers as the CLI does, and an ingest through it is seen by the next
    /// list, story and search.
    #[test]
    fn backend_matches_cli_and_ingests() {
        let tmp = tempfile::tempdir().unwrap();
        backend_matches_cli_and_ingests_on(&Database::sqlite(tmp.path().join("t.db")));
    }

    /// The same over PostgreSQL (a schema of its own, the index in a temporary directory).
    #[test]
    fn backend_matches_cli_and_ingests_on_postgres() {
        use factline_store::test_services::{TestSchema, postgres_url};
        let Some(url) = postgres_url("backend_matches_cli_and_ingests_on_postgres") else {
            return;
        };
        let schema = TestSchema::new(&url);
        let tmp = tempfile::tempdir().unwrap();
        let index = tmp.path().join("pg.index");
        backend_matches_cli_and_ingests_on(&Database::postgres(&schema.store_url(), Some(index)));
    }

    fn backend_matches_cli_and_ingests_on(db: &Database) {
        {
            let mut store = db.open().unwrap();
            crate::commands::ingest_into(&mut *store, db, &[sample()], Default::default()).unwrap();
        }
        let cli = crate::commands::list_stories(db, None).unwrap();
        let b = StoreBackend::open(db).unwrap();
        let page = b
            .stories(
                None,
                Page {
                    limit: 1000,
                    offset: 0,
                },
            )
            .unwrap();
        assert_eq!(page.total, cli.len());
        assert_eq!(page.stories, cli);
        let second = b
            .stories(
                None,
                Page {
                    limit: 2,
                    offset: 1,
                },
            )
            .unwrap();
        assert_eq!(second.stories, cli[1..3].to_vec());

        let biggest = &cli[0];
        let state = b.story(&biggest.id, None).unwrap();
        assert_eq!(
            state,
            crate::commands::load_story(db, &biggest.id, None).unwrap()
        );
        let as_of = biggest.first_seen;
        let early = b.story(&biggest.id, Some(as_of)).unwrap();
        assert!(early.articles.iter().all(|a| a.published <= as_of));
        assert!(matches!(
            b.story("no-such-story", None),
            Err(ApiError::NotFound(_))
        ));
        let before = "1990-01-01".parse().unwrap();
        assert!(matches!(
            b.story(&biggest.id, Some(before)),
            Err(ApiError::NotFound(_))
        ));

        let art = b.article(&biggest.articles[0]).unwrap();
        assert_eq!(art.story.as_deref(), Some(biggest.id.as_str()));
        assert!(matches!(b.article("nope"), Err(ApiError::NotFound(_))));

        let res = b
            .search(&SearchQuery {
                q: "killed".into(),
                limit: 5,
                ..SearchQuery::default()
            })
            .unwrap();
        assert!(res.total > 0 && !res.hits.is_empty());
        assert!(res.hits.iter().all(|h| h.story.is_some()));

        let text = "A landslide buried houses in the village of Qwertyville on Monday, \
                    killing at least 14 people, officials said.";
        let out = b
            .ingest(vec![
                input("api-1", "2025-07-01", text),
                input("api-2", "2025-07-01", text),
                ArticleInput {
                    published: "not a date".into(),
                    text: Some("x".into()),
                    ..ArticleInput::default()
                },
            ])
            .unwrap();
        assert_eq!(out.items[0], ItemOutcome::New("api-1".into()));
        // Same content again: already stored.
        assert_eq!(out.items[1], ItemOutcome::Unchanged("api-2".into()));
        assert!(matches!(&out.items[2], ItemOutcome::Rejected(e) if e.contains("date")));
        assert_eq!(out.stories_touched.len(), 1);
        let story = &out.stories_touched[0];
        let st = b.story(story, None).unwrap();
        assert_eq!(st.figures[&factline_model::FigureKind::Killed].value, 14);
        let all = b
            .stories(
                None,
                Page {
                    limit: 1000,
                    offset: 0,
                },
            )
            .unwrap();
        assert_eq!(all.total, cli.len() + 1);
        let found = b
            .search(&SearchQuery {
                q: "Qwertyville".into(),
                limit: 5,
                ..SearchQuery::default()
            })
            .unwrap();
        assert_eq!(found.total, 1);
        assert_eq!(found.hits[0].story.as_deref(), Some(story.as_str()));
        assert_eq!(b.health().unwrap().articles, Some(51));
    }
}
