//! The embedded SQLite store (WAL, versioned migrations, one transaction per batch).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use factline_model::{Article, CleanText, Date, Facts, Signature, content_hash, parse_date};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};

use crate::common::{MAX_CANDIDATES, StoredSignature, bucket, day_number, day_windows, json, link};
use crate::{BatchReport, Linker, NewArticle, Store, StoreError, StoryRecord, plan};

mod corrections;

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    // 1: articles, stories, aliases, candidate index.
    r#"
    CREATE TABLE articles (
        rowid        INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        source       TEXT NOT NULL,
        url          TEXT,
        published    TEXT NOT NULL,
        title        TEXT,
        body         TEXT NOT NULL,
        sentences    TEXT NOT NULL,
        facts        TEXT NOT NULL,
        signature    TEXT NOT NULL,
        day          INTEGER NOT NULL,
        story_key    INTEGER NOT NULL,
        duplicate_of TEXT
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_story ON articles(story_key, published, id);
    CREATE TABLE stories (
        key               INTEGER PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        slug              TEXT NOT NULL,
        founding_published TEXT NOT NULL,
        founding_id       TEXT NOT NULL,
        article_count     INTEGER NOT NULL,
        first_seen        TEXT NOT NULL,
        last_seen         TEXT NOT NULL,
        summary           TEXT
    );
    CREATE INDEX stories_slug ON stories(slug);
    CREATE TABLE story_aliases (
        alias     TEXT PRIMARY KEY,
        story_key INTEGER NOT NULL
    );
    CREATE INDEX story_aliases_key ON story_aliases(story_key);
    CREATE TABLE terms (
        term    TEXT NOT NULL,
        day     INTEGER NOT NULL,
        article INTEGER NOT NULL,
        PRIMARY KEY (term, day, article)
    ) WITHOUT ROWID;
    "#,
    // 2: near-duplicate groups are re-pointed by `duplicate_of`.
    "CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;",
    // 3: recorded links from which stories are regrouped (older databases hold each in
    // both directions, newer ones once, under the newer article). Databases
    // from before hold no links: `meta.relink` asks for them to be recomputed.
    r#"
    CREATE TABLE links (
        a          INTEGER NOT NULL,
        b          INTEGER NOT NULL,
        similarity REAL NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    -- The slug a story founded by this article is named after (older rows: in `signature`).
    ALTER TABLE articles ADD COLUMN slug TEXT;
    INSERT INTO meta (key, value) SELECT 'relink', '1' WHERE EXISTS (SELECT 1 FROM articles);
    "#,
    // 4: the candidate index keyed by period first (see `common::BUCKET_DAYS`), so that the rows a
    // batch of recent articles adds land together at the end of the index instead of one
    // page per term all over it.
    r#"
    CREATE TABLE postings (
        bucket  INTEGER NOT NULL,
        term    TEXT NOT NULL,
        day     INTEGER NOT NULL,
        article INTEGER NOT NULL,
        PRIMARY KEY (bucket, term, day, article)
    ) WITHOUT ROWID;
    INSERT INTO postings (bucket, term, day, article)
        SELECT (day - (((day % 32) + 32) % 32)) / 32, term, day, article FROM terms;
    DROP TABLE terms;
    "#,
    // 5: analysts' corrections, kept for audit, and the links they pin between articles
    // (merges join, splits part), which regrouping takes over the computed links.
    r#"
    CREATE TABLE corrections (
        id         INTEGER PRIMARY KEY,
        story      TEXT NOT NULL,
        action     TEXT NOT NULL,
        made_who   TEXT NOT NULL,
        made_why   TEXT NOT NULL,
        made_at    TEXT NOT NULL,
        undone_who TEXT,
        undone_why TEXT,
        undone_at  TEXT
    );
    CREATE TABLE pinned_links (
        a          TEXT NOT NULL,
        b          TEXT NOT NULL,
        similarity REAL NOT NULL,
        correction INTEGER NOT NULL REFERENCES corrections(id),
        PRIMARY KEY (a, b, correction)
    );
    CREATE INDEX pinned_links_b ON pinned_links (b);
    "#,
];

/// SQLite-backed [`Store`].
pub struct SqliteStore {
    /// Copies committed WAL pages into the database on its own thread, started by the
    /// first ingest (`None` before, or where it could not start). Declared first so that
    /// it stops before the writer's connection closes.
    checkpointer: Option<Checkpointer>,
    conn: Connection,
    path: PathBuf,
    /// Decoded signatures of stored articles by rowid. Recent articles are candidates of
    /// many later ones, and reading and decoding them again for each was most of the
    /// store's time. Stored signatures never change: the cache is only emptied when it
    /// outgrows [`SIGNATURE_CACHE`] or a batch rolls back (its rowids may be reused).
    signatures: HashMap<i64, Arc<StoredSignature>>,
}

/// A thread with its own connection that checkpoints the WAL after each commit.
///
/// SQLite's automatic checkpoint runs inside the committing writer's `COMMIT`: on a large
/// database it was a quarter of the store's time, all on the single writer thread. A
/// passive checkpoint from another connection runs beside the writer without blocking it.
struct Checkpointer {
    /// Nudged after each commit; dropping it stops the thread.
    wake: Option<std::sync::mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    fn start(path: &Path) -> Option<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    // Passive: copies what no reader still needs and never waits. A failure
                    // leaves the pages in the WAL for the next round or the final close.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok()?;
        Some(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        })
    }

    fn nudge(&self) {
        if let Some(w) = &self.wake {
            // Full channel: a checkpoint is already due, which will copy these pages too.
            let _ = w.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.wake.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Signatures kept decoded; the cache is emptied when it grows past this.
const SIGNATURE_CACHE: usize = 50_000;

impl SqliteStore {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let err = |e| StoreError::from_sqlite(path, e);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(err)?;
        conn.busy_timeout(Duration::from_secs(3)).map_err(err)?;
        let mut store = SqliteStore {
            conn,
            path: path.to_path_buf(),
            signatures: HashMap::new(),
            checkpointer: None,
        };
        store.setup()?;
        Ok(store)
    }

    /// Mark this database as one `factline demo` made (and may therefore replace).
    pub fn mark_demo(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')",
                [],
            )
            .map(|_| ())
            .map_err(|e| StoreError::from_sqlite(&self.path, e))
    }

    /// Was the database at `path` made by `factline demo`? Opens it read-only; a file that is
    /// no factline database is not a demo database.
    pub fn is_demo(path: &Path) -> bool {
        let Ok(conn) = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) else {
            return false;
        };
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'demo')",
            [],
            |r| r.get::<_, bool>(0),
        )
        .unwrap_or(false)
    }

    /// Open an existing database for reading only (no migration, no creation).
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError::Sqlite {
                path: path.to_path_buf(),
                detail: "no such database (run `factline ingest` first)".into(),
            });
        }
        let err = |e| StoreError::from_sqlite(path, e);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        conn.busy_timeout(Duration::from_secs(3)).map_err(err)?;
        let store = SqliteStore {
            conn,
            path: path.to_path_buf(),
            signatures: HashMap::new(),
            checkpointer: None,
        };
        let version = store.user_version()?;
        if version == 0 {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: "no factline schema".into(),
            });
        }
        store.check_version(version)?;
        Ok(store)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, e)
    }

    /// A value another part of factline keeps in the database (`meta`; keys outside the
    /// store's own use a `<user>.` prefix, e.g. `watch.state`).
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Set a [`SqliteStore::setting`].
    pub fn put_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn user_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn check_version(&self, version: i64) -> Result<(), StoreError> {
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::TooNew {
                db: self.path.display().to_string(),
                found: version,
                supported: MIGRATIONS.len() as i64,
            });
        }
        Ok(())
    }

    fn setup(&mut self) -> Result<(), StoreError> {
        // WAL lets readers (serve, story) run while an ingest writes. Switching to it needs a
        // moment of exclusive access, which the busy handler does not cover: retry briefly
        // while another process opens the same new database.
        let mut tries = 0;
        let mode: String = loop {
            match self
                .conn
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            {
                Ok(m) => break m,
                Err(e)
                    if tries < 100
                        && matches!(
                            e.sqlite_error_code(),
                            Some(
                                rusqlite::ErrorCode::DatabaseBusy
                                    | rusqlite::ErrorCode::DatabaseLocked
                            )
                        ) =>
                {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(30));
                }
                Err(e) => return Err(self.err(e)),
            }
        };
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(StoreError::Sqlite {
                path: self.path.clone(),
                detail: format!("could not enable WAL journal (got {mode})"),
            });
        }
        self.conn
            .execute_batch(
                // A larger page cache and memory-mapped reads: candidate lookups touch many
                // index pages, and reading them through syscalls dominated ingest time.
                "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;
                 PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;",
            )
            .map_err(|e| self.err(e))?;
        let path = self.path.clone();
        // Read the version inside a write transaction, so two processes opening a new database
        // at once never both run the migrations.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&path, e))?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| StoreError::from_sqlite(&path, e))?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::TooNew {
                db: path.display().to_string(),
                found: version,
                supported: MIGRATIONS.len() as i64,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)
                .and_then(|_| tx.pragma_update(None, "user_version", (i + 1) as i64))
                .map_err(|e| StoreError::from_sqlite(&path, e))?;
        }
        tx.commit().map_err(|e| StoreError::from_sqlite(&path, e))
    }
}

/// A stored signature: a binary record, or JSON text in rows from before it.
fn decode_signature(value: rusqlite::types::ValueRef<'_>) -> Result<Signature, String> {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Blob(b) | ValueRef::Text(b) => crate::codec::decode(b),
        other => Err(format!("signature of type {:?}", other.data_type())),
    }
}

/// A date read back from the database.
fn stored_date(path: &Path, s: &str) -> Result<Date, StoreError> {
    parse_date(s).map_err(|e| StoreError::Decode {
        db: path.display().to_string(),
        detail: format!("stored date {s:?}: {e}"),
    })
}

/// A regrouped story as [`Batch::refresh_story`] records it.
struct Founded<'a> {
    key: i64,
    founding_id: &'a str,
    founding_published: &'a str,
    founding_slug: &'a str,
    article_count: usize,
    first_seen: &'a str,
    last_seen: &'a str,
}

/// A candidate article found through the index.
struct Candidate {
    rowid: i64,
    stored: Arc<StoredSignature>,
}

struct Batch<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    report: BatchReport,
    touched: BTreeSet<i64>,
    renamed_slugs: BTreeSet<String>,
    /// Articles stored by this batch, which `finish` regroups with the stories they link to.
    dirty: Vec<i64>,
    signatures: &'a mut HashMap<i64, Arc<StoredSignature>>,
}

impl Batch<'_> {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(self.path, e)
    }

    fn decode_error(&self, rowid: i64, detail: String) -> StoreError {
        StoreError::Decode {
            db: self.path.display().to_string(),
            detail: format!("signature of article row {rowid}: {detail}"),
        }
    }

    fn add(&mut self, item: &NewArticle, linker: &dyn Linker) -> Result<(), StoreError> {
        let a = &item.article;
        let sig = &item.signature;
        let existing: Option<String> = self
            .tx
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1 LIMIT 1")
            .and_then(|mut s| s.query_row([&a.content_hash], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        if existing.is_some() {
            self.report.unchanged.push(a.id.clone());
            return Ok(());
        }
        // Same id, different content: a revised article is stored beside the original.
        let id_taken: bool = self
            .tx
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")
            .and_then(|mut s| s.exists([&a.id]))
            .map_err(|e| self.err(e))?;
        let id = if id_taken {
            format!("{}@{}", a.id, &content_hash(&a.content_hash)[..8])
        } else {
            a.id.clone()
        };

        let day = day_number(sig.day.unwrap_or(a.published));
        let published_day = day_number(a.published);
        let candidates = self.candidates(sig, &[day, published_day], linker.window_days())?;
        let mut links: Vec<(i64, f32)> = Vec::new();
        let mut dup_roots: Vec<(String, String)> = Vec::new(); // (published, id) of roots
        for c in &candidates {
            let (dup, similarity) = link(linker, sig, &c.stored.signature);
            if similarity >= linker.link_floor() {
                links.push((c.rowid, similarity));
            }
            if dup {
                let duplicate_of: Option<String> = self
                    .tx
                    .prepare_cached("SELECT duplicate_of FROM articles WHERE rowid = ?1")
                    .and_then(|mut s| s.query_row([c.rowid], |row| row.get(0)))
                    .map_err(|e| self.err(e))?;
                let root = match &duplicate_of {
                    Some(r) => {
                        let p: String = self
                            .tx
                            .prepare_cached("SELECT published FROM articles WHERE id = ?1")
                            .and_then(|mut s| s.query_row([r], |row| row.get(0)))
                            .map_err(|e| self.err(e))?;
                        (p, r.clone())
                    }
                    None => (c.stored.published.clone(), c.stored.id.clone()),
                };
                dup_roots.push(root);
            }
        }

        let published = a.published.to_string();
        // Story 0 until `finish` regroups the batch.
        self.tx
            .prepare_cached(
                "INSERT INTO articles (id, content_hash, source, url, published, title, body,
                 sentences, facts, signature, day, story_key, duplicate_of, slug)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,0,NULL,?12)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    a.content_hash,
                    a.source,
                    a.url,
                    published,
                    a.title,
                    a.clean.body,
                    json(&a.clean.sentences),
                    json(&a.facts),
                    crate::codec::encode(sig),
                    day,
                    sig.slug,
                ])
            })
            .map_err(|e| self.err(e))?;
        let rowid = self.tx.last_insert_rowid();
        self.signatures.insert(
            rowid,
            Arc::new(StoredSignature {
                id: id.clone(),
                published: published.clone(),
                signature: sig.clone(),
            }),
        );
        self.index_terms(rowid, sig, day, published_day)?;
        self.record_links(rowid, &links)?;
        self.dirty.push(rowid);
        if !dup_roots.is_empty() {
            self.report.near_duplicates += 1;
            dup_roots.push((published.clone(), id.clone()));
            dup_roots.sort();
            dup_roots.dedup();
            let root = dup_roots[0].1.clone();
            for (_, r) in &dup_roots[1..] {
                // Every member of the copied group now points at the earliest original.
                self.tx
                    .prepare_cached(
                        "UPDATE articles SET duplicate_of = ?1 WHERE id = ?2 OR duplicate_of = ?2",
                    )
                    .and_then(|mut s| s.execute(params![root, r]))
                    .map_err(|e| self.err(e))?;
            }
        }
        self.report.new.push(id);
        Ok(())
    }

    /// Index an article under its terms, at its event day and its publication day.
    fn index_terms(
        &mut self,
        rowid: i64,
        sig: &Signature,
        day: i64,
        published_day: i64,
    ) -> Result<(), StoreError> {
        let mut ins = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO postings (bucket, term, day, article) VALUES (?1,?2,?3,?4)",
            )
            .map_err(|e| StoreError::from_sqlite(self.path, e))?;
        for t in &sig.index_terms {
            for d in [day, published_day] {
                ins.execute(params![bucket(d), t, d, rowid])
                    .map_err(|e| StoreError::from_sqlite(self.path, e))?;
            }
        }
        Ok(())
    }

    /// Record the links of a newly stored article (`rowid`) to earlier ones. Each link is
    /// kept once, under its newer article: rows then arrive in key order (appended, not
    /// scattered through a large table), and a block's links are still all found by
    /// reading each member's rows. Databases from before hold both directions; readers
    /// take either.
    fn record_links(&mut self, rowid: i64, links: &[(i64, f32)]) -> Result<(), StoreError> {
        let mut ins = self
            .tx
            .prepare_cached("INSERT OR REPLACE INTO links (a, b, similarity) VALUES (?1,?2,?3)")
            .map_err(|e| StoreError::from_sqlite(self.path, e))?;
        for (other, similarity) in links {
            ins.execute(params![rowid, other, similarity])
                .map_err(|e| StoreError::from_sqlite(self.path, e))?;
        }
        Ok(())
    }

    fn candidates(
        &mut self,
        sig: &Signature,
        days: &[i64],
        window: i64,
    ) -> Result<Vec<Candidate>, StoreError> {
        if sig.index_terms.is_empty() {
            return Ok(Vec::new());
        }
        let ranges = day_windows(days, window);
        let mut counts: HashMap<i64, usize> = HashMap::new();
        {
            let mut q = self
                .tx
                .prepare_cached(
                    "SELECT article FROM postings
                     WHERE bucket = ?1 AND term = ?2 AND day BETWEEN ?3 AND ?4",
                )
                .map_err(|e| self.err(e))?;
            let mut seen: HashSet<i64> = HashSet::new();
            for t in &sig.index_terms {
                seen.clear();
                for (lo, hi) in &ranges {
                    for b in bucket(*lo)..=bucket(*hi) {
                        let rows = q
                            .query_map(params![b, t, lo, hi], |r| r.get::<_, i64>(0))
                            .map_err(|e| self.err(e))?;
                        for r in rows {
                            let article = r.map_err(|e| self.err(e))?;
                            // An article indexed at two days in range counts once per term.
                            if seen.insert(article) {
                                *counts.entry(article).or_default() += 1;
                            }
                        }
                    }
                }
            }
        }
        let mut ranked: Vec<(usize, i64)> = counts.into_iter().map(|(a, c)| (c, a)).collect();
        // Most shared terms first; rowid breaks ties so the choice is deterministic.
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        ranked.truncate(MAX_CANDIDATES);
        let mut out = Vec::with_capacity(ranked.len());
        for (_, rowid) in ranked {
            let stored = match self.signatures.get(&rowid) {
                Some(s) => s.clone(),
                None => {
                    let (id, published, signature) = self
                        .tx
                        .prepare_cached(
                            "SELECT id, published, signature FROM articles WHERE rowid = ?1",
                        )
                        .and_then(|mut q| {
                            q.query_row([rowid], |r| {
                                Ok((r.get(0)?, r.get(1)?, decode_signature(r.get_ref(2)?)))
                            })
                        })
                        .map_err(|e| self.err(e))?;
                    let s = Arc::new(StoredSignature {
                        id,
                        published,
                        signature: signature.map_err(|e| self.decode_error(rowid, e))?,
                    });
                    self.signatures.insert(rowid, s.clone());
                    s
                }
            };
            out.push(Candidate { rowid, stored });
        }
        Ok(out)
    }

    fn new_story(&mut self, id: &str, published: &str, slug: &str) -> Result<i64, StoreError> {
        // A placeholder id; `rename_slugs` gives the real one before the batch commits.
        let placeholder = plan::placeholder_id(id);
        self.tx
            .prepare_cached(
                "INSERT INTO stories (id, slug, founding_published, founding_id, article_count, first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, 0, ?3, ?3)",
            )
            .and_then(|mut s| s.execute(params![placeholder, slug, published, id]))
            .map_err(|e| self.err(e))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Regroup the batch's articles with the stories they link to.
    fn regroup_dirty(&mut self, linker: &dyn Linker) -> Result<(), StoreError> {
        let dirty = std::mem::take(&mut self.dirty);
        if dirty.is_empty() {
            return Ok(());
        }
        let around = self.neighbourhood(&dirty, linker.join_threshold())?;
        self.regroup(&around, linker)
    }

    /// The batch's new articles and every article of the stories they link to at least
    /// `threshold` strongly: the stories the batch can join, merge or split. Stories are
    /// regrouped whole, and only these, so a batch costs the size of the stories it
    /// touches, not of the chains of weak links that run through a large database.
    fn neighbourhood(&self, dirty: &[i64], threshold: f32) -> Result<Vec<i64>, StoreError> {
        let mut around: BTreeSet<i64> = dirty.iter().copied().collect();
        let mut stories: BTreeSet<i64> = BTreeSet::new();
        {
            let mut q = self
                .tx
                .prepare_cached(
                    "SELECT a.story_key FROM links l JOIN articles a ON a.rowid = l.b
                     WHERE l.a = ?1 AND l.similarity >= ?2 AND a.story_key != 0",
                )
                .map_err(|e| self.err(e))?;
            for &x in dirty {
                let rows = q
                    .query_map(params![x, threshold], |r| r.get::<_, i64>(0))
                    .map_err(|e| self.err(e))?;
                for story in rows {
                    stories.insert(story.map_err(|e| self.err(e))?);
                }
            }
        }
        let mut q = self
            .tx
            .prepare_cached("SELECT rowid FROM articles WHERE story_key = ?1")
            .map_err(|e| self.err(e))?;
        for story in stories {
            let rows: Vec<i64> = q
                .query_map([story], |r| r.get(0))
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e))?;
            around.extend(rows);
        }
        Ok(around.into_iter().collect())
    }

    /// Cut a set of articles (whole stories and new articles) into stories with the
    /// linker, and make the stored stories match what [`plan::regroup`] decides.
    fn regroup(&mut self, block: &[i64], linker: &dyn Linker) -> Result<(), StoreError> {
        struct Row {
            rowid: i64,
            id: String,
            published: String,
            story: i64,
            slug: String,
        }
        let mut rows: Vec<Row> = Vec::with_capacity(block.len());
        {
            let mut q = self
                .tx
                .prepare_cached(
                    "SELECT id, published, story_key, COALESCE(slug, json_extract(signature, '$.slug'))
                     FROM articles WHERE rowid = ?1",
                )
                .map_err(|e| self.err(e))?;
            for &rowid in block {
                let m = q
                    .query_row([rowid], |r| {
                        Ok(Row {
                            rowid,
                            id: r.get(0)?,
                            published: r.get(1)?,
                            story: r.get(2)?,
                            slug: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                        })
                    })
                    .map_err(|e| self.err(e))?;
                rows.push(m);
            }
        }
        let index: HashMap<i64, usize> =
            rows.iter().enumerate().map(|(i, m)| (m.rowid, i)).collect();
        let mut links: Vec<(usize, usize, f32)> = Vec::new();
        {
            let mut q = self
                .tx
                .prepare_cached("SELECT b, similarity FROM links WHERE a = ?1")
                .map_err(|e| self.err(e))?;
            for (i, m) in rows.iter().enumerate() {
                let found: Vec<(i64, f64)> = q
                    .query_map([m.rowid], |r| Ok((r.get(0)?, r.get(1)?)))
                    .and_then(|rows| rows.collect())
                    .map_err(|e| self.err(e))?;
                for (b, sim) in found {
                    if let Some(&j) = index.get(&b) {
                        links.push((i, j, sim as f32));
                    }
                }
            }
        }
        let ids: Vec<&str> = rows.iter().map(|m| m.id.as_str()).collect();
        let pins = self.pinned_links(&ids)?;
        let mut founding: BTreeMap<i64, (String, String)> = BTreeMap::new();
        {
            let mut q = self
                .tx
                .prepare_cached("SELECT founding_id, slug FROM stories WHERE key = ?1")
                .map_err(|e| self.err(e))?;
            for m in &rows {
                if m.story != 0 && !founding.contains_key(&m.story) {
                    let row = q
                        .query_row([m.story], |r| Ok((r.get(0)?, r.get(1)?)))
                        .map_err(|e| self.err(e))?;
                    founding.insert(m.story, row);
                }
            }
        }
        let stored: BTreeMap<i64, plan::Founding> = founding
            .iter()
            .map(|(&k, (founding_id, slug))| (k, plan::Founding { founding_id, slug }))
            .collect();
        let mut members = Vec::with_capacity(rows.len());
        for m in &rows {
            members.push(plan::Member {
                id: &m.id,
                published: self.date(&m.published)?,
                story: (m.story != 0).then_some(m.story),
                slug: &m.slug,
            });
        }
        let plan = plan::regroup(&members, &links, &pins, &stored, linker);

        // New stories get their keys in the plan's order, then the articles move.
        let mut keys: Vec<i64> = Vec::with_capacity(plan.stories.len());
        for story in &plan.stories {
            let key = match story.key {
                Some(k) => k,
                None => {
                    let f = &rows[story.founder];
                    self.new_story(&f.id, &f.published, &f.slug)?
                }
            };
            keys.push(key);
            let mut up = self
                .tx
                .prepare_cached("UPDATE articles SET story_key = ?1 WHERE rowid = ?2")
                .map_err(|e| self.err(e))?;
            for &i in &story.moved {
                up.execute([key, rows[i].rowid]).map_err(|e| self.err(e))?;
            }
        }
        for (story, &key) in plan.stories.iter().zip(&keys) {
            if story.changed {
                // The block holds every member of each story it regroups, so the group is
                // the whole story: count and dates come from it, not from SQL aggregates.
                let f = &rows[story.founder];
                self.refresh_story(&Founded {
                    key,
                    founding_id: &f.id,
                    founding_published: &f.published,
                    founding_slug: &f.slug,
                    article_count: story.members.len(),
                    first_seen: &story.first_seen.to_string(),
                    last_seen: &story.last_seen.to_string(),
                })?;
            }
        }
        for d in &plan.dissolved {
            self.dissolve(d.key, keys[d.into])?;
        }
        self.renamed_slugs.extend(plan.slugs);
        Ok(())
    }

    /// Remove a story whose articles all moved to `into`; its id resolves to `into`.
    fn dissolve(&mut self, from: i64, into: i64) -> Result<(), StoreError> {
        let old_id: String = self
            .tx
            .query_row("SELECT id FROM stories WHERE key = ?1", [from], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        let tx = &self.tx;
        let run = || -> rusqlite::Result<()> {
            tx.execute(
                "UPDATE story_aliases SET story_key = ?1 WHERE story_key = ?2",
                [into, from],
            )?;
            if !plan::is_placeholder(&old_id) {
                tx.execute(
                    "INSERT OR REPLACE INTO story_aliases (alias, story_key) VALUES (?1, ?2)",
                    params![old_id, into],
                )?;
            }
            tx.execute("DELETE FROM stories WHERE key = ?1", [from])?;
            Ok(())
        };
        run().map_err(|e| self.err(e))?;
        self.touched.remove(&from);
        self.touched.insert(into);
        self.report.merges += 1;
        Ok(())
    }

    /// Set a story's founding article, size and dates.
    fn refresh_story(&mut self, story: &Founded) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE stories SET founding_published = ?2, founding_id = ?3, slug = ?4,
                   article_count = ?5, first_seen = ?6, last_seen = ?7, summary = NULL
                 WHERE key = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    story.key,
                    story.founding_published,
                    story.founding_id,
                    story.founding_slug,
                    story.article_count as i64,
                    story.first_seen,
                    story.last_seen,
                ])
            })
            .map_err(|e| self.err(e))?;
        self.touched.insert(story.key);
        Ok(())
    }

    /// Recompute every link and the stories from them (a database from before links were
    /// recorded, or a changed linker).
    fn relink(&mut self, linker: &dyn Linker) -> Result<(), StoreError> {
        self.tx
            .execute_batch("DELETE FROM links; DELETE FROM postings;")
            .map_err(|e| self.err(e))?;
        type Row = (i64, String, Result<Signature, String>);
        let rows: Vec<Row> = {
            let mut q = self
                .tx
                .prepare("SELECT rowid, published, signature FROM articles ORDER BY rowid")
                .map_err(|e| self.err(e))?;
            q.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, decode_signature(r.get_ref(2)?)))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?
        };
        for (rowid, published, sig) in rows {
            let sig = sig.map_err(|e| self.decode_error(rowid, e))?;
            let published = day_number(self.date(&published)?);
            let day = sig.day.map(day_number).unwrap_or(published);
            let mut links = Vec::new();
            for c in self.candidates(&sig, &[day, published], linker.window_days())? {
                let (_, similarity) = link(linker, &sig, &c.stored.signature);
                if similarity >= linker.link_floor() {
                    links.push((c.rowid, similarity));
                }
            }
            self.index_terms(rowid, &sig, day, published)?;
            self.record_links(rowid, &links)?;
            self.dirty.push(rowid);
        }
        self.tx
            .execute("DELETE FROM meta WHERE key = 'relink'", [])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn date(&self, s: &str) -> Result<Date, StoreError> {
        stored_date(self.path, s)
    }

    /// Give every story with one of these base slugs its id ([`plan::story_ids`]). Ids
    /// that change stay resolvable as aliases.
    fn rename_slugs(&mut self, slugs: &BTreeSet<String>) -> Result<(), StoreError> {
        let mut changes = Vec::new();
        for slug in slugs {
            let rows: Vec<(i64, String, String)> = {
                let mut q = self
                    .tx
                    .prepare_cached("SELECT key, id, founding_id FROM stories WHERE slug = ?1")
                    .map_err(|e| self.err(e))?;
                q.query_map([slug], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                    .map_err(|e| self.err(e))?
            };
            let stories: Vec<plan::SlugStory> = rows
                .iter()
                .map(|(key, id, founding_id)| plan::SlugStory {
                    key: *key,
                    id,
                    founding_id,
                })
                .collect();
            changes.extend(plan::story_ids(slug, &stories));
        }
        let tx = &self.tx;
        let run = || -> rusqlite::Result<()> {
            // Two phases over all renamed stories at once, so that names moving between
            // stories (also across slugs, when a story's founding article changed) never
            // collide on the UNIQUE index.
            for c in &changes {
                tx.execute(
                    "UPDATE stories SET id = '~tmp:' || key WHERE key = ?1",
                    [c.key],
                )?;
            }
            for c in &changes {
                tx.execute(
                    "UPDATE stories SET id = ?2 WHERE key = ?1",
                    params![c.key, c.new],
                )?;
                tx.execute("DELETE FROM story_aliases WHERE alias = ?1", [&c.new])?;
                if !plan::is_placeholder(&c.old) {
                    tx.execute(
                        "INSERT OR REPLACE INTO story_aliases (alias, story_key) VALUES (?1, ?2)",
                        params![c.old, c.key],
                    )?;
                }
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))?;
        for c in changes {
            self.touched.insert(c.key);
        }
        Ok(())
    }

    /// The ids of the stories the batch touched, sorted.
    fn touched_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut touched = Vec::new();
        for key in &self.touched {
            let id: Option<String> = self
                .tx
                .query_row("SELECT id FROM stories WHERE key = ?1", [key], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            touched.extend(id);
        }
        touched.sort();
        Ok(touched)
    }

    fn finish(mut self, linker: &dyn Linker) -> Result<BatchReport, StoreError> {
        self.regroup_dirty(linker)?;
        let slugs = std::mem::take(&mut self.renamed_slugs);
        self.rename_slugs(&slugs)?;
        self.report.stories_touched = self.touched_ids()?;
        let path = self.path;
        self.tx
            .commit()
            .map_err(|e| StoreError::from_sqlite(path, e))?;
        Ok(self.report)
    }
}

/// One batch in one transaction (see [`Store::ingest`]).
fn ingest_batch(
    conn: &mut Connection,
    path: &Path,
    signatures: &mut HashMap<i64, Arc<StoredSignature>>,
    batch: &[NewArticle],
    linker: &dyn Linker,
) -> Result<BatchReport, StoreError> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    let mut b = Batch {
        tx,
        path,
        report: BatchReport::default(),
        touched: BTreeSet::new(),
        renamed_slugs: BTreeSet::new(),
        dirty: Vec::new(),
        signatures,
    };
    let relink: bool =
        b.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'relink')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| b.err(e))?;
    if relink {
        b.relink(linker)?;
    }
    for (pos, item) in batch.iter().enumerate() {
        let stored = b.report.new.len();
        b.add(item, linker)?;
        if b.report.new.len() > stored {
            b.report.new_positions.push(pos);
        }
    }
    b.finish(linker)
}

impl Store for SqliteStore {
    fn ingest(
        &mut self,
        batch: &[NewArticle],
        linker: &dyn Linker,
    ) -> Result<BatchReport, StoreError> {
        if self.signatures.len() > SIGNATURE_CACHE {
            self.signatures.clear();
        }
        self.start_checkpointer();
        let result = ingest_batch(
            &mut self.conn,
            &self.path,
            &mut self.signatures,
            batch,
            linker,
        );
        if result.is_err() {
            // The batch rolled back: its rowids may be given to other articles.
            self.signatures.clear();
        }
        if let Some(c) = &self.checkpointer {
            c.nudge();
        }
        result
    }

    fn correct(
        &mut self,
        story: &str,
        action: &factline_model::CorrectionAction,
        made: &factline_model::Signed,
        linker: &dyn Linker,
    ) -> Result<(factline_model::Correction, Vec<String>), StoreError> {
        self.start_checkpointer();
        self.record_correction(story, action, made, linker)
    }

    fn undo_correction(
        &mut self,
        id: i64,
        undone: &factline_model::Signed,
        linker: &dyn Linker,
    ) -> Result<(factline_model::Correction, Vec<String>), StoreError> {
        self.start_checkpointer();
        self.undo(id, undone, linker)
    }

    fn corrections(&self) -> Result<Vec<factline_model::Correction>, StoreError> {
        self.all_corrections()
    }

    fn stories(&self) -> Result<Vec<StoryRecord>, StoreError> {
        let mut aliases: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        {
            let mut q = self
                .conn
                .prepare("SELECT alias, story_key FROM story_aliases ORDER BY alias")
                .map_err(|e| self.err(e))?;
            let rows = q
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .map_err(|e| self.err(e))?;
            for r in rows {
                let (a, k) = r.map_err(|e| self.err(e))?;
                aliases.entry(k).or_default().push(a);
            }
        }
        let mut q = self
            .conn
            .prepare(
                "SELECT key, id, article_count, first_seen, last_seen, summary FROM stories
                 ORDER BY article_count DESC, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = q
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            let (key, id, n, first, last, summary) = r.map_err(|e| self.err(e))?;
            out.push(StoryRecord {
                key,
                id,
                aliases: aliases.remove(&key).unwrap_or_default(),
                article_count: n as usize,
                first_seen: self.date(&first)?,
                last_seen: self.date(&last)?,
                summary,
            });
        }
        Ok(out)
    }

    fn story(&self, id_or_alias: &str) -> Result<Option<StoryRecord>, StoreError> {
        let key: Option<i64> = self
            .conn
            .query_row(
                "SELECT key FROM stories WHERE id = ?1
                 UNION ALL SELECT story_key FROM story_aliases WHERE alias = ?1 LIMIT 1",
                [id_or_alias],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(key) = key else { return Ok(None) };
        let (id, n, first, last, summary): (String, i64, String, String, Option<String>) = self
            .conn
            .query_row(
                "SELECT id, article_count, first_seen, last_seen, summary FROM stories WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .map_err(|e| self.err(e))?;
        let mut q = self
            .conn
            .prepare_cached("SELECT alias FROM story_aliases WHERE story_key = ?1 ORDER BY alias")
            .map_err(|e| self.err(e))?;
        let aliases = q
            .query_map([key], |r| r.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(|e| self.err(e))?;
        Ok(Some(StoryRecord {
            key,
            id,
            aliases,
            article_count: n as usize,
            first_seen: self.date(&first)?,
            last_seen: self.date(&last)?,
            summary,
        }))
    }

    fn story_articles(&self, key: i64) -> Result<Vec<Article>, StoreError> {
        let mut q = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles WHERE story_key = ?1 ORDER BY published, id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = q.query_map([key], row_to_parts).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(self.article_from(r.map_err(|e| self.err(e))?)?.0);
        }
        Ok(out)
    }

    fn article(&self, id: &str) -> Result<Option<(Article, Option<String>)>, StoreError> {
        let parts = self
            .conn
            .query_row(
                &format!(
                    "SELECT {ARTICLE_COLUMNS}, (SELECT s.id FROM stories s WHERE s.key = a.story_key)
                     FROM articles a WHERE a.id = ?1"
                ),
                [id],
                |r| Ok((row_to_parts(r)?, r.get::<_, Option<String>>(11)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match parts {
            None => Ok(None),
            Some((p, story)) => Ok(Some((self.article_from(p)?.0, story))),
        }
    }

    fn put_summary(&mut self, story_id: &str, json: &str) -> Result<(), StoreError> {
        // A summary is computed from a read that another process's ingest may have
        // overtaken (its regroup cleared the cache): keep it only while the story still
        // has the articles it counts, so a stale list never hides an article.
        let articles = serde_json::from_str::<serde_json::Value>(json)
            .ok()
            .and_then(|v| v.get("articles").and_then(|a| a.as_array()).map(Vec::len));
        let Some(articles) = articles else {
            return Ok(());
        };
        self.conn
            .execute(
                "UPDATE stories SET summary = ?2 WHERE id = ?1 AND article_count = ?3",
                params![story_id, json, articles as i64],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn article_count(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    fn articles_page(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>, StoreError> {
        let mut q = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLUMNS}, rowid FROM articles WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = q
            .query_map(params![after, limit], |r| {
                Ok((row_to_parts(r)?, r.get::<_, i64>(11)?))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            let (parts, rowid) = r.map_err(|e| self.err(e))?;
            out.push((rowid, self.article_from(parts)?.0));
        }
        Ok(out)
    }

    fn article_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT s.id FROM articles a JOIN stories s ON s.key = a.story_key WHERE a.id = ?1",
            )
            .and_then(|mut q| q.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }
}

const ARTICLE_COLUMNS: &str = "id, content_hash, source, url, published, title, body, sentences, facts, duplicate_of, story_key";

type Parts = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    i64,
);

fn row_to_parts(r: &rusqlite::Row<'_>) -> rusqlite::Result<Parts> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

impl SqliteStore {
    /// Hand checkpoints to a [`Checkpointer`] (file databases only: an in-memory one has
    /// no WAL to share with a second connection).
    fn start_checkpointer(&mut self) {
        if self.checkpointer.is_some() || self.conn.path().is_none_or(str::is_empty) {
            return;
        }
        if let Some(c) = Checkpointer::start(&self.path)
            && self
                .conn
                .pragma_update(None, "wal_autocheckpoint", 0)
                .is_ok()
        {
            self.checkpointer = Some(c);
        }
    }

    fn date(&self, s: &str) -> Result<Date, StoreError> {
        stored_date(&self.path, s)
    }

    fn article_from(&self, p: Parts) -> Result<(Article, i64), StoreError> {
        let (id, hash, source, url, published, title, body, sentences, facts, dup, key) = p;
        let decode = |s: &str| StoreError::Decode {
            db: self.path.display().to_string(),
            detail: s.to_string(),
        };
        let sentences =
            serde_json::from_str(&sentences).map_err(|e| decode(&format!("{id}: {e}")))?;
        let facts: Facts =
            serde_json::from_str(&facts).map_err(|e| decode(&format!("{id}: {e}")))?;
        Ok((
            Article {
                published: self.date(&published)?,
                id,
                source,
                url,
                title,
                content_hash: hash,
                clean: CleanText { body, sentences },
                facts,
                duplicate_of: dup,
            },
            key,
        ))
    }
}

#[cfg(test)]
mod tests;
