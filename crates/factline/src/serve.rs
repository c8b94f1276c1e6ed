//! `factline serve`: the HTTP API and web UI (crate `factline-api`) over the SQLite store.
//!
//! rusqlite connections are not `Sync`, so reads borrow a read-only connection from a small
//! pool (one per concurrent request, opened on demand) and writes go through one read-write
//! connection behind a mutex. Backend calls arrive on tokio's blocking pool. Reconciled story
//! states are cached, keyed by the story's identity and article count (articles are never
//! removed, so any change to a story changes its count), which keeps the cache right even
//! while another process ingests into the same database.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use anyhow::{Context, Result};
use factline_api::{
    ApiConfig, ApiError, ArticleDetail, ArticleInput, Backend, Health, IngestOutcome, ItemOutcome,
    Page, SearchResults, StoryPage,
};
use factline_model::{Date, RawArticle, SearchQuery, StoryState, StorySummary};
use factline_search::{SearchError, SearchIndex, index_dir_for};
use factline_store::{SqliteStore, Store, StoreError, StoryRecord};

use crate::Outcome;
use crate::pipeline::{ClusterLinker, process_batch};
use crate::search_cmd::{IndexUpdater, rebuild};

/// Read-only connections kept for reuse.
const POOL: usize = 8;
/// Story states kept in the cache.
const CACHE: usize = 512;
/// Story list orders kept (one per as-of date asked).
const ORDERS: usize = 16;

/// Serve `db` on `addr` until Ctrl-C or SIGTERM.
pub fn run(db: &Path, addr: SocketAddr) -> Result<Outcome> {
    let backend = Arc::new(SqliteBackend::open(db)?);
    {
        // Summaries missing after a CLI ingest are computed in the background; until then
        // the story list computes the ones it shows.
        let backend = Arc::clone(&backend);
        std::thread::spawn(move || backend.fill_summaries(None));
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
            db.display()
        );
        let app = factline_api::app(backend, config);
        factline_api::serve(listener, app)
            .await
            .context("serving HTTP")?;
        eprintln!("factline: server stopped");
        Ok(Outcome::Ok)
    })
}

type CacheKey = (i64, String, usize, Option<Date>);
/// Story ids in list order.
type StoryOrder = Arc<Vec<String>>;

/// [`Backend`] over a factline database and its search index.
pub struct SqliteBackend {
    db: PathBuf,
    readers: Mutex<Vec<SqliteStore>>,
    writer: Mutex<SqliteStore>,
    /// The search index, opened for reading only (so `factline ingest` can still write it);
    /// `Err` holds why search is unavailable.
    index: RwLock<Result<SearchIndex, String>>,
    states: Mutex<HashMap<CacheKey, Arc<StoryState>>>,
    /// Story list orders by (article count, as-of date).
    orders: Mutex<HashMap<(usize, Option<Date>), StoryOrder>>,
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Locked { .. } => ApiError::Unavailable(e.to_string()),
        e => ApiError::Internal(e.to_string()),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding a lock leaves plain data (connections, a cache): keep going.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl SqliteBackend {
    /// Open (creating if needed) the database and its search index, building the index when
    /// there is none.
    pub fn open(db: &Path) -> Result<Self> {
        let writer = SqliteStore::open(db)?;
        let dir = index_dir_for(db);
        let index = match SearchIndex::open(&dir) {
            Err(SearchError::Missing { .. }) => {
                eprintln!("factline: building the search index {}", dir.display());
                rebuild(&writer, &dir)
                    .map_err(|e| format!("{e:#}"))
                    .and_then(|_| SearchIndex::open(&dir).map_err(|e| e.to_string()))
            }
            other => other.map_err(|e| e.to_string()),
        };
        if let Err(e) = &index {
            eprintln!("factline: search is unavailable: {e}");
        }
        Ok(SqliteBackend {
            db: db.to_path_buf(),
            readers: Mutex::new(Vec::new()),
            writer: Mutex::new(writer),
            index: RwLock::new(index),
            states: Mutex::new(HashMap::new()),
            orders: Mutex::new(HashMap::new()),
        })
    }

    /// Run `f` with a read-only connection from the pool.
    fn read<T>(&self, f: impl FnOnce(&SqliteStore) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let conn = lock(&self.readers).pop();
        let conn = match conn {
            Some(c) => c,
            None => SqliteStore::open_read_only(&self.db).map_err(store_error)?,
        };
        let out = f(&conn);
        let mut pool = lock(&self.readers);
        if pool.len() < POOL {
            pool.push(conn);
        }
        out
    }

    /// The reconciled state of a story as of a date (cached).
    fn state(
        &self,
        store: &SqliteStore,
        rec: &StoryRecord,
        as_of: Option<Date>,
    ) -> Result<Option<Arc<StoryState>>, ApiError> {
        if as_of.is_some_and(|d| rec.first_seen > d) {
            return Ok(None);
        }
        let key = (rec.key, rec.id.clone(), rec.article_count, as_of);
        if let Some(s) = lock(&self.states).get(&key) {
            return Ok(Some(Arc::clone(s)));
        }
        let articles = store.story_articles(rec.key).map_err(store_error)?;
        let state = factline_reconcile::story_state(&rec.id, &rec.aliases, &articles, as_of);
        if state.articles.is_empty() {
            return Ok(None);
        }
        let state = Arc::new(state);
        let mut cache = lock(&self.states);
        if cache.len() >= CACHE {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&state));
        Ok(Some(state))
    }

    /// The summary of a story: the cached one (without `as_of`) or computed.
    fn summary(
        &self,
        store: &SqliteStore,
        rec: &StoryRecord,
        as_of: Option<Date>,
    ) -> Result<Option<StorySummary>, ApiError> {
        if as_of.is_none()
            && let Some(json) = &rec.summary
            && let Ok(s) = serde_json::from_str(json)
        {
            return Ok(Some(s));
        }
        Ok(self
            .state(store, rec, as_of)?
            .map(|s| factline_reconcile::summary(&s)))
    }

    /// Story ids in list order as of a date: biggest, then most recent, then by id (the
    /// order of `factline stories`). Cached until the article count changes (stories change
    /// only when articles arrive).
    fn order(
        &self,
        store: &SqliteStore,
        as_of: Option<Date>,
    ) -> Result<Arc<Vec<String>>, ApiError> {
        let count = store.article_count().map_err(store_error)?;
        if let Some(ids) = lock(&self.orders).get(&(count, as_of)) {
            return Ok(Arc::clone(ids));
        }
        let records = store.stories().map_err(store_error)?;
        let ids: Vec<String> = match as_of {
            None => {
                let mut records = records;
                records.sort_by(|a, b| {
                    b.article_count
                        .cmp(&a.article_count)
                        .then(b.last_seen.cmp(&a.last_seen))
                        .then(a.id.cmp(&b.id))
                });
                records.into_iter().map(|r| r.id).collect()
            }
            Some(d) => {
                // Sizes and dates as of `d` decide the order: summarise every story first.
                let mut all = Vec::new();
                for rec in records.iter().filter(|r| r.first_seen <= d) {
                    all.extend(self.summary(store, rec, as_of)?);
                }
                sort_summaries(&mut all);
                all.into_iter().map(|s| s.id).collect()
            }
        };
        let ids = Arc::new(ids);
        let mut orders = lock(&self.orders);
        orders.retain(|(n, _), _| *n == count);
        if orders.len() >= ORDERS {
            orders.clear();
        }
        orders.insert((count, as_of), Arc::clone(&ids));
        Ok(ids)
    }

    /// Compute and store the summaries the story list reads: the missing ones (`None`) or
    /// those of the given stories. Best effort: the list computes a missing summary itself,
    /// so a failure here only makes it slower.
    fn fill_summaries(&self, only: Option<&[String]>) {
        let todo = self.read(|store| {
            let mut todo = Vec::new();
            for rec in store.stories().map_err(store_error)? {
                let wanted = match only {
                    Some(ids) => ids.contains(&rec.id),
                    None => rec.summary.is_none(),
                };
                if !wanted {
                    continue;
                }
                // Not through the state cache: this visits every story once.
                let articles = store.story_articles(rec.key).map_err(store_error)?;
                let state = factline_reconcile::story_state(&rec.id, &rec.aliases, &articles, None);
                if !state.articles.is_empty() {
                    todo.push((rec.id, factline_reconcile::summary(&state)));
                }
            }
            Ok(todo)
        });
        let Ok(todo) = todo else { return };
        for chunk in todo.chunks(256) {
            // Short holds of the write lock: an ingest request may be waiting.
            let mut writer = lock(&self.writer);
            for (id, s) in chunk {
                if let Ok(json) = serde_json::to_string(s)
                    && writer.put_summary(id, &json).is_err()
                {
                    return;
                }
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

impl Backend for SqliteBackend {
    fn stories(&self, as_of: Option<Date>, page: Page) -> Result<StoryPage, ApiError> {
        self.read(|store| {
            let order = self.order(store, as_of)?;
            let mut stories = Vec::new();
            for id in order.iter().skip(page.offset).take(page.limit) {
                if let Some(rec) = store.story(id).map_err(store_error)? {
                    stories.extend(self.summary(store, &rec, as_of)?);
                }
            }
            Ok(StoryPage {
                total: order.len(),
                stories,
            })
        })
    }

    fn story(&self, id: &str, as_of: Option<Date>) -> Result<StoryState, ApiError> {
        self.read(|store| {
            let rec = store
                .story(id)
                .map_err(store_error)?
                .ok_or_else(|| ApiError::NotFound(format!("no such story: {id}")))?;
            match self.state(store, &rec, as_of)? {
                Some(s) => Ok(StoryState::clone(&s)),
                None => Err(ApiError::NotFound(format!(
                    "{id}: no article of this story was published on or before {}",
                    as_of.map(|d| d.to_string()).unwrap_or_default()
                ))),
            }
        })
    }

    fn article(&self, id: &str) -> Result<ArticleDetail, ApiError> {
        self.read(|store| match store.article(id).map_err(store_error)? {
            Some((article, story)) => Ok(ArticleDetail { article, story }),
            None => Err(ApiError::NotFound(format!("no such article: {id}"))),
        })
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchResults, ApiError> {
        let guard = self.index.read().unwrap_or_else(|p| p.into_inner());
        let index = guard
            .as_ref()
            .map_err(|e| ApiError::Unavailable(format!("search is unavailable: {e}")))?;
        self.read(|store| {
            let only_ids = match &query.story {
                None => None,
                Some(id) => {
                    let rec = store
                        .story(id)
                        .map_err(store_error)?
                        .ok_or_else(|| ApiError::NotFound(format!("no such story: {id}")))?;
                    let ids: Vec<String> = store
                        .story_articles(rec.key)
                        .map_err(store_error)?
                        .into_iter()
                        .map(|a| a.id)
                        .collect();
                    Some(ids)
                }
            };
            let (mut hits, total) = index
                .search(query, only_ids.as_deref())
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            for h in &mut hits {
                h.story = store.article_story(&h.id).map_err(store_error)?;
            }
            Ok(SearchResults { total, hits })
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
        let mut batch = Vec::new();
        let mut batch_pos = Vec::new();
        for (r, pos) in process_batch(&raws).into_iter().zip(raw_pos) {
            match r {
                Ok(item) => {
                    batch.push(item);
                    batch_pos.push(pos);
                }
                Err(e) => items[pos] = Some(ItemOutcome::Rejected(e.reason)),
            }
        }
        let mut outcome = IngestOutcome::default();
        if !batch.is_empty() {
            let mut writer = lock(&self.writer);
            let mut updater = IndexUpdater::open(&self.db, &*writer);
            let report = writer.ingest(&batch, &ClusterLinker).map_err(store_error)?;
            updater.stored(&batch, &report);
            updater.finish();
            drop(writer);
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
            self.fill_summaries(Some(&outcome.stories_touched));
            if let Ok(index) = self
                .index
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .as_ref()
            {
                let _ = index.reload();
            }
        }
        outcome.items = items
            .into_iter()
            .map(|o| o.unwrap_or_else(|| ItemOutcome::Rejected("not processed".into())))
            .collect();
        Ok(outcome)
    }

    fn health(&self) -> Result<Health, ApiError> {
        let n = self.read(|s| s.article_count().map_err(store_error))?;
        Ok(Health {
            status: "ok".into(),
            articles: Some(n),
        })
    }
}

/// The order of `factline stories`: biggest, then most recent, then by id.
fn sort_summaries(list: &mut [StorySummary]) {
    list.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.last_seen.cmp(&a.last_seen))
            .then(a.id.cmp(&b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        format!(
            "{}/../../corpus/sample/articles",
            env!("CARGO_MANIFEST_DIR")
        )
    }

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
        let db = tmp.path().join("t.db");
        {
            let mut store = SqliteStore::open(&db).unwrap();
            let mut updater = IndexUpdater::open(&db, &store);
            crate::commands::ingest_into(&mut store, &[sample()], Default::default(), &mut updater)
                .unwrap();
            updater.finish();
        }
        let cli = crate::commands::list_stories(&db, None).unwrap();
        let b = SqliteBackend::open(&db).unwrap();
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
            crate::commands::load_story(&db, &biggest.id, None).unwrap()
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
