//! Several writers ingesting into one PostgreSQL database at once give the stories (ids
//! and members) that one SQLite store gives taking the same articles in order. Real
//! server: skipped when unreachable unless `FACTLINE_REQUIRE_SERVICES=1`.

use factline_app::{ClusterLinker, prepare_batch};
use factline_ingest::{expand_inputs, read_input};
use factline_model::RawArticle;
use factline_store::test_services::{TestSchema, postgres_url};
use factline_store::{NewArticle, PgStore, SqliteStore, Store, WriteStats};

fn sample() -> Vec<RawArticle> {
    let dir = format!(
        "{}/../../corpus/sample/articles",
        env!("CARGO_MANIFEST_DIR")
    );
    expand_inputs(&[dir])
        .into_iter()
        .flat_map(|i| read_input(&i.unwrap()).collect::<Vec<_>>())
        .map(Result::unwrap)
        .collect()
}

/// The sample and `copies` later editions of it: each edition a few days on, with a line
/// of its own, so that editions link to each other and to the originals, and stories
/// merge and grow across the writers' batches.
fn corpus(copies: i64) -> Vec<NewArticle> {
    let base = sample();
    let mut raws = base.clone();
    for k in 1..=copies {
        for r in &base {
            let mut r = r.clone();
            r.id = format!("{}-ed{k}", r.id);
            r.published = r
                .published
                .checked_add(jiff::Span::new().days(2 * k))
                .unwrap();
            r.body = format!("{}\n\nEdition {k} of this report.", r.body);
            raws.push(r);
        }
    }
    prepare_batch(&raws)
        .into_iter()
        .map(|a| a.unwrap())
        .collect()
}

/// Every story's id and member article ids, sorted.
fn stories(store: &dyn Store) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = store
        .stories()
        .unwrap()
        .into_iter()
        .map(|r| {
            let mut ids: Vec<String> = store
                .story_articles(r.key)
                .unwrap()
                .into_iter()
                .map(|a| a.id)
                .collect();
            ids.sort();
            (r.id, ids)
        })
        .collect();
    out.sort();
    out
}

/// `writers` threads, each with its own connection, storing interleaved shares of
/// `articles` in batches of `batch` at once; the stories they leave and how their
/// transactions went.
fn concurrent(
    url: &str,
    articles: &[NewArticle],
    writers: usize,
    batch: usize,
) -> (Vec<(String, Vec<String>)>, WriteStats) {
    let schema = TestSchema::new(url);
    drop(PgStore::open(&schema.store_url()).unwrap());
    let stats: Vec<WriteStats> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                let url = schema.store_url();
                s.spawn(move || {
                    let mut store = PgStore::open(&url).unwrap();
                    let mine: Vec<NewArticle> =
                        articles.iter().skip(w).step_by(writers).cloned().collect();
                    for part in mine.chunks(batch) {
                        store.ingest(part, &ClusterLinker).unwrap();
                    }
                    store.write_stats()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let total = stats.iter().fold(WriteStats::default(), |t, s| WriteStats {
        committed: t.committed + s.committed,
        retried: t.retried + s.retried,
        exclusive: t.exclusive + s.exclusive,
    });
    let store = PgStore::open_read_only(&schema.store_url()).unwrap();
    assert_eq!(store.article_count().unwrap(), articles.len());
    (stories(&store), total)
}

fn sequential_sqlite(articles: &[NewArticle], batch: usize) -> Vec<(String, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    for part in articles.chunks(batch) {
        store.ingest(part, &ClusterLinker).unwrap();
    }
    stories(&store)
}

#[test]
fn four_writers_on_postgres_give_the_stories_of_one_sqlite_store() {
    let Some(url) = postgres_url("four_writers_on_postgres_give_the_stories_of_one_sqlite_store")
    else {
        return;
    };
    let articles = corpus(3);
    assert_eq!(articles.len(), 200);
    let expected = sequential_sqlite(&articles, 16);
    assert!(expected.len() > 5 && expected.len() < articles.len());
    let mut total = WriteStats::default();
    // Repeated, with batches of several sizes, so that a race would show.
    for (round, batch) in [1usize, 4, 8].into_iter().enumerate() {
        let (got, stats) = concurrent(&url, &articles, 4, batch);
        assert_eq!(got, expected, "round {round}: batches of {batch}");
        eprintln!("4 writers, batches of {batch}: {stats:?}");
        total.committed += stats.committed;
        total.retried += stats.retried;
        total.exclusive += stats.exclusive;
    }
    eprintln!(
        "4 writers in all: {total:?}, {:.1} % of tries aborted and retried",
        100.0 * total.retried as f64 / (total.committed + total.retried) as f64
    );
}
