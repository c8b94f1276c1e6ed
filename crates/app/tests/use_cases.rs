//! The use cases over the SQLite store and the sample corpus.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use factline_app::{
    AppError, IndexNotice, Ingest, ItemOutcome, Page, Queries, ingest_batch, ingest_stream,
    prepare_batch,
};
use factline_ingest::{InputError, expand_inputs, read_input};
use factline_model::{RawArticle, SearchQuery};
use factline_search::{SearchIndex, index_dir_for};
use factline_store::{SqliteStore, Store};

fn sample() -> Vec<Result<RawArticle, InputError>> {
    let dir = format!(
        "{}/../../corpus/sample/articles",
        env!("CARGO_MANIFEST_DIR")
    );
    expand_inputs(&[dir])
        .into_iter()
        .flat_map(|i| read_input(&i.unwrap()).collect::<Vec<_>>())
        .collect()
}

/// The sample ingested into a fresh database in `dir`, with the notices the run gave.
fn ingested(dir: &Path) -> (PathBuf, Vec<IndexNotice>) {
    let db = dir.join("t.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let notices = Mutex::new(Vec::new());
    let notify = |n: IndexNotice| notices.lock().unwrap().push(n);
    let mut run = Ingest::begin(&mut store, &index_dir_for(&db), &notify);
    let mut bad = sample();
    bad.push(Err(InputError::new("x", "unreadable")));
    let rejected = Mutex::new(Vec::new());
    let mut stored = 0;
    ingest_stream(
        &mut run,
        move || bad.into_iter(),
        &|e| rejected.lock().unwrap().push(e.clone()),
        |n| stored += n,
    )
    .unwrap();
    let totals = run.finish();
    assert_eq!((totals.new, totals.rejected, stored), (50, 1, 50));
    assert_eq!(rejected.into_inner().unwrap().len(), 1);
    (db, notices.into_inner().unwrap())
}

#[test]
fn an_ingest_run_indexes_and_caches_every_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, notices) = ingested(tmp.path());
    assert_eq!(notices, vec![]);
    let store = SqliteStore::open_read_only(&db).unwrap();
    let index = SearchIndex::open(&index_dir_for(&db)).unwrap();
    assert_eq!(index.doc_count(), 50);
    let records = store.stories().unwrap();
    assert!(records.iter().all(|r| r.summary.is_some()));
    assert_eq!(
        factline_app::read::missing_summaries(&store, None).unwrap(),
        vec![]
    );
}

#[test]
fn the_story_list_is_the_same_cached_or_not_and_by_page() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _) = ingested(tmp.path());
    let store = SqliteStore::open_read_only(&db).unwrap();
    let q = Queries::default();
    let all = q.stories(&store, None, Page::ALL).unwrap();
    assert_eq!(all.total, store.stories().unwrap().len());
    assert_eq!(all.stories.len(), all.total);
    // Biggest first, then most recent, then by id.
    for w in all.stories.windows(2) {
        let key = |s: &factline_model::StorySummary| {
            (
                std::cmp::Reverse(s.articles.len()),
                std::cmp::Reverse(s.last_seen),
                s.id.clone(),
            )
        };
        assert!(key(&w[0]) < key(&w[1]));
    }
    // The cached order gives the same pages.
    let page = q
        .stories(
            &store,
            None,
            Page {
                limit: 2,
                offset: 1,
            },
        )
        .unwrap();
    assert_eq!(page.stories, all.stories[1..3].to_vec());

    let as_of = all.stories[0].first_seen;
    let early = Queries::default()
        .stories(&store, Some(as_of), Page::ALL)
        .unwrap();
    assert!(early.total <= all.total);
    assert!(early.stories.iter().all(|s| s.first_seen <= as_of));
    let first3 = Page {
        limit: 3,
        offset: 0,
    };
    let again = q.stories(&store, Some(as_of), first3).unwrap();
    let again_cached = q.stories(&store, Some(as_of), first3).unwrap();
    assert_eq!(again.stories, early.stories[..3.min(early.total)].to_vec());
    assert_eq!(again_cached, again);
}

#[test]
fn one_story_article_and_search() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _) = ingested(tmp.path());
    let store = SqliteStore::open_read_only(&db).unwrap();
    let q = Queries::default();
    let list = q.stories(&store, None, Page::ALL).unwrap().stories;
    let biggest = &list[0];
    let state = q.story(&store, &biggest.id, None).unwrap();
    assert_eq!(factline_reconcile::summary(&state), *biggest);
    assert!(matches!(
        q.story(&store, "no-such-story", None),
        Err(AppError::NoSuchStory(_))
    ));
    let before = "1990-01-01".parse().unwrap();
    let e = q.story(&store, &biggest.id, Some(before)).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: no article of this story was published on or before 1990-01-01",
            biggest.id
        )
    );
    let (_, story) = factline_app::article(&store, &biggest.articles[0]).unwrap();
    assert_eq!(story.as_deref(), Some(biggest.id.as_str()));
    assert!(matches!(
        factline_app::article(&store, "nope"),
        Err(AppError::NoSuchArticle(_))
    ));

    let index = SearchIndex::open(&index_dir_for(&db)).unwrap();
    let query = SearchQuery {
        q: "killed".into(),
        limit: 50,
        ..SearchQuery::default()
    };
    let (hits, total) = factline_app::search(&store, &index, &query).unwrap();
    assert!(total > 0 && hits.iter().all(|h| h.story.is_some()));
    let story = hits[0].story.clone().unwrap();
    let only = SearchQuery {
        story: Some(story.clone()),
        ..query.clone()
    };
    let (in_story, _) = factline_app::search(&store, &index, &only).unwrap();
    assert!(in_story.iter().all(|h| h.story.as_deref() == Some(&story)));
    let none = SearchQuery {
        story: Some("no-such-story".into()),
        ..query
    };
    assert!(matches!(
        factline_app::search(&store, &index, &none),
        Err(AppError::NoSuchStory(_))
    ));

    // A rebuilt index holds the same documents.
    let dir = tmp.path().join("rebuilt");
    let mut steps = 0;
    let n = factline_app::index::rebuild(&store, &dir, |k| steps += k).unwrap();
    assert_eq!((n, steps), (50, 50));
}

#[test]
fn a_batch_reports_each_article() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let raw = |id: &str| RawArticle {
        id: id.into(),
        source: "api".into(),
        url: None,
        published: "2025-07-01".parse().unwrap(),
        title: None,
        body: "A landslide buried houses in the village of Qwertyville on Monday, \
               killing at least 14 people, officials said."
            .into(),
    };
    let mut prepared = prepare_batch(&[raw("a"), raw("b")]);
    prepared.push(Err(InputError::new("api[2]", "bad date")));
    let notify = |_: IndexNotice| panic!("no notice expected");
    let out = ingest_batch(&mut store, &index_dir_for(&db), prepared, &notify).unwrap();
    assert_eq!(out.items[0], ItemOutcome::New("a".into()));
    // Same content again: already stored.
    assert_eq!(out.items[1], ItemOutcome::Unchanged("b".into()));
    assert!(matches!(&out.items[2], ItemOutcome::Rejected(e) if e.reason == "bad date"));
    assert_eq!(out.stories_touched.len(), 1);
    let rec = store.story(&out.stories_touched[0]).unwrap().unwrap();
    assert!(
        rec.summary.is_some(),
        "the batch cached its story's summary"
    );

    // Nothing prepared: the store is not touched.
    let out = ingest_batch(
        &mut store,
        &index_dir_for(&db),
        vec![Err(InputError::new("x", "y"))],
        &notify,
    )
    .unwrap();
    assert_eq!(out.stories_touched, Vec::<String>::new());
    assert_eq!(store.article_count().unwrap(), 1);
}
