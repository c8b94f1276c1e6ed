//! The PostgreSQL store: the same tables and the same decisions as the SQLite store
//! ([`crate::plan`]), shared by every process that ingests into one database.
//!
//! Each batch (and each correction) is one SERIALIZABLE transaction. Serializable
//! transactions commit only as some serial order of them would, and the store's stories
//! and ids do not depend on the order batches arrive in, so concurrent ingests give the
//! stories one process would. A transaction PostgreSQL aborts to keep that promise
//! (SQLSTATE 40001, or a deadlock 40P01, or a unique key another batch took meanwhile) is
//! run again after a short random wait; after [`EXCLUSIVE_AFTER`] tries it runs holding
//! the ingest lock exclusively (every batch holds it shared), so a batch that keeps losing
//! runs alone and cannot lose again.
//!
//! The client is the synchronous `postgres` crate (tokio-postgres on a runtime of its
//! own): the [`Store`] trait is synchronous, one store is one connection, and concurrency
//! comes from several stores (threads, processes, machines), not from one store.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use ::postgres::error::SqlState;
use ::postgres::types::ToSql;
use ::postgres::{Client, NoTls, Row, Statement};
use factline_model::{Article, CleanText, Correction, CorrectionAction, Facts, Signed, parse_date};

use crate::common::StoredSignature;
use crate::{BatchReport, Linker, NewArticle, Store, StoreError, StoryRecord};

mod batch;
mod corrections;
mod schema;
#[cfg(test)]
mod tests;

/// Tries of a transaction PostgreSQL aborted before it runs alone (see the module docs).
pub const EXCLUSIVE_AFTER: u32 = 6;
/// Tries in all before the abort is reported.
const MAX_TRIES: u32 = 40;

/// Signatures kept decoded; the cache is emptied when it grows past this.
const SIGNATURE_CACHE: usize = 50_000;

/// How this store's write transactions went: PostgreSQL aborts some when they run
/// concurrently, and they are run again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Write transactions committed.
    pub committed: u64,
    /// Tries aborted by PostgreSQL (serialization failure, deadlock, a key taken
    /// meanwhile) and run again.
    pub retried: u64,
    /// Transactions that ended up running alone under the exclusive ingest lock.
    pub exclusive: u64,
}

/// PostgreSQL-backed [`Store`]: one connection, its tables in one schema.
pub struct PgStore {
    client: RefCell<Client>,
    /// Statements prepared on this connection, by their SQL.
    statements: RefCell<HashMap<&'static str, Statement>>,
    /// The URL with its password left out: what messages name.
    url: String,
    /// The URL as given, password included: only to connect again; never shown.
    connect_url: String,
    /// Opened for writing (migrated) rather than read-only.
    writable: bool,
    schema: String,
    /// Decoded signatures of stored articles by their `seq`. Stored signatures never
    /// change, and a `seq` is never given twice, even by a transaction that rolled back
    /// (sequences are not transactional), so an entry is never wrong; one of a rolled-back
    /// article is merely never asked for.
    signatures: HashMap<i64, Arc<StoredSignature>>,
    stats: WriteStats,
}

/// A failure inside a write transaction: PostgreSQL's (perhaps worth another try) or
/// the store's own.
pub(crate) enum Failure {
    Pg(postgres::Error),
    Store(StoreError),
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        Failure::Pg(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl Failure {
    fn retryable(&self) -> bool {
        let Failure::Pg(e) = self else { return false };
        matches!(
            e.code(),
            Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED
                || *c == SqlState::UNIQUE_VIOLATION
        )
    }
}

/// `url` with the password (in the user part or a `password=` parameter) left out.
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                out.replace_range(rest_start + colon..rest_start + at, ":***");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (head, query) = out.split_at(q + 1);
        let query: Vec<String> = query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_string(),
            })
            .collect();
        out = format!("{head}{}", query.join("&"));
    }
    out
}

/// The URL without factline's own `schema=` parameter, and that schema.
fn split_schema(url: &str) -> (String, Option<String>) {
    let Some((head, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut schema = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.strip_prefix("schema=") {
            Some(s) => {
                schema = Some(s.to_string());
                false
            }
            None => true,
        })
        .collect();
    let url = if rest.is_empty() {
        head.to_string()
    } else {
        format!("{head}?{}", rest.join("&"))
    };
    (url, schema)
}

/// Map a client error to a [`StoreError`] naming the database.
pub(crate) fn pg_error(url: &str, e: &postgres::Error) -> StoreError {
    let url = url.to_string();
    match e.as_db_error() {
        Some(db) => StoreError::Postgres {
            url,
            detail: format!("{} ({})", db.message(), db.code().code()),
        },
        None if e.is_closed() || e.to_string().contains("connect") => StoreError::Unreachable {
            url,
            detail: e.to_string(),
        },
        None => StoreError::Postgres {
            url,
            detail: e.to_string(),
        },
    }
}

/// The session is gone: closed, an I/O failure, or ended by the server (admin shutdown).
fn connection_lost(e: &postgres::Error) -> bool {
    match e.as_db_error() {
        None => true,
        Some(db) => *db.code() == postgres::error::SqlState::ADMIN_SHUTDOWN,
    }
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl PgStore {
    /// Connect to the database at `url` (a `postgres://` URL; a `schema=NAME` parameter
    /// puts factline's tables in that schema, `public` otherwise), creating the schema
    /// and bringing it up to date.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let (url, schema) = split_schema(url);
        Self::connect(&url, schema.as_deref().unwrap_or("public"), true)
    }

    /// [`PgStore::open`] with the tables in `schema`.
    pub fn open_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        Self::connect(&split_schema(url).0, schema, true)
    }

    /// Connect for reading only: no migration, no creation, and a session that refuses
    /// writes.
    pub fn open_read_only(url: &str) -> Result<Self, StoreError> {
        let (url, schema) = split_schema(url);
        Self::connect(&url, schema.as_deref().unwrap_or("public"), false)
    }

    fn connect(url: &str, schema: &str, writable: bool) -> Result<Self, StoreError> {
        let shown = redact_url(url);
        let mut client = Client::connect(url, NoTls).map_err(|e| match pg_error(&shown, &e) {
            StoreError::Postgres { url, detail } if e.as_db_error().is_none() => {
                StoreError::Unreachable { url, detail }
            }
            other => other,
        })?;
        let err = |e: postgres::Error| pg_error(&shown, &e);
        client
            .batch_execute(&format!("SET search_path TO {}", quote_ident(schema)))
            .map_err(err)?;
        if writable {
            schema::migrate(&mut client, &shown, schema)?;
        } else {
            schema::check(&mut client, &shown)?;
            client
                .batch_execute("SET default_transaction_read_only = on")
                .map_err(err)?;
        }
        Ok(PgStore {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            url: shown,
            connect_url: url.to_string(),
            writable,
            schema: schema.to_string(),
            signatures: HashMap::new(),
            stats: WriteStats::default(),
        })
    }

    /// The database as messages name it (no password).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema holding factline's tables.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// How this store's write transactions went so far.
    pub fn write_stats(&self) -> WriteStats {
        self.stats
    }

    fn err(&self, e: postgres::Error) -> StoreError {
        pg_error(&self.url, &e)
    }

    fn decode(&self, detail: String) -> StoreError {
        StoreError::Decode {
            db: self.url.clone(),
            detail,
        }
    }

    /// Connect again when the server closed the connection (a restart, a dropped
    /// network, an administrator's terminate): a long-running worker or server carries on
    /// once PostgreSQL is back, instead of failing every later call. Statements prepared
    /// on the old connection are forgotten. While the server is away this is
    /// [`StoreError::Unreachable`], which callers may retry.
    fn reconnect_if_closed(&self) -> Result<(), StoreError> {
        if self.client.borrow().is_closed() {
            self.reconnect()?;
        }
        Ok(())
    }

    fn reconnect(&self) -> Result<(), StoreError> {
        let fresh = Self::connect(&self.connect_url, &self.schema, self.writable)?;
        *self.client.borrow_mut() = fresh.client.into_inner();
        self.statements.borrow_mut().clear();
        Ok(())
    }

    /// Run a read statement (prepared once per connection). A read that finds its
    /// connection gone (the client learns it only by failing) connects again and runs
    /// once more: reads change nothing, so running one twice is safe.
    fn rows(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StoreError> {
        self.reconnect_if_closed()?;
        match self.rows_once(sql, params) {
            Err(e) if connection_lost(&e) => {
                self.reconnect()?;
                self.rows_once(sql, params).map_err(|e| self.err(e))
            }
            r => r.map_err(|e| self.err(e)),
        }
    }

    fn rows_once(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let mut client = self.client.borrow_mut();
        let stmt = {
            let mut statements = self.statements.borrow_mut();
            match statements.get(sql) {
                Some(s) => s.clone(),
                None => {
                    let s = client.prepare(sql)?;
                    statements.insert(sql, s.clone());
                    s
                }
            }
        };
        client.query(&stmt, params)
    }

    /// A value another part of factline keeps in the database (`meta`; keys outside the
    /// store's own use a `<user>.` prefix, e.g. `watch.state`).
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .rows("SELECT value FROM meta WHERE key = $1", &[&key])?
            .first()
            .map(|r| r.get(0)))
    }

    /// Set a [`PgStore::setting`].
    pub fn put_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.rows(
            "INSERT INTO meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING 1",
            &[&key, &value],
        )?;
        Ok(())
    }

    /// Run `work` in a serializable transaction, again while PostgreSQL aborts it for a
    /// conflict with a concurrent one (see the module docs).
    fn write<T>(
        &mut self,
        mut work: impl FnMut(&mut batch::Batch<'_, '_>) -> Result<T, Failure>,
    ) -> Result<T, StoreError> {
        if self.signatures.len() > SIGNATURE_CACHE {
            self.signatures.clear();
        }
        self.reconnect_if_closed()?;
        let mut tries = 0;
        loop {
            tries += 1;
            let exclusive = tries > EXCLUSIVE_AFTER;
            let result = batch::run(
                self.client.get_mut(),
                self.statements.get_mut(),
                &self.url,
                &mut self.signatures,
                exclusive,
                &mut work,
            );
            match result {
                Ok(out) => {
                    self.stats.committed += 1;
                    if exclusive {
                        self.stats.exclusive += 1;
                    }
                    return Ok(out);
                }
                Err(f) if f.retryable() && tries < MAX_TRIES => {
                    self.stats.retried += 1;
                    std::thread::sleep(backoff(tries));
                }
                Err(Failure::Pg(e)) => return Err(self.err(e)),
                Err(Failure::Store(e)) => return Err(e),
            }
        }
    }

    fn story_record(&self, row: &Row, aliases: Vec<String>) -> Result<StoryRecord, StoreError> {
        Ok(StoryRecord {
            key: row.get(0),
            id: row.get(1),
            aliases,
            article_count: row.get::<_, i32>(2) as usize,
            first_seen: self.date(row.get(3))?,
            last_seen: self.date(row.get(4))?,
            summary: row.get(5),
        })
    }

    fn date(&self, s: &str) -> Result<factline_model::Date, StoreError> {
        parse_date(s).map_err(|e| self.decode(format!("stored date {s:?}: {e}")))
    }

    /// An article from the columns of [`ARTICLE_COLUMNS`] starting at `at`.
    fn article_from(&self, row: &Row) -> Result<Article, StoreError> {
        let id: String = row.get(0);
        let sentences: &str = row.get(7);
        let facts: &str = row.get(8);
        let sentences = serde_json::from_str(sentences)
            .map_err(|e| self.decode(format!("{id}: sentences: {e}")))?;
        let facts: Facts =
            serde_json::from_str(facts).map_err(|e| self.decode(format!("{id}: facts: {e}")))?;
        Ok(Article {
            published: self.date(row.get(4))?,
            source: row.get(2),
            url: row.get(3),
            title: row.get(5),
            content_hash: row.get(1),
            clean: CleanText {
                body: row.get(6),
                sentences,
            },
            facts,
            duplicate_of: row.get(9),
            id,
        })
    }
}

/// A random wait before trying an aborted transaction again, growing with the tries, so
/// that the transactions that collided do not collide again.
fn backoff(tries: u32) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(tries);
    let cap_ms = (2u64 << tries.min(7)).min(200);
    Duration::from_micros(500 + h.finish() % (cap_ms * 1000))
}

/// The columns [`PgStore::article_from`] reads, in its order.
const ARTICLE_COLUMNS: &str = "a.id, a.content_hash, a.source, a.url, \
    to_char(a.published, 'YYYY-MM-DD'), a.title, a.body, a.sentences::text, a.facts::text, \
    a.duplicate_of";

/// The story columns [`PgStore::story_record`] reads.
const STORY_COLUMNS: &str = "key, id, article_count, to_char(first_seen, 'YYYY-MM-DD'), \
    to_char(last_seen, 'YYYY-MM-DD'), summary";

/// Article ids and aliases sort as bytes, as in SQLite, whatever the database's collation.
macro_rules! sql {
    ($($part:expr),+ $(,)?) => {{
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        SQL.get_or_init(|| [$($part),+].concat()).as_str()
    }};
}

impl Store for PgStore {
    fn ingest(
        &mut self,
        batch: &[NewArticle],
        linker: &dyn Linker,
    ) -> Result<BatchReport, StoreError> {
        self.write(|b| b.ingest(batch, linker))
    }

    fn stories(&self) -> Result<Vec<StoryRecord>, StoreError> {
        let mut aliases: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for r in self.rows(
            "SELECT alias, story_key FROM story_aliases ORDER BY alias COLLATE \"C\"",
            &[],
        )? {
            aliases.entry(r.get(1)).or_default().push(r.get(0));
        }
        let rows = self.rows(
            sql!(
                "SELECT ",
                STORY_COLUMNS,
                " FROM stories ORDER BY article_count DESC, id COLLATE \"C\""
            ),
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let key: i64 = r.get(0);
                self.story_record(r, aliases.remove(&key).unwrap_or_default())
            })
            .collect()
    }

    fn story(&self, id_or_alias: &str) -> Result<Option<StoryRecord>, StoreError> {
        let rows = self.rows(
            sql!(
                "SELECT ",
                STORY_COLUMNS,
                " FROM stories WHERE key = (SELECT key FROM stories WHERE id = $1
                   UNION ALL SELECT story_key FROM story_aliases WHERE alias = $1 LIMIT 1)"
            ),
            &[&id_or_alias],
        )?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let key: i64 = row.get(0);
        let aliases = self
            .rows(
                "SELECT alias FROM story_aliases WHERE story_key = $1 ORDER BY alias COLLATE \"C\"",
                &[&key],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        self.story_record(row, aliases).map(Some)
    }

    fn story_articles(&self, key: i64) -> Result<Vec<Article>, StoreError> {
        self.rows(
            sql!(
                "SELECT ",
                ARTICLE_COLUMNS,
                " FROM articles a WHERE a.story_key = $1 ORDER BY a.published, a.id COLLATE \"C\""
            ),
            &[&key],
        )?
        .iter()
        .map(|r| self.article_from(r))
        .collect()
    }

    fn article(&self, id: &str) -> Result<Option<(Article, Option<String>)>, StoreError> {
        let rows = self.rows(
            sql!(
                "SELECT ",
                ARTICLE_COLUMNS,
                ", (SELECT s.id FROM stories s WHERE s.key = a.story_key)
                 FROM articles a WHERE a.id = $1"
            ),
            &[&id],
        )?;
        match rows.first() {
            None => Ok(None),
            Some(r) => Ok(Some((self.article_from(r)?, r.get(10)))),
        }
    }

    fn put_summary(&mut self, story_id: &str, json: &str) -> Result<(), StoreError> {
        // As in SQLite: keep a summary only while the story still has the articles it
        // counts, so that one computed before another process's ingest never hides it.
        let articles = serde_json::from_str::<serde_json::Value>(json)
            .ok()
            .and_then(|v| v.get("articles").and_then(|a| a.as_array()).map(Vec::len));
        let Some(articles) = articles else {
            return Ok(());
        };
        self.rows(
            "UPDATE stories SET summary = $2 WHERE id = $1 AND article_count = $3 RETURNING 1",
            &[&story_id, &json, &(articles as i32)],
        )?;
        Ok(())
    }

    fn article_count(&self) -> Result<usize, StoreError> {
        let rows = self.rows("SELECT count(*) FROM articles", &[])?;
        Ok(rows[0].get::<_, i64>(0) as usize)
    }

    fn articles_page(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.rows(
            sql!(
                "SELECT ",
                ARTICLE_COLUMNS,
                ", a.seq FROM articles a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2"
            ),
            &[&after, &limit],
        )?
        .iter()
        .map(|r| Ok((r.get(10), self.article_from(r)?)))
        .collect()
    }

    fn correct(
        &mut self,
        story: &str,
        action: &CorrectionAction,
        made: &Signed,
        linker: &dyn Linker,
    ) -> Result<(Correction, Vec<String>), StoreError> {
        self.write(|b| b.correct(story, action, made, linker))
    }

    fn undo_correction(
        &mut self,
        id: i64,
        undone: &Signed,
        linker: &dyn Linker,
    ) -> Result<(Correction, Vec<String>), StoreError> {
        self.write(|b| b.undo(id, undone, linker))
    }

    fn corrections(&self) -> Result<Vec<Correction>, StoreError> {
        let rows = self.rows(
            "SELECT id, story, action::text, made_who, made_why, made_at, undone_who,
             undone_why, undone_at FROM corrections ORDER BY id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.get(0);
                let action: &str = r.get(2);
                let action = serde_json::from_str(action)
                    .map_err(|e| self.decode(format!("correction {id}: {e}")))?;
                let undone_at: Option<String> = r.get(8);
                Ok(Correction {
                    id,
                    story: r.get(1),
                    action,
                    made: Signed {
                        who: r.get(3),
                        why: r.get(4),
                        at: r.get(5),
                    },
                    undone: undone_at.map(|at| Signed {
                        who: r.get(6),
                        why: r.get(7),
                        at,
                    }),
                })
            })
            .collect()
    }

    fn article_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .rows(
                "SELECT s.id FROM articles a JOIN stories s ON s.key = a.story_key WHERE a.id = $1",
                &[&id],
            )?
            .first()
            .map(|r| r.get(0)))
    }
}

/// Every id in `set`, as the `bigint[]` parameter of an `= ANY($n)`.
pub(crate) fn keys(set: &BTreeSet<i64>) -> Vec<i64> {
    set.iter().copied().collect()
}
