use super::*;
use crate::scenarios::{
    Fresh, TestLinker, TestStore, all_store_scenarios, art, ids, stories_with_members,
};
use crate::{NewArticle, Store};

impl TestStore for SqliteStore {
    fn put_meta(&mut self, key: &str, value: &str) {
        self.put_setting(key, value).unwrap();
    }
}

/// A fresh store in a temporary directory.
fn open_fresh() -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    (Box::new(dir), Box::new(s))
}

fn opener(_test: &str) -> Option<impl Fn() -> Fresh> {
    Some(open_fresh)
}

all_store_scenarios!(opener);

#[test]
fn migrations_are_versioned_and_reopen_works() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.db");
    drop(SqliteStore::open(&p).unwrap());
    let s = SqliteStore::open(&p).unwrap();
    assert_eq!(s.user_version().unwrap(), MIGRATIONS.len() as i64);
    let ro = SqliteStore::open_read_only(&p).unwrap();
    assert_eq!(ro.article_count().unwrap(), 0);
}

#[test]
fn not_a_database_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("junk.db");
    std::fs::write(
        &p,
        b"this is not sqlite at all, just some text that is long enough",
    )
    .unwrap();
    let e = SqliteStore::open(&p).err().unwrap();
    assert!(e.to_string().contains("not a factline database"), "{e}");
}

/// A database in `dir` holding `articles`, then changed by `sql` into what an older
/// version of factline left behind.
fn older_database(dir: &std::path::Path, articles: &[NewArticle], sql: &str) -> PathBuf {
    let p = dir.join("old.db");
    SqliteStore::open(&p)
        .unwrap()
        .ingest(articles, &TestLinker)
        .unwrap();
    Connection::open(&p).unwrap().execute_batch(sql).unwrap();
    p
}

#[test]
fn a_database_without_links_is_relinked_on_next_ingest() {
    let dir = tempfile::tempdir().unwrap();
    // What a database written before links were recorded looks like after migrating.
    let p = older_database(
        dir.path(),
        &[
            art("a", "2024-01-02", "quake", "A text."),
            art("b", "2024-01-03", "quake", "B text here."),
        ],
        "DELETE FROM links; INSERT INTO meta (key, value) VALUES ('relink', '1');",
    );
    let mut s = SqliteStore::open(&p).unwrap();
    // An article of another story: the old pair's link is back all the same.
    s.ingest(
        &[art("c", "2024-01-04", "flood", "C, other words.")],
        &TestLinker,
    )
    .unwrap();
    let count = |sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The pair's one link, kept under the newer article.
    assert_eq!(
        count("SELECT COUNT(*) FROM links WHERE a > b"),
        count("SELECT COUNT(*) FROM links")
    );
    assert_eq!(count("SELECT COUNT(*) FROM links"), 1);
    assert_eq!(count("SELECT COUNT(*) FROM meta"), 0);
    let mut got: Vec<(String, usize)> = ids(&s).into_iter().map(|(i, _, n)| (i, n)).collect();
    got.sort();
    assert_eq!(
        got,
        vec![("flood-story".into(), 1), ("quake-story".into(), 2)]
    );
}

#[test]
fn checkpoints_run_beside_the_writer_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wal.db");
    {
        let mut s = SqliteStore::open(&p).unwrap();
        assert!(s.checkpointer.is_none(), "started by the first ingest only");
        for i in 0..5 {
            let id = format!("a{i}");
            s.ingest(
                &[art(&id, "2024-01-02", "quake", &format!("Report {i}."))],
                &TestLinker,
            )
            .unwrap();
        }
        assert!(s.checkpointer.is_some());
        let auto: i64 = s
            .conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .unwrap();
        assert_eq!(auto, 0, "the writer no longer checkpoints inside COMMIT");
        // A reader on its own connection sees every committed batch meanwhile.
        let reader = SqliteStore::open_read_only(&p).unwrap();
        assert_eq!(reader.article_count().unwrap(), 5);
    }
    // Closing stops the checkpointer, then the writer; a fresh open finds everything.
    let s = SqliteStore::open(&p).unwrap();
    assert_eq!(s.article_count().unwrap(), 5);
    let wal = dir.path().join("wal.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the last close folds the WAL into the database"
    );
}

/// A database from before the period-keyed candidate index (schema 3, `terms` table) is
/// migrated: its articles are still found as candidates, before 1970 (negative day
/// numbers, where SQL and Rust must agree on the period) as after.
#[test]
fn older_candidate_index_is_migrated_and_still_finds_candidates() {
    let dir = tempfile::tempdir().unwrap();
    // Back to schema 3: the same rows in the old `terms` layout.
    let p = older_database(
        dir.path(),
        &[
            art("old-a", "1949-12-17", "flood", "river flood in the valley"),
            art("old-b", "2024-05-02", "fire", "warehouse fire downtown"),
        ],
        "CREATE TABLE terms (term TEXT NOT NULL, day INTEGER NOT NULL,
           article INTEGER NOT NULL, PRIMARY KEY (term, day, article)) WITHOUT ROWID;
         INSERT INTO terms SELECT term, day, article FROM postings;
         DROP TABLE postings;
         DROP TABLE pinned_links;
         DROP TABLE corrections;
         PRAGMA user_version = 3;",
    );
    let mut s = SqliteStore::open(&p).unwrap();
    assert_eq!(s.user_version().unwrap(), MIGRATIONS.len() as i64);
    let rows: i64 = s
        .conn
        .query_row("SELECT COUNT(*) FROM postings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 4, "two articles, two index terms each");
    // New reports a few days later join them. 1949-12-17 and its window lie inside one
    // period; a migration that rounded negative day numbers toward zero would have filed
    // it under the next one, where the lookup does not go.
    s.ingest(
        &[
            art("new-a", "1949-12-21", "flood", "the flood waters recede"),
            art("new-b", "2024-05-05", "fire", "fire cause under inquiry"),
        ],
        &TestLinker,
    )
    .unwrap();
    let mut members: Vec<Vec<String>> = stories_with_members(&s)
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    members.sort();
    assert_eq!(
        members,
        vec![
            vec!["old-a".to_string(), "new-a".to_string()],
            vec!["old-b".to_string(), "new-b".to_string()],
        ]
    );
}
