//! Versioned migrations: `schema_migrations` records each version applied; a schema newer
//! than this factline is refused.

use postgres::Client;

use super::pg_error;
use crate::StoreError;

/// Schema migrations, applied in order (never edit one that has shipped: append).
pub const MIGRATIONS: &[&str] = &[
    // 1: the tables of SQLite's schema 5. `seq` is the storage order (SQLite's rowid):
    // links and postings refer to it.
    r#"
    CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE articles (
        seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id           text NOT NULL UNIQUE,
        content_hash text NOT NULL,
        source       text NOT NULL,
        url          text,
        published    date NOT NULL,
        title        text,
        body         text NOT NULL,
        sentences    jsonb NOT NULL,
        facts        jsonb NOT NULL,
        signature    bytea NOT NULL,
        slug         text NOT NULL,
        day          integer NOT NULL,
        story_key    bigint NOT NULL,
        duplicate_of text
    );
    CREATE INDEX articles_hash ON articles (content_hash);
    CREATE INDEX articles_story ON articles (story_key, published, id);
    CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
    CREATE TABLE stories (
        key                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id                 text NOT NULL UNIQUE,
        slug               text NOT NULL,
        founding_published date NOT NULL,
        founding_id        text NOT NULL,
        article_count      integer NOT NULL,
        first_seen         date NOT NULL,
        last_seen          date NOT NULL,
        summary            text
    );
    CREATE INDEX stories_slug ON stories (slug);
    CREATE TABLE story_aliases (
        alias     text PRIMARY KEY,
        story_key bigint NOT NULL
    );
    CREATE INDEX story_aliases_key ON story_aliases (story_key);
    -- The candidate index, keyed by 32-day period first (see `common::BUCKET_DAYS`).
    CREATE TABLE postings (
        bucket  integer NOT NULL,
        term    text NOT NULL,
        day     integer NOT NULL,
        article bigint NOT NULL,
        PRIMARY KEY (bucket, term, day, article)
    );
    -- Each link once, under its newer article (`a`).
    CREATE TABLE links (
        a          bigint NOT NULL,
        b          bigint NOT NULL,
        similarity real NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE TABLE corrections (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        story      text NOT NULL,
        action     jsonb NOT NULL,
        made_who   text NOT NULL,
        made_why   text NOT NULL,
        made_at    text NOT NULL,
        undone_who text,
        undone_why text,
        undone_at  text
    );
    CREATE TABLE pinned_links (
        a          text NOT NULL,
        b          text NOT NULL,
        similarity real NOT NULL,
        correction bigint NOT NULL REFERENCES corrections (id),
        PRIMARY KEY (a, b, correction)
    );
    CREATE INDEX pinned_links_b ON pinned_links (b);
    "#,
];

fn too_new(url: &str, found: i32) -> Result<(), StoreError> {
    if found as usize > MIGRATIONS.len() {
        return Err(StoreError::TooNew {
            db: url.to_string(),
            found: found.into(),
            supported: MIGRATIONS.len() as i64,
        });
    }
    Ok(())
}

/// Create the schema if needed and apply the missing migrations, holding a lock on the
/// schema so that processes opening a new database at once never both migrate it.
pub(super) fn migrate(client: &mut Client, url: &str, schema: &str) -> Result<(), StoreError> {
    let err = |e: postgres::Error| pg_error(url, &e);
    let mut tx = client.transaction().map_err(err)?;
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('factline.migrate'), hashtext($1))",
        &[&schema],
    )
    .map_err(err)?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {};
         CREATE TABLE IF NOT EXISTS schema_migrations (
             version    integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         );",
        super::quote_ident(schema)
    ))
    .map_err(err)?;
    let version: i32 = tx
        .query_one(
            "SELECT COALESCE(max(version), 0) FROM schema_migrations",
            &[],
        )
        .map_err(err)?
        .get(0);
    too_new(url, version)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.batch_execute(sql).map_err(err)?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[&((i + 1) as i32)],
        )
        .map_err(err)?;
    }
    tx.commit().map_err(err)
}

/// For a read-only store: the schema must exist and be no newer than this factline.
pub(super) fn check(client: &mut Client, url: &str) -> Result<(), StoreError> {
    let err = |e: postgres::Error| pg_error(url, &e);
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .map_err(err)?
        .get(0);
    if !exists {
        return Err(StoreError::Postgres {
            url: url.to_string(),
            detail: "no factline tables here (run `factline ingest` first)".into(),
        });
    }
    let version: i32 = client
        .query_one(
            "SELECT COALESCE(max(version), 0) FROM schema_migrations",
            &[],
        )
        .map_err(err)?
        .get(0);
    too_new(url, version)
}
