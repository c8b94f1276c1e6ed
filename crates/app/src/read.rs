//! The read use cases: the story list and one story as of a date, an article, search.
//!
//! [`Queries`] holds their caches. Reconciled story states are keyed by the story's identity
//! and article count (articles are never removed, so any change to a story changes its
//! count), and list orders by the store's article count (stories change only when articles
//! arrive), which keeps them right even while another process ingests into the same store.
//! A command that answers once uses a fresh `Queries`; a server keeps one.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use factline_model::{Article, Correction, Date, SearchHit, SearchQuery, StoryState, StorySummary};
use factline_search::SearchIndex;
use factline_store::{Store, StoryRecord};

use crate::AppError;

/// Story states kept in the cache.
const CACHE: usize = 512;
/// Story list orders kept (one per as-of date asked).
const ORDERS: usize = 16;

/// Which slice of a list to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl Page {
    /// The whole list.
    pub const ALL: Page = Page {
        limit: usize::MAX,
        offset: 0,
    };
}

/// One page of the story list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryList {
    /// Stories in the whole list.
    pub total: usize,
    pub stories: Vec<StorySummary>,
}

/// Story key, id, size, corrections made or undone, as-of date.
type StateKey = (i64, String, usize, usize, Option<Date>);
/// Article count, corrections made or undone, as-of date.
type OrderKey = (usize, usize, Option<Date>);
/// Story ids in list order.
type StoryOrder = Arc<Vec<String>>;

/// The read use cases and their caches.
#[derive(Default)]
pub struct Queries {
    states: Mutex<HashMap<StateKey, Arc<StoryState>>>,
    /// Story list orders by (article count, corrections made or undone, as-of date).
    orders: Mutex<HashMap<OrderKey, StoryOrder>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding a lock leaves plain data (a cache): keep going.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A list just computed, from which a page is taken without reading the stories again.
enum Listed {
    Records(Vec<StoryRecord>),
    Summaries(Vec<StorySummary>),
}

impl Queries {
    /// One page of the stories as of a date (default: everything), biggest first, then most
    /// recent, then by id. A story none of whose articles was published by `as_of` is left
    /// out.
    pub fn stories(
        &self,
        store: &dyn Store,
        as_of: Option<Date>,
        page: Page,
    ) -> Result<StoryList, AppError> {
        let count = store.article_count()?;
        let edits = edit_count(&store.corrections()?);
        let cached = lock(&self.orders).get(&(count, edits, as_of)).cloned();
        let (order, listed) = match cached {
            Some(order) => (order, None),
            None => {
                let listed = self.list(store, as_of)?;
                let ids: Vec<String> = match &listed {
                    Listed::Records(r) => r.iter().map(|r| r.id.clone()).collect(),
                    Listed::Summaries(s) => s.iter().map(|s| s.id.clone()).collect(),
                };
                let ids = Arc::new(ids);
                let mut orders = lock(&self.orders);
                orders.retain(|(n, e, _), _| (*n, *e) == (count, edits));
                if orders.len() >= ORDERS {
                    orders.clear();
                }
                orders.insert((count, edits, as_of), Arc::clone(&ids));
                (ids, Some(listed))
            }
        };
        let mut stories = Vec::new();
        match listed {
            Some(Listed::Records(records)) => {
                for rec in records.iter().skip(page.offset).take(page.limit) {
                    stories.extend(self.summary(store, rec, as_of)?);
                }
            }
            Some(Listed::Summaries(all)) => {
                stories.extend(all.into_iter().skip(page.offset).take(page.limit));
            }
            None => {
                for id in order.iter().skip(page.offset).take(page.limit) {
                    if let Some(rec) = store.story(id)? {
                        stories.extend(self.summary(store, &rec, as_of)?);
                    }
                }
            }
        }
        Ok(StoryList {
            total: order.len(),
            stories,
        })
    }

    /// Every story in list order: the records when the list is of now (their sizes and
    /// dates decide), the summaries as of a date otherwise (sizes and dates as of then).
    fn list(&self, store: &dyn Store, as_of: Option<Date>) -> Result<Listed, AppError> {
        let records = store.stories()?;
        Ok(match as_of {
            None => {
                let mut records = records;
                records.sort_by(|a, b| {
                    b.article_count
                        .cmp(&a.article_count)
                        .then(b.last_seen.cmp(&a.last_seen))
                        .then(a.id.cmp(&b.id))
                });
                Listed::Records(records)
            }
            Some(d) => {
                let mut all = Vec::new();
                for rec in records.iter().filter(|r| r.first_seen <= d) {
                    all.extend(self.summary(store, rec, as_of)?);
                }
                all.sort_by(|a, b| {
                    b.articles
                        .len()
                        .cmp(&a.articles.len())
                        .then(b.last_seen.cmp(&a.last_seen))
                        .then(a.id.cmp(&b.id))
                });
                Listed::Summaries(all)
            }
        })
    }

    /// The reconciled state of a story (by id or alias) as of a date.
    pub fn story(
        &self,
        store: &dyn Store,
        id: &str,
        as_of: Option<Date>,
    ) -> Result<Arc<StoryState>, AppError> {
        let rec = store
            .story(id)?
            .ok_or_else(|| AppError::NoSuchStory(id.to_string()))?;
        self.state(store, &rec, as_of)?
            .ok_or_else(|| AppError::NothingYet {
                id: id.to_string(),
                as_of: as_of.map(|d| d.to_string()).unwrap_or_default(),
            })
    }

    /// The reconciled state of a story as of a date (cached); `None` when none of its
    /// articles was published by then.
    fn state(
        &self,
        store: &dyn Store,
        rec: &StoryRecord,
        as_of: Option<Date>,
    ) -> Result<Option<Arc<StoryState>>, AppError> {
        if as_of.is_some_and(|d| rec.first_seen > d) {
            return Ok(None);
        }
        let corrections = store.corrections()?;
        let key = (
            rec.key,
            rec.id.clone(),
            rec.article_count,
            edit_count(&corrections),
            as_of,
        );
        if let Some(s) = lock(&self.states).get(&key) {
            return Ok(Some(Arc::clone(s)));
        }
        let Some(state) = story_state(store, rec, &corrections, as_of)? else {
            return Ok(None);
        };
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
        store: &dyn Store,
        rec: &StoryRecord,
        as_of: Option<Date>,
    ) -> Result<Option<StorySummary>, AppError> {
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
}

/// How many corrections were made or undone: what cached states and orders depend on
/// besides the articles.
fn edit_count(all: &[Correction]) -> usize {
    all.len() + all.iter().filter(|c| c.undone.is_some()).count()
}

/// A story's state from its articles and `all` the corrections (not cached); `None` when
/// it has none as of the date.
fn story_state(
    store: &dyn Store,
    rec: &StoryRecord,
    all: &[Correction],
    as_of: Option<Date>,
) -> Result<Option<StoryState>, AppError> {
    let mut articles = store.story_articles(rec.key)?;
    let corrections = crate::corrections::of_story(store, rec, all)?;
    crate::corrections::exclude(&corrections, &mut articles);
    let mut state = factline_reconcile::story_state(&rec.id, &rec.aliases, &articles, as_of);
    crate::corrections::apply(corrections, &mut state);
    Ok((!state.articles.is_empty()).then_some(state))
}

/// One stored article and the id of its story.
pub fn article(store: &dyn Store, id: &str) -> Result<(Article, Option<String>), AppError> {
    store
        .article(id)?
        .ok_or_else(|| AppError::NoSuchArticle(id.to_string()))
}

/// Ranked hits for `query` from `index`, each with the id of its story in `store` (none for
/// an article indexed but not stored: a stale index), and how many matched in all. The story
/// filter is an id or alias.
pub fn search(
    store: &dyn Store,
    index: &SearchIndex,
    query: &SearchQuery,
) -> Result<(Vec<SearchHit>, usize), AppError> {
    let only_ids = match &query.story {
        None => None,
        Some(id) => {
            let rec = store
                .story(id)?
                .ok_or_else(|| AppError::NoSuchStory(id.clone()))?;
            let ids: Vec<String> = store
                .story_articles(rec.key)?
                .into_iter()
                .map(|a| a.id)
                .collect();
            Some(ids)
        }
    };
    let (mut hits, total) = index.search(query, only_ids.as_deref())?;
    for h in &mut hits {
        h.story = store.article_story(&h.id)?;
    }
    Ok((hits, total))
}

/// The summaries to cache: of the stories that have none, among `ids` (ids or aliases) or
/// among all stories.
pub fn missing_summaries(
    store: &dyn Store,
    ids: Option<&BTreeSet<String>>,
) -> Result<Vec<(String, StorySummary)>, AppError> {
    let records = match ids {
        None => store.stories()?,
        Some(ids) => {
            let mut seen = BTreeSet::new();
            let mut records = Vec::new();
            for id in ids {
                if let Some(rec) = store.story(id)?
                    && seen.insert(rec.id.clone())
                {
                    records.push(rec);
                }
            }
            records
        }
    };
    let corrections = store.corrections()?;
    let mut out = Vec::new();
    for rec in records.into_iter().filter(|r| r.summary.is_none()) {
        // Not through the state cache: this visits each story once.
        if let Some(state) = story_state(store, &rec, &corrections, None)? {
            out.push((rec.id, factline_reconcile::summary(&state)));
        }
    }
    Ok(out)
}

/// Cache computed summaries in the store.
pub fn put_summaries(
    store: &mut dyn Store,
    summaries: &[(String, StorySummary)],
) -> Result<(), AppError> {
    for (id, s) in summaries {
        store.put_summary(id, &serde_json::to_string(s)?)?;
    }
    Ok(())
}
