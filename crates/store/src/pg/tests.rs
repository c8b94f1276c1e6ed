//! The store scenarios against a real PostgreSQL server, each in a schema of its own, and
//! what only PostgreSQL has: migrations in `schema_migrations`, read-only sessions,
//! concurrent writers.

use std::any::Any;

use super::schema::MIGRATIONS;
use super::*;
use crate::scenarios::{
    Fresh, TestLinker, TestStore, all_store_scenarios, art, stories_with_members,
};
use crate::test_services::{TestSchema, postgres_url};

impl TestStore for PgStore {
    fn put_meta(&mut self, key: &str, value: &str) {
        self.put_setting(key, value).unwrap();
    }
}

/// Fresh stores, each in a new schema on the test server; `None` when it is unreachable.
fn opener(test: &str) -> Option<impl Fn() -> Fresh> {
    let url = postgres_url(test)?;
    Some(move || {
        let schema = TestSchema::new(&url);
        let store = PgStore::open(&schema.store_url()).unwrap();
        (
            Box::new(schema) as Box<dyn Any>,
            Box::new(store) as Box<dyn TestStore>,
        )
    })
}

all_store_scenarios!(opener);

#[test]
fn migrations_are_recorded_and_a_newer_schema_is_refused() {
    let Some(url) = postgres_url("migrations_are_recorded_and_a_newer_schema_is_refused") else {
        return;
    };
    let schema = TestSchema::new(&url);
    let s = PgStore::open(&schema.store_url()).unwrap();
    assert_eq!(s.schema(), schema.name);
    let version: i32 = s
        .rows("SELECT max(version) FROM schema_migrations", &[])
        .unwrap()[0]
        .get(0);
    assert_eq!(version as usize, MIGRATIONS.len());
    drop(s);
    // Opening again applies nothing new.
    let mut s = PgStore::open(&schema.store_url()).unwrap();
    assert_eq!(s.article_count().unwrap(), 0);
    s.put_setting("watch.state", "{}").unwrap();
    assert_eq!(s.setting("watch.state").unwrap().as_deref(), Some("{}"));
    s.rows(
        "INSERT INTO schema_migrations (version) VALUES (999) RETURNING 1",
        &[],
    )
    .unwrap();
    for opened in [
        PgStore::open(&schema.store_url()).err(),
        PgStore::open_read_only(&schema.store_url()).err(),
    ] {
        let e = opened.expect("a newer schema is refused");
        assert!(matches!(e, StoreError::TooNew { found: 999, .. }), "{e}");
        assert!(e.to_string().contains("newer than this factline"), "{e}");
    }
}

#[test]
fn a_read_only_store_reads_and_refuses_writes() {
    let Some(url) = postgres_url("a_read_only_store_reads_and_refuses_writes") else {
        return;
    };
    let schema = TestSchema::new(&url);
    let missing = PgStore::open_read_only(&schema.store_url()).err().unwrap();
    assert!(
        missing.to_string().contains("run `factline ingest` first"),
        "{missing}"
    );
    let mut s = PgStore::open(&schema.store_url()).unwrap();
    s.ingest(&[art("a", "2024-01-02", "quake", "A text.")], &TestLinker)
        .unwrap();
    let mut ro = PgStore::open_read_only(&schema.store_url()).unwrap();
    assert_eq!(ro.article_count().unwrap(), 1);
    assert_eq!(ro.stories().unwrap()[0].id, "quake-story");
    let e = ro
        .ingest(&[art("b", "2024-01-02", "quake", "B text.")], &TestLinker)
        .unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
}

#[test]
fn a_dropped_connection_is_made_again() {
    let Some(url) = postgres_url("a_dropped_connection_is_made_again") else {
        return;
    };
    let schema = TestSchema::new(&url);
    let mut s = PgStore::open(&schema.store_url()).unwrap();
    s.ingest(&[art("a", "2024-01-02", "quake", "A text.")], &TestLinker)
        .unwrap();
    // The server ends the store's session, as a restart or an administrator would.
    let pid: i32 = s.rows("SELECT pg_backend_pid()", &[]).unwrap()[0].get(0);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let ended: bool = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap()
        .get(0);
    assert!(ended, "the store's session was not terminated");
    // The next read finds the session gone, connects again and answers; writes follow.
    assert_eq!(s.article_count().unwrap(), 1);
    s.ingest(&[art("b", "2024-01-03", "quake", "B text.")], &TestLinker)
        .unwrap();
    assert_eq!(s.article_count().unwrap(), 2);
}

#[test]
fn errors_name_the_database_without_its_password() {
    assert_eq!(
        redact_url("postgres://ana:s3cret@db.example:5432/news?sslmode=disable"),
        "postgres://ana:***@db.example:5432/news?sslmode=disable"
    );
    assert_eq!(
        redact_url("postgresql://ana@db/news?password=s3cret&schema=x"),
        "postgresql://ana@db/news?password=***&schema=x"
    );
    assert_eq!(redact_url("postgres://db/news"), "postgres://db/news");
    // Nothing listens on port 9 of loopback.
    let e = PgStore::open("postgres://ana:s3cret@127.0.0.1:9/news")
        .err()
        .unwrap();
    let shown = e.to_string();
    assert!(matches!(e, StoreError::Unreachable { .. }), "{shown}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(
        shown.starts_with("postgres://ana:***@127.0.0.1:9/news"),
        "{shown}"
    );
}

/// Threads with a connection each store interleaved shares of the same articles at once;
/// the stories are those of one store taking them one by one.
#[test]
fn concurrent_writers_give_the_stories_of_one() {
    let Some(url) = postgres_url("concurrent_writers_give_the_stories_of_one") else {
        return;
    };
    // Six events of four reports each, every report a candidate of every other (the
    // shared term), linked only within its event; copies of each other's bodies none.
    let articles: Vec<NewArticle> = (0..24)
        .map(|i| {
            let event = i % 6;
            art(
                &format!("r{i:02}"),
                &format!("2024-01-{:02}", 2 + i / 6),
                &format!("event{event}"),
                &format!("Report {i} of event {event}, {}", "x".repeat(i)),
            )
        })
        .collect();
    let reference = TestSchema::new(&url);
    let mut one = PgStore::open(&reference.store_url()).unwrap();
    for a in &articles {
        one.ingest(std::slice::from_ref(a), &TestLinker).unwrap();
    }
    let expected = stories_with_members(&one);
    assert_eq!(expected.len(), 6);
    let mut stats = WriteStats::default();
    for round in 0..3 {
        let schema = TestSchema::new(&url);
        // Create the schema before the writers race to.
        drop(PgStore::open(&schema.store_url()).unwrap());
        let results: Vec<WriteStats> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|t| {
                    let (articles, url) = (&articles, schema.store_url());
                    s.spawn(move || {
                        let mut store = PgStore::open(&url).unwrap();
                        let mine: Vec<&NewArticle> =
                            articles.iter().skip((t + round) % 4).step_by(4).collect();
                        for pair in mine.chunks(2) {
                            let batch: Vec<NewArticle> =
                                pair.iter().map(|a| (*a).clone()).collect();
                            store.ingest(&batch, &TestLinker).unwrap();
                        }
                        store.write_stats()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            stats.committed += r.committed;
            stats.retried += r.retried;
            stats.exclusive += r.exclusive;
        }
        let check = PgStore::open(&schema.store_url()).unwrap();
        assert_eq!(stories_with_members(&check), expected, "round {round}");
        assert_eq!(check.article_count().unwrap(), articles.len());
    }
    eprintln!("concurrent writers: {stats:?}");
    assert_eq!(stats.committed, 3 * 12);
}
